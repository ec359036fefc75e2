"""Roles and permissions: every back office view, for every role (signing in: test_logins.py)."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from readingroom.curation import roles

from .conftest import PASSWORD

VIEWS = {
    "dashboard": "/editor/",
    "document list": "/editor/documents/",
    "new document": "/editor/documents/new/",
    "edit a draft": "/editor/documents/{draft}/",
    "preview a draft": "/editor/documents/{draft}/preview",
    "autocomplete": "/editor/autocomplete/person?q=Mao",
}
CAN_READ = {None: False, "reader": False, "editor": True, "reviewer": True, "administrator": True}


@pytest.fixture
def draft(records):
    return records.draft("Memorandum on the Draft")


@pytest.mark.parametrize("role", list(CAN_READ), ids=lambda role: role or "anonymous")
@pytest.mark.parametrize("url", list(VIEWS.values()), ids=list(VIEWS))
def test_every_view_enforces_the_editor_role(client_as, draft, url, role):
    # when someone opens a back office page
    url = url.format(draft=draft.record_id)
    response = client_as(role).get(url)

    # then an anonymous visitor is sent to sign in, a user without a role refused
    if role is None:
        assert response.status_code == 302
        assert response["Location"].startswith("/editor/login/?next=/editor/")
    elif CAN_READ[role]:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


PUBLISHED_EDIT = {None: 302, "reader": 403, "editor": 403, "reviewer": 200, "administrator": 200}


@pytest.mark.parametrize("role", list(PUBLISHED_EDIT), ids=lambda role: role or "anonymous")
def test_only_reviewers_edit_a_published_document(client_as, records, role):
    # a published document changes in public at once: editors ask a reviewer
    document = records.document("Published Telegram")
    response = client_as(role).get(f"/editor/documents/{document.record_id}/")
    assert response.status_code == PUBLISHED_EDIT[role]


TRANSITIONS = [
    ("submit", "draft", {"editor": 302, "reviewer": 302, "administrator": 302}),
    ("publish", "review", {"editor": 403, "reviewer": 302, "administrator": 302}),
    ("unpublish", "published", {"editor": 403, "reviewer": 302, "administrator": 302}),
]


@pytest.mark.parametrize("role", [None, "reader", "editor", "reviewer", "administrator"])
@pytest.mark.parametrize(("action", "status", "allowed"), TRANSITIONS, ids=lambda v: str(v))
def test_workflow_steps_enforce_their_role(client_as, records, role, action, status, allowed):
    document = records.document("Moving Memorandum", status=status)
    response = client_as(role).post(f"/editor/documents/{document.record_id}/workflow/{action}")
    expected = {None: 302, "reader": 403, **allowed}[role]
    assert response.status_code == expected
    document.refresh_from_db()
    moved = expected == 302 and role is not None
    assert (document.status != status) is moved


def test_workflow_steps_refuse_get(client_as, draft):
    response = client_as("editor").get(f"/editor/documents/{draft.record_id}/workflow/submit")
    assert response.status_code == 405


def test_role_checks(users):
    assert [roles.can_edit(users[n]) for n in ("reader", "editor", "reviewer")] == [
        False,
        True,
        True,
    ]
    assert [roles.can_publish(users[n]) for n in ("editor", "reviewer", "administrator")] == [
        False,
        True,
        True,
    ]
    assert [roles.can_administer(users[n]) for n in ("reviewer", "administrator")] == [False, True]


def test_setup_roles_is_idempotent(db, django_user_model):
    # when the command runs twice
    call_command("setup_roles", verbosity=0)
    counts = {g.name: g.permissions.count() for g in Group.objects.all()}
    call_command("setup_roles", verbosity=0)

    # then the groups are the same three, with the same permissions
    assert {g.name: g.permissions.count() for g in Group.objects.all()} == counts
    assert sorted(counts) == ["Administrator", "Editor", "Reviewer"]
    assert counts["Editor"] < counts["Reviewer"] < counts["Administrator"]


def test_setup_roles_gives_a_user_a_role(db, django_user_model):
    django_user_model.objects.create_user("ana", password=PASSWORD)
    call_command("setup_roles", "--user", "ana", "Reviewer", verbosity=0)
    ana = django_user_model.objects.get(username="ana")
    assert roles.can_publish(ana) and ana.is_staff
