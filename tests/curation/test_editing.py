"""Creating and editing documents through the real editing screen, and conflicts."""

import pytest

from readingroom.archive.actions.revisions import revisions_of
from readingroom.archive.models import (
    Document,
    DocumentChange,
    Footnote,
    Person,
    Place,
    Rendition,
    Revision,
    Topic,
)

from .conftest import form_data

TEXT = "Чжоу Эньлай met 周恩来's envoy at Lüshun [1].\n\nSecond paragraph: x < y, [Stalin]."


@pytest.fixture
def editor(client_as):
    return client_as("editor")


def new_document_data(records, **changes):
    records.language("en")
    records.language("ru")
    data = form_data(
        None,
        title="Record of Conversation between Zhou Enlai and Soviet Ambassador",
        date="June 1957",
        document_type="conversation",
        summary="Zhou discusses Lüshun. 周恩来",
        source_reference="f.5, op.30, d.164",
        original_languages=["ru"],
        **{
            "contributions-0-name": "David Wolff",
            "contributions-0-role": "translated",
            "people-0-name": "Чжоу Эньлай",
            "people-0-role": "author",
            "people-0-certainty": "probable",
            "people-0-certainty_note": "Initials only; the hand is his",
            "people-0-notes": "Signed with initials only",
            "places-0-name": "Lüshun",
            "places-0-role": "origin",
            "topics-0-name": "Sino-Soviet Relations",
            "renditions-0-kind": "translation",
            "renditions-0-language": "en",
            "renditions-0-text": TEXT,
            "renditions-0-translator_name": "David Wolff",
            "renditions-0-footnotes-0-label": "1",
            "renditions-0-footnotes-0-text": "Lüshun: Port Arthur (旅顺).",
        },
    )
    data.update(changes)
    return data


def test_an_editor_creates_a_document_with_everything(editor, records):
    # when an editor fills in the new document screen and saves
    response = editor.post("/editor/documents/new/", new_document_data(records), follow=True)

    # then the document exists as a draft, with its date's precision kept
    document = Document.objects.get()
    assert response.redirect_chain[-1][0] == f"/editor/documents/{document.record_id}/"
    assert document.status == "draft"
    assert document.date.edtf() == "1957-06"
    assert document.date.display() == "June 1957"
    assert document.summary == "Zhou discusses Lüshun. 周恩来"
    assert [lang.code for lang in document.original_languages.all()] == ["ru"]

    # and people, places and topics typed by name were created on the spot, with a notice
    link = document.person_links.get()
    assert (link.person.display_name, link.role, link.certainty, link.notes) == (
        "Чжоу Эньлай",
        "author",
        "probable",
        "Signed with initials only",
    )
    assert link.certainty_note == "Initials only; the hand is his"
    assert document.place_links.get().place.name == "Lüshun"
    assert [t.name for t in document.topics.all()] == ["Sino-Soviet Relations"]
    assert [(c.contributor.name, c.role) for c in document.contributions.all()] == [
        ("David Wolff", "translated")
    ]
    page = response.content.decode()
    assert "Created person “Чжоу Эньлай”" in page
    assert "Created place “Lüshun”" in page

    # and the rendition keeps its text byte for byte, with its footnote
    rendition = document.renditions.get()
    assert rendition.text.encode() == TEXT.encode()
    assert rendition.translator.name == "David Wolff"
    assert [(n.label, n.text) for n in rendition.footnotes.all()] == [
        ("1", "Lüshun: Port Arthur (旅顺).")
    ]

    # and the change is in the outbox and in the history, once each
    assert list(DocumentChange.objects.values_list("record_id", flat=True)) == [document.record_id]
    assert revisions_of(document).count() == 1
    # and so are the people, places and topics made on the spot, each a record of its own
    person = link.person
    assert [r.summary for r in revisions_of(person)] == ["Created"]
    assert Revision.objects.count() == 5  # the document, a person, a place, a topic, a translator


def test_a_name_typed_exactly_links_the_existing_person(editor, records):
    mao = records.person("Mao, Zedong", display_name="Mao Zedong")
    data = new_document_data(records, **{"people-0-name": "Mao Zedong"})
    editor.post("/editor/documents/new/", data)
    assert Document.objects.get().person_links.get().person == mao
    assert Person.objects.count() == 1


def test_an_editor_sets_how_sure_the_date_and_a_person_are(editor, records):
    # given a draft whose author is marked probable
    editor.post("/editor/documents/new/", new_document_data(records))
    document = Document.objects.get()

    # when the editor disputes the date and makes the author inferred, each with a reason
    data = form_data(
        document,
        date_certainty="disputed",
        date_certainty_note="Shen Zhihua dates it to 1958 (沈志华).",
        **{"people-0-certainty": "inferred", "people-0-certainty_note": "By the hand"},
    )
    response = editor.post(f"/editor/documents/{document.pk}/", data)

    # then both are stored, and the revision carries them
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.date_certainty, document.date_certainty_note) == (
        "disputed",
        "Shen Zhihua dates it to 1958 (沈志华).",
    )
    link = document.person_links.get()
    assert (link.certainty, link.certainty_note) == ("inferred", "By the hand")
    assert revisions_of(document).first().snapshot["date_certainty"] == "disputed"


