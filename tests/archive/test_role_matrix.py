"""Role × action × path: every way in obeys the same role table, and leaves the same trace.

Each cell takes one action (edit a draft, publish, delete …) as one role through one path
(the back office, the JSON API, an import, restoring a revision, Django's admin) and
asserts that it is allowed or refused exactly as the role table in docs/editing.md says.
An allowed cell must leave the change, its revision, its workflow event (for a status
change) and its outbox row; a refused one must change nothing and say so (403, or the
importer's refusal naming the field). Django's admin refuses every change to archive
records, whoever asks: it is for Administrators, and read-only there.

If any path is given its own rule again, one of these cells fails.
"""

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from readingroom.archive.actions import Actor, record_revision
from readingroom.archive.models import Document, DocumentChange, Revision, WorkflowEvent
from readingroom.curation.roles import ensure_roles
from readingroom.importers.base import ImportFailed, import_files
from readingroom.interop.models import ApiToken

pytestmark = pytest.mark.django_db

ROLES = ["Editor", "Reviewer", "Administrator"]
RANK = {role: rank for rank, role in enumerate(ROLES)}
# The role table, as docs/editing.md states it: the least role for each action.
EXPECTED = {
    "edit a draft": "Editor",
    "edit a published document": "Reviewer",
    "send to review": "Editor",
    "publish": "Reviewer",
    "unpublish": "Reviewer",
    "delete": "Administrator",
}
PATHS = ["back office", "api", "import", "restore", "admin"]
# What each path can do at all (a restore only edits; an import does not delete).
CELLS = [
    (action, path, role)
    for action in EXPECTED
    for path in PATHS
    for role in ROLES
    if not (path == "restore" and not action.startswith("edit"))
    and not (path == "import" and action == "delete")
]


def allowed(action: str, path: str, role: str) -> bool:
    if path == "admin":
        return False  # the admin changes no archive record, whoever asks
    return RANK[role] >= RANK[EXPECTED[action]]


@pytest.fixture
def people(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    groups = ensure_roles()
    made = {}
    for role in ROLES:
        user = get_user_model().objects.create_user(role.lower(), password="pw", is_staff=True)
        user.groups.add(groups[role])
        made[role] = user
    return made


def starting_status(action: str) -> str:
    return {
        "edit a draft": "draft",
        "send to review": "draft",
        "edit a published document": "published",
        "publish": "review",
        "unpublish": "published",
        "delete": "draft",
    }[action]


def wanted(action: str) -> dict:
    """What the action changes: a new title, or a status."""
    return {
        "edit a draft": {"title": "Corrected title"},
        "edit a published document": {"title": "Corrected title"},
        "send to review": {"status": "review"},
        "publish": {"status": "published"},
        "unpublish": {"status": "draft"},
    }.get(action, {})


# --- The paths ---------------------------------------------------------------------------


def by_back_office(user, document, action, tmp_path) -> int:
    client = Client()
    client.force_login(user)
    if action == "delete":
        return client.post(f"/editor/documents/{document.record_id}/delete").status_code
    change = wanted(action)
    if "status" in change:
        step = {"review": "submit", "published": "publish", "draft": "unpublish"}[change["status"]]
        url = f"/editor/documents/{document.record_id}/workflow/{step}"
        return client.post(url, {"note": "checked"}).status_code
    from tests.curation.conftest import form_data

    data = form_data(document, **change)
    return client.post(f"/editor/documents/{document.record_id}/", data).status_code


def by_api(user, document, action, tmp_path) -> int:
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)}"}
    url = f"/api/documents/{document.record_id}"
    if action == "delete":
        return client.delete(url, **headers).status_code
    body = json.dumps(wanted(action))
    return client.patch(url, body, content_type="application/json", **headers).status_code


def by_import(user, document, action, tmp_path) -> int:
    path = tmp_path / "change.jsonl"
    record = {"record_id": document.record_id, "title": document.title, **wanted(action)}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    try:
        import_files([path], actor=Actor.of(user))
    except ImportFailed as failure:
        assert all(error.refused for error in failure.errors), failure
        return 403
    return 200


def by_restore(user, document, action, tmp_path) -> int:
    # an earlier revision with the new title, then the title as it is now
    old_title = document.title
    Document.objects.filter(pk=document.pk).update(title=wanted(action)["title"])
    earlier = record_revision(Document.objects.get(pk=document.pk), Actor.system("setup"))
    Document.objects.filter(pk=document.pk).update(title=old_title)
    record_revision(Document.objects.get(pk=document.pk), Actor.system("setup"))
    client = Client()
    client.force_login(user)
    response = client.post(f"/editor/history/revisions/{earlier.pk}/restore")
    return 403 if _refused_message(client, response) else response.status_code


def _refused_message(client, response) -> bool:
    if response.status_code != 302:
        return False
    page = client.get(response["Location"]).content.decode()
    return "Only a Reviewer or above may" in page


def by_admin(user, document, action, tmp_path) -> int:
    client = Client()
    client.force_login(user)
    url = f"/admin/archive/document/{document.record_id}/"
    if action == "delete":
        return client.post(url + "delete/", {"post": "yes"}).status_code
    data = {"title": document.title, "status": document.status, **wanted(action)}
    return client.post(url + "change/", data).status_code


TAKE = {
    "back office": by_back_office,
    "api": by_api,
    "import": by_import,
    "restore": by_restore,
    "admin": by_admin,
}


# --- The matrix --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "path", "role"), CELLS, ids=[f"{a}-{p}-{r}" for a, p, r in CELLS]
)
def test_the_role_table_holds_on_every_path(people, records, tmp_path, action, path, role):
    # given a document in the status the action starts from, with its history so far
    document = records.document("Telegram on the Harvest", status=starting_status(action))
    record_revision(document, Actor.system("setup"))
    before_changes = DocumentChange.objects.count()
    before_revisions = Revision.objects.count()

    # when this role takes this action through this path
    status = TAKE[path](people[role], document, action, tmp_path)

    # then it is allowed or refused as the role table says
    stored = Document.objects.filter(pk=document.pk).first()
    if not allowed(action, path, role):
        assert status in (302, 403, 422), status  # the admin sends others to its login
        assert stored is not None
        assert (stored.title, stored.status) == (document.title, document.status)
        assert DocumentChange.objects.count() == before_changes
        assert Revision.objects.count() == before_revisions + (path == "restore") * 2
        return
    assert status in (200, 204, 302), status
    if action == "delete":
        assert stored is None
        assert DocumentChange.objects.filter(record_id=document.record_id, deleted=True).exists()
        return
    for field, value in wanted(action).items():
        assert getattr(stored, field) == value
    # and leaves the same trace whatever the path: a revision by this user, an outbox row,
    # and a workflow event by this user for a status change
    latest = Revision.objects.filter(object_id=document.record_id).order_by("-pk").first()
    assert latest.user == people[role]
    assert DocumentChange.objects.count() > before_changes
    if "status" in wanted(action):
        event = WorkflowEvent.objects.get(record_id=document.record_id)
        assert (event.from_status, event.to_status, event.user) == (
            starting_status(action),
            wanted(action)["status"],
            people[role],
        )
