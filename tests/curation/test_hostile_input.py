"""Hostile markup in every text field of the editing screen: refused, named, nothing saved.

What counts as hostile is tested case by case in tests/archive/test_sanitize.py.
"""

import pytest

from readingroom.archive.interchange import serialize as records
from readingroom.archive.models import (
    Contributor,
    Document,
    DocumentChange,
    Person,
    Place,
    Revision,
    Topic,
)

from .conftest import form_data
from .test_editing import new_document_data

ATTACKS = {
    "script": ("<script>alert(1)</script>", "<script>"),
    "onerror": ('<img src="x" onerror="alert(1)">', "onerror="),
}
# (posted field, the name the message gives)
TEXT_FIELDS = [
    ("title", "title"),
    ("summary", "summary"),
    ("source_reference", "source reference"),
    ("source_citation", "source citation"),
    ("printed_source", "printed source"),
    ("rights", "rights"),
    ("contributions-0-name", "contributor name"),
    ("people-0-name", "person name"),
    ("people-0-notes", "person notes"),
    ("places-0-name", "place name"),
    ("places-0-notes", "place notes"),
    ("topics-0-name", "topic name"),
    ("renditions-0-text", "rendition text"),
    ("renditions-0-translator_name", "rendition translator name"),
    ("renditions-0-footnotes-0-label", "footnote label"),
    ("renditions-0-footnotes-0-text", "footnote text"),
]


@pytest.fixture
def saved(client_as, records_fixture):
    """A draft saved through the screen, and the editor who saved it."""
    editor = client_as("editor")
    editor.post("/editor/documents/new/", new_document_data(records_fixture))
    return editor, Document.objects.get()


@pytest.fixture
def records_fixture(records):
    return records


def _state():
    document = records.documents_for_records().get()
    return (
        records.document_record(document),
        DocumentChange.objects.count(),
        Revision.objects.count(),
        [m.objects.count() for m in (Person, Place, Topic, Contributor)],
    )


@pytest.mark.parametrize("attack", list(ATTACKS))
@pytest.mark.parametrize(("field", "label"), TEXT_FIELDS, ids=[f for f, _ in TEXT_FIELDS])
def test_hostile_markup_in_an_existing_document_changes_nothing(saved, field, label, attack):
    editor, document = saved
    before = _state()
    value, named = ATTACKS[attack]

    # when an editor types hostile markup into one field and saves
    data = form_data(document, **{field: f"Hello {value}"})
    response = editor.post(f"/editor/documents/{document.record_id}/", data)

    # then the screen comes back with a message naming the field and the markup
    assert response.status_code == 400
    page = response.content.decode()
    assert f"{label}: HTML markup such as " in page
    assert named in page.replace("&lt;", "<").replace("&gt;", ">")
    # and nothing changed: the record, the outbox, the history, the entities
    assert _state() == before


@pytest.mark.parametrize("attack", list(ATTACKS))
@pytest.mark.parametrize(("field", "label"), TEXT_FIELDS, ids=[f for f, _ in TEXT_FIELDS])
def test_hostile_markup_in_a_new_document_creates_nothing(client_as, records, field, label, attack):
    value, _ = ATTACKS[attack]
    response = client_as("editor").post(
        "/editor/documents/new/", new_document_data(records, **{field: value})
    )
    assert response.status_code == 400
    assert Document.objects.count() == 0
    assert DocumentChange.objects.count() == 0
    assert Person.objects.count() == Place.objects.count() == Topic.objects.count() == 0


def test_a_hostile_workflow_note_is_refused(client_as, records):
    draft = records.draft()
    client_as("editor").post(
        f"/editor/documents/{draft.record_id}/workflow/submit",
        {"note": "<script>alert(1)</script>"},
    )
    draft.refresh_from_db()
    assert draft.status == "draft"


WALK_AROUNDS = {
    "javascript link split by a tab": ('<a href="java\tscript:alert(1)">x</a>', "javascript:"),
    "&colon;": ('<a href="javascript&colon;alert(1)">x</a>', "javascript:"),
    "data link": ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "data:"),
    "meta refresh": ('<meta http-equiv="refresh" content="0;url=//evil.example">', "<meta>"),
}


@pytest.mark.parametrize(("value", "named"), WALK_AROUNDS.values(), ids=list(WALK_AROUNDS))
def test_the_old_filters_walk_arounds_are_refused_on_the_screen(saved, value, named):
    editor, document = saved
    before = _state()

    response = editor.post(
        f"/editor/documents/{document.record_id}/", form_data(document, summary=value)
    )

    assert response.status_code == 400
    page = response.content.decode().replace("&lt;", "<").replace("&gt;", ">")
    assert "summary: HTML markup such as " in page and named in page
    assert _state() == before


ORDINARY = ["<<Pravda>>", "Ivan <ivan@example.org>", "x < y & &c.", "周恩来\tLüshun\r\nKraków"]


@pytest.mark.parametrize("value", ORDINARY)
def test_ordinary_text_is_saved_as_typed(saved, value):
    editor, document = saved

    response = editor.post(
        f"/editor/documents/{document.record_id}/", form_data(document, summary=value)
    )

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.summary == value