def test_an_editor_edits_a_document_and_its_renditions(editor, records):
    # given a draft with a translation and a footnote
    editor.post("/editor/documents/new/", new_document_data(records))
    document = Document.objects.get()

    # when the editor changes the title, adds a transcript and removes the topic
    data = form_data(
        document,
        title="Record of Conversation, corrected",
        **{
            "topics-0-name": "",
            "renditions-1-kind": "transcript",
            "renditions-1-language": "ru",
            "renditions-1-text": "Запись беседы с Чжоу Эньлаем",
            "renditions-0-text": TEXT + "[2]",
            "renditions-0-footnotes-1-label": "2",
            "renditions-0-footnotes-1-text": "Второе примечание.",
        },
    )
    response = editor.post(f"/editor/documents/{document.record_id}/", data)

    # then everything is saved, and nothing else changed
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Record of Conversation, corrected"
    assert document.date.edtf() == "1957-06"
    assert document.topics.count() == 0
    assert Topic.objects.count() == 1  # unlinked, not deleted
    assert [(r.kind, r.language_id) for r in document.renditions.all()] == [
        ("translation", "en"),
        ("transcript", "ru"),
    ]
    assert document.renditions.get(kind="translation").text == TEXT + "[2]"
    assert list(Footnote.objects.values_list("label", "text")) == [
        ("1", "Lüshun: Port Arthur (旅顺)."),
        ("2", "Второе примечание."),
    ]
    assert document.person_links.get().certainty == "probable"
    assert revisions_of(document).count() == 2
    assert DocumentChange.objects.count() == 2


def test_a_rendition_can_be_deleted(editor, records):
    editor.post("/editor/documents/new/", new_document_data(records))
    document = Document.objects.get()
    editor.post(
        f"/editor/documents/{document.record_id}/",
        form_data(document, **{"renditions-0-DELETE": "on"}),
    )
    assert Rendition.objects.count() == 0


def test_an_invalid_date_is_refused_and_nothing_saved(editor, records):
    response = editor.post(
        "/editor/documents/new/", new_document_data(records, date="the 45th of Junuary")
    )
    assert response.status_code == 400
    assert Document.objects.count() == 0
    assert Place.objects.count() == 0
    assert DocumentChange.objects.count() == 0


def test_related_documents_by_record_id(editor, records):
    other = records.document("An Earlier Telegram")
    editor.post(
        "/editor/documents/new/", new_document_data(records, related_ids=str(other.record_id))
    )
    document = Document.objects.exclude(pk=other.pk).get()
    assert list(document.related.all()) == [other]


def test_two_editors_colliding_the_second_is_told(client_as, records):
    # given a draft that two editors open at the same time
    first, second = client_as("editor"), client_as("reviewer")
    first.post("/editor/documents/new/", new_document_data(records))
    document = Document.objects.get()
    seen_by_both = form_data(document)

    # when the first saves a new title
    first.post(
        f"/editor/documents/{document.record_id}/",
        {**seen_by_both, "title": "Title by the first editor"},
    )
    # and the second, from the page they opened before, saves a new summary
    response = second.post(
        f"/editor/documents/{document.record_id}/",
        {**seen_by_both, "summary": "Summary by the second editor"},
    )

    # then the second is told, with the other editor's change, and nothing is overwritten
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this document while you were editing" in page
    assert "Title by the first editor" in page
    document.refresh_from_db()
    assert document.title == "Title by the first editor"
    assert document.summary == "Zhou discusses Lüshun. 周恩来"
    assert revisions_of(document).count() == 2

    # when the second, having seen the difference, keeps the new title and saves again
    retry = {
        **seen_by_both,
        "title": "Title by the first editor",
        "summary": "Summary by the second editor",
        "seen_revision": str(response.context["seen_revision"]),
    }
    assert second.post(f"/editor/documents/{document.record_id}/", retry).status_code == 302
    document.refresh_from_db()
    assert (document.title, document.summary) == (
        "Title by the first editor",
        "Summary by the second editor",
    )


def test_the_preview_shows_a_draft_marked_and_not_indexed(editor, client, records):
    editor.post("/editor/documents/new/", new_document_data(records))
    document = Document.objects.get()

    response = editor.get(f"/editor/documents/{document.record_id}/preview")

    page = response.content.decode()
    assert "Preview — not published" in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "Чжоу Эньлай met 周恩来&#x27;s envoy at Lüshun" in page
    # and readers still cannot see the draft
    assert client.get(f"/document/{document.record_id}").status_code == 404


def test_autocomplete_suggests_names(editor, records):
    records.person("Mao, Zedong", display_name="Mao Zedong")
    records.person("Zhou, Enlai", display_name="Zhou Enlai")
    response = editor.get("/editor/autocomplete/person?q=zedong")
    assert response.json() == {"results": [{"name": "Mao, Zedong"}]}
    assert editor.get("/editor/autocomplete/person?q=ma").json() == {
        "results": [{"name": "Mao, Zedong"}]
    }
    assert editor.get("/editor/autocomplete/secrets?q=a").status_code == 404


def test_the_editing_screen_offers_the_release_history_and_certainty(editor, records):
    # given a draft cable with a marking and a disputed date
    document = records.draft("Cable", classification="Secret; Noforn", date_certainty="disputed")
    # when the editor opens it, every field of them is on the screen
    html = editor.get(f"/editor/documents/{document.pk}/").content.decode()
    for name in ["classification", "classification_level", "declassified", "redactions"]:
        assert f'name="{name}"' in html
    assert 'name="date_certainty"' in html
    assert "<legend>Release</legend>" in html

    # and a save sets the declassification, keeping the marking and the certainty
    data = form_data(document, declassified="Declassified 1996, NND 959000")
    assert editor.post(f"/editor/documents/{document.pk}/", data).status_code == 302
    document.refresh_from_db()
    assert (document.classification, document.date_certainty) == ("Secret; Noforn", "disputed")
    assert document.declassified == "Declassified 1996, NND 959000"
    assert revisions_of(document).first().snapshot["declassified"] == document.declassified
