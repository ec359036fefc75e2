"""Back office people: a user for each role, and a signed-in test client for each.

``users["editor"]`` etc., and ``client_as("reviewer")``. Roles come from ``ensure_roles``,
as in production.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from readingroom.curation.roles import ADMINISTRATOR, EDITOR, REVIEWER, ensure_roles

PASSWORD = "a long and hard one, 1957"
ROLE_OF = {"editor": EDITOR, "reviewer": REVIEWER, "administrator": ADMINISTRATOR}


@pytest.fixture
def users(db, settings):
    """One user per role, and "reader": signed in but with no role."""
    # A fast hasher: these tests sign in often, and the real one is slow by design.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    groups = ensure_roles()
    User = get_user_model()
    made = {}
    for name in ("editor", "reviewer", "administrator", "reader"):
        user = User.objects.create_user(name, f"{name}@example.org", PASSWORD)
        if name in ROLE_OF:
            user.groups.add(groups[ROLE_OF[name]])
        made[name] = user
    return made


@pytest.fixture
def client_as(users):
    """A test client signed in as one of ``users`` (or anonymous for None)."""

    def make(name: str | None) -> Client:
        client = Client()
        if name is not None:
            client.force_login(users[name])
        return client

    return make


def form_data(document=None, **changes) -> dict:
    """What the editing screen posts for ``document`` as it is now, with ``changes``.

    Built from the form itself, so a test only names what its editor types.
    """
    from readingroom.archive.actions.revisions import latest_revision
    from readingroom.curation.forms import DocumentEditor

    editor = DocumentEditor(instance=document)
    data = {}
    forms = [editor.form]
    for formset in editor.formsets:
        forms += [formset.management_form, *formset.forms]
    for rendition in editor.renditions.forms:
        forms += [rendition.footnotes.management_form, *rendition.footnotes.forms]
    for form in forms:
        for field in form:
            value = field.value()
            if field.name == "files" or value is None or value is False:
                continue
            if value is True:
                data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(item) for item in value]
            else:
                data[field.html_name] = str(value)
    latest = latest_revision(document) if document is not None else None
    data["seen_revision"] = str(latest.pk) if latest else ""
    data.update(changes)
    return data


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads made by these tests land in a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
