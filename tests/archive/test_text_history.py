"""A published document's text history: each correction readers saw, dated, with its
note and what changed, each version at its own address to cite; nothing private."""

import pytest

from readingroom.archive import actions
from readingroom.archive.models import Document
from readingroom.archive.text_history import own_note, paragraph_diff, versions

SYSTEM = actions.Actor.system("tests")

FIRST = "Chairman Mao received the delegation at Lüshun.\n\nThe talks lasted two hours."
CORRECTED = "Chairman Mao received the delegation at Dalian.\n\nThe talks lasted two hours."


def save(record_id=None, *, text, summary="", notes=None, machine=None) -> Document:
    data = {
        "title": "Conversation with Чжоу Эньлай",
        "renditions": [
            {"kind": "translation", "language": "en", "text": text, "footnotes": notes or []}
        ],
    }
    if machine:
        data["renditions"].append(
            {"kind": "transcript", "language": "ru", "text": machine, "machine_generated": True}
        )
    if record_id is not None:
        data["record_id"] = record_id
    return actions.save_document(data, actor=SYSTEM, summary=summary)


@pytest.fixture
def corrected(db):
    """Published, corrected once with a note, then saved without a change to its text."""
    document = save(text=FIRST)
    actions.publish(document, actor=SYSTEM, note="Checked against the original")
    save(document.record_id, text=CORRECTED, summary="Erratum: the place was misread")
    document = Document.objects.get(pk=document.pk)
    actions.save_document(
        {"record_id": document.record_id, "title": document.title, "summary": "A new one."},
        actor=SYSTEM,
    )
    return Document.objects.get(pk=document.pk)


def test_a_correction_while_published_is_a_new_version_with_its_note(corrected):
    found = versions(corrected)
    assert [v.number for v in found] == [1, 2]  # the summary's change is no text's
    assert found[0].texts[0].body == FIRST
    assert found[1].texts[0].body == CORRECTED
    assert found[0].note == ""
    assert found[1].note == "Erratum: the place was misread"


def test_what_was_corrected_in_a_draft_is_public_only_with_the_version_publishing_it(db):
    document = save(text=FIRST)
    actions.publish(document, actor=SYSTEM)
    actions.unpublish(document, actor=SYSTEM, note="Withdrawn to check the place")
    save(document.record_id, text="A half-done draft text", summary="Ivan: still checking")
    save(document.record_id, text=CORRECTED, summary="Place corrected")
    actions.publish(Document.objects.get(pk=document.pk), actor=SYSTEM, note="Place corrected")
    found = versions(Document.objects.get(pk=document.pk))
    assert [v.texts[0].body for v in found] == [FIRST, CORRECTED]
    assert found[1].note == "Place corrected"  # the republishing step's own note
    assert all("Ivan" not in v.note and "half-done" not in str(v.texts) for v in found)


def test_unconfirmed_machine_text_is_no_version(db):
    document = save(text=FIRST)
    actions.publish(document, actor=SYSTEM)
    save(document.record_id, text=FIRST, machine="Машинный текст")
    assert len(versions(Document.objects.get(pk=document.pk))) == 1


@pytest.mark.parametrize(
    ("summary", "changed", "expected"),
    [
        ("Publish", ["status"], ""),
        ("Publish: Erratum in line 2", ["status"], "Erratum in line 2"),
        ("Changed renditions[0].text", ["renditions[0].text"], ""),
        ("Restored revision 4 of 2026-12-01 10:00", [], ""),
        (
            "Date line corrected from the scan",
            ["renditions[0].text"],
            "Date line corrected from the scan",
        ),
    ],
)
def test_only_a_note_someone_wrote_is_shown(summary, changed, expected):
    assert own_note(summary, changed) == expected


def test_a_changed_paragraph_shows_its_words_removed_and_added():
    shown = paragraph_diff(FIRST, CORRECTED)
    assert shown == [
        (
            "changed",
            [
                ("same", "Chairman Mao received the delegation at "),
                ("removed", "Lüshun."),
                ("added", "Dalian."),
            ],
        )
    ]


def test_the_history_page_lists_versions_newest_first_with_notes(corrected, client):
    page = client.get(f"/document/{corrected.record_id}/versions").content.decode()
    assert page.index("Version 2") < page.index("Version 1")
    assert "Erratum: the place was misread" in page
    assert "Checked against the original" not in page  # a note on the first publication
    assert "corrected 1 time since" in page


def test_a_version_page_shows_its_words_what_changed_and_how_to_cite_it(
    corrected, client, settings
):
    page = client.get(f"/document/{corrected.record_id}/versions/2").content.decode()
    assert "<del>Lüshun.</del><ins>Dalian.</ins>" in page
    address = f"{settings.SITE_URL}/document/{corrected.record_id}/versions/2"
    assert f'<link rel="canonical" href="{address}">' in page
    assert "version 2 of " in page and f" {address}</p>" in page
    assert "This is the text as it reads now." in page
    old = client.get(f"/document/{corrected.record_id}/versions/1").content.decode()
    assert "received the delegation at Lüshun." in old
    assert "Dalian" not in old
    assert '<meta name="robots" content="noindex">' in old


def test_the_document_page_links_its_text_history(corrected, client):
    page = client.get(corrected.get_absolute_url()).content.decode()
    assert f'href="/document/{corrected.record_id}/versions"' in page


@pytest.mark.parametrize("path", ["/versions", "/versions/1", "/versions/3", "/versions/0"])
def test_a_draft_has_no_public_history_and_no_version_is_invented(corrected, client, path):
    if path in ("/versions", "/versions/1"):
        actions.unpublish(corrected, actor=SYSTEM)
    assert client.get(f"/document/{corrected.record_id}{path}").status_code == 404
