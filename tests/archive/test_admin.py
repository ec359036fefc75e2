"""Django's admin is for Administrators, and never a way around the back office."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from readingroom.archive.models import Document, DocumentChange, Page
from readingroom.curation.roles import ADMINISTRATOR, EDITOR, REVIEWER, ensure_roles

pytestmark = pytest.mark.django_db


def staff_client(role: str | None) -> Client:
    """A signed-in client of a staff user with this role (None: a superuser)."""
    User = get_user_model()
    name = (role or "superuser").lower()
    if role is None:
        user = User.objects.create_superuser(name, f"{name}@example.org", "pw")
    else:
        user = User.objects.create_user(name, f"{name}@example.org", "pw", is_staff=True)
        user.groups.add(ensure_roles()[role])
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", [EDITOR, REVIEWER])
def test_editors_and_reviewers_are_turned_away_from_the_admin(role):
    # given a draft, and a staff account of this role (what the old docs told operators)
    draft = Document.objects.create(title="Draft Telegram", status="draft")
    client = staff_client(role)

    # when they open the admin, or post its change form to publish the draft
    index = client.get("/admin/")
    change = client.post(
        f"/admin/archive/document/{draft.record_id}/change/",
        {"title": "Draft Telegram", "status": "published"},
    )

    # then the admin sends them to its login page, and nothing changes
    assert index.status_code == 302 and "/admin/login/" in index["Location"]
    assert change.status_code == 302 and "/admin/login/" in change["Location"]
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert not DocumentChange.objects.exists()


@pytest.mark.parametrize("role", [ADMINISTRATOR, None], ids=["administrator", "superuser"])
def test_administrators_see_archive_records_read_only(role):
    document = Document.objects.create(title="Letter", date="1952-07-27", status="draft")
    client = staff_client(role)

    assert client.get("/admin/archive/document/").status_code == 200
    page = client.get(f"/admin/archive/document/{document.record_id}/change/")
    assert page.status_code == 200
    assert "July 27, 1952" in page.content.decode()
    assert 'name="title"' not in page.content.decode()  # shown, not a form field
    for model in ["person", "place", "topic", "collection", "rendition"]:
        assert client.get(f"/admin/archive/{model}/").status_code == 200
    # and cannot add, change, publish or delete there: that is the back office's
    assert client.get("/admin/archive/document/add/").status_code == 403
    changed = client.post(
        f"/admin/archive/document/{document.record_id}/change/",
        {"title": "Retitled", "status": "published"},
    )
    assert changed.status_code == 403
    deleted = client.post(f"/admin/archive/document/{document.record_id}/delete/", {"post": "yes"})
    assert deleted.status_code == 403
    document.refresh_from_db()
    assert (document.title, document.status) == ("Letter", "draft")


def test_administrators_edit_the_archive_pages_in_the_admin():
    client = staff_client(ADMINISTRATOR)

    response = client.post(
        "/admin/archive/page/add/",
        {"slug": "history", "title": "History", "body": "Since 1991.", "published": "on"},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Page.objects.get(slug="history").body == "Since 1991."
