"""Passages: every paragraph has a permalink that keeps pointing at the same text.

The numbers are given by the writer of renditions (archive/passages.py) that saves,
imports and restores all go through; the page shows them as ``#p4``.
"""

import importlib
from pathlib import Path

import pytest
from django.apps import apps

from readingroom.archive import actions, migrations
from readingroom.archive.models import Document, Rendition, Revision
from readingroom.archive.passages import first_numbering, fragment_prefixes, renumber

SYSTEM = actions.Actor.system("tests")

TEXT = "\n\n".join(
    [
        "Comrade Stalin: I have received your telegram.",
        "The Chinese comrades ask for help with the air force.",
        "We agreed on the terms of the loan.",
        "Moscow is ready to send specialists in the spring.",
        "With communist greetings, Filippov.",
    ]
)


def paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


def numbered(rendition: Rendition) -> dict[int, str]:
    rendition.refresh_from_db()
    return dict(zip(rendition.paragraph_ids, paragraphs(rendition.text), strict=True))


def save(text: str, record_id: int | None = None, *, publish: bool = True) -> Document:
    data = {"title": "Telegram, Filippov to Mao Zedong", "renditions": []}
    data["renditions"].append({"kind": "translation", "language": "en", "text": text})
    if record_id is not None:
        data["record_id"] = record_id
    document = actions.save_document(data, actor=SYSTEM)
    if publish and not document.is_published:
        actions.publish(document, actor=SYSTEM)
    return Document.objects.get(pk=document.pk)


# The numbering itself ----------------------------------------------------------------


def test_a_new_text_is_numbered_one_to_n():
    assert first_numbering(TEXT).ids == [1, 2, 3, 4, 5]
    assert first_numbering("").ids == []


@pytest.mark.parametrize(
    ("change", "expected_ids", "expected_last"),
    [
        pytest.param(lambda p: p, [1, 2, 3, 4, 5], 5, id="unchanged"),
        pytest.param(
            lambda p: [*p[:3], "A new paragraph the editors found in the scan.", *p[3:]],
            [1, 2, 3, 6, 4, 5],
            6,
            id="inserted-before-p4",
        ),
        pytest.param(
            lambda p: [p[0], p[1].replace("air force", "air forces"), *p[2:]],
            [1, 2, 3, 4, 5],
            5,
            id="corrected-in-place",
        ),
        pytest.param(lambda p: [*p[:1], *p[2:]], [1, 3, 4, 5], 5, id="removed-p2"),
        pytest.param(
            lambda p: [p[0], p[1] + " " + p[2], *p[3:]],
            [1, 2, 4, 5],
            5,
            id="p2-and-p3-joined",
        ),
        pytest.param(
            lambda p: [*p[:2], "Entirely different words here.", "And more of them.", *p[3:]],
            [1, 2, 6, 7, 4, 5],
            7,
            id="p3-rewritten-as-two",
        ),
    ],
)
def test_a_corrected_text_keeps_the_numbers_of_its_paragraphs(change, expected_ids, expected_last):
    # Given the numbered text, when it is changed
    new_text = "\n\n".join(change(paragraphs(TEXT)))

    numbering = renumber(TEXT, [1, 2, 3, 4, 5], 5, new_text)

    # Then kept paragraphs keep their numbers, new ones get numbers never used
    assert numbering.ids == expected_ids
    assert numbering.last == expected_last


def test_a_removed_paragraphs_number_is_never_given_again():
    # Given p5 removed (the highest number), then a paragraph added at the end
    without = renumber(TEXT, [1, 2, 3, 4, 5], 5, "\n\n".join(paragraphs(TEXT)[:4]))
    added = renumber(
        "\n\n".join(paragraphs(TEXT)[:4]),
        without.ids,
        without.last,
        "\n\n".join([*paragraphs(TEXT)[:4], "A postscript in Stalin's hand."]),
    )

    # Then the new paragraph is p6, not p5
    assert without.ids == [1, 2, 3, 4]
    assert added.ids == [1, 2, 3, 4, 6]


def test_the_first_text_has_plain_fragments_and_the_others_are_named(records):
    document = records.document()
    scan = records.rendition(document, "", kind="scan", language="ru")
    translation = records.rendition(document, TEXT)
    transcript = records.rendition(document, "第一段", kind="transcript", language="zh")

    assert fragment_prefixes([scan, translation, transcript]) == {
        translation.pk: "",
        transcript.pk: "transcript-zh",
    }


# Through the domain actions ----------------------------------------------------------


def test_inserting_a_paragraph_before_p4_keeps_p4_on_its_text(db):
    # Given a published document whose text has five paragraphs
    document = save(TEXT)
    rendition = document.renditions.get()
    p4 = numbered(rendition)[4]

    # When an editor inserts a paragraph before the fourth
    parts = paragraphs(TEXT)
    save("\n\n".join([*parts[:3], "An inserted paragraph.", *parts[3:]]), document.record_id)

    # Then p4 still names the same text and the new paragraph has a fresh number
    after = numbered(rendition)
    assert after[4] == p4
    assert after[6] == "An inserted paragraph."
    assert rendition.last_paragraph == 6


def test_numbers_survive_an_edit_of_another_paragraph_and_a_reimport(db):
    # Given a document edited once (p2 removed)
    document = save(TEXT)
    parts = paragraphs(TEXT)
    save("\n\n".join([parts[0], *parts[2:]]), document.record_id)
    rendition = document.renditions.get()
    before = numbered(rendition)

    # When the same record is imported again, then p3 is corrected
    save("\n\n".join([parts[0], *parts[2:]]), document.record_id)
    assert numbered(rendition) == before
    save("\n\n".join([parts[0], parts[2] + " In full.", *parts[3:]]), document.record_id)

    # Then every number still names its paragraph; p2 is gone for good
    after = numbered(rendition)
    assert list(after) == [1, 3, 4, 5]
    assert after[3] == parts[2] + " In full."
    assert after[5] == before[5]


def test_restoring_an_earlier_text_goes_through_the_same_numbering(db):
    # Given a text edited with a paragraph inserted before p4
    document = save(TEXT)
    rendition = document.renditions.get()
    parts = paragraphs(TEXT)
    save("\n\n".join([*parts[:3], "An inserted paragraph.", *parts[3:]]), document.record_id)
    first = (
        Revision.objects.filter(content_type__model="document", object_id=document.record_id)
        .order_by("pk")
        .first()
    )

    # When the document's first revision is restored
    actions.restore_revision(first, actor=SYSTEM)

    # Then the inserted paragraph's number is gone, the others kept theirs
    after = numbered(rendition)
    assert list(after) == [1, 2, 3, 4, 5]
    assert after[4] == parts[3]
    assert rendition.last_paragraph == 6


def test_the_migration_numbers_existing_paragraphs(records):
    # Given renditions written before paragraphs were numbered
    document = records.document()
    rendition = records.rendition(document, TEXT)
    empty = records.rendition(document, "", kind="scan", language="ru")
    Rendition.objects.update(paragraph_ids=[], last_paragraph=0)
    # Found by its name, whatever number it is given among the archive's migrations
    [path] = Path(migrations.__file__).parent.glob("*_rendition_paragraph_ids.py")
    migration = importlib.import_module(f"readingroom.archive.migrations.{path.stem}")

    migration.number_paragraphs(apps, None)

    rendition.refresh_from_db()
    empty.refresh_from_db()
    assert (rendition.paragraph_ids, rendition.last_paragraph) == ([1, 2, 3, 4, 5], 5)
    assert (empty.paragraph_ids, empty.last_paragraph) == ([], 0)


# On the page -------------------------------------------------------------------------


def test_each_paragraph_has_its_permalink_on_the_page(client, db):
    document = save(TEXT)
    parts = paragraphs(TEXT)
    save("\n\n".join([*parts[:3], "An inserted paragraph.", *parts[3:]]), document.record_id)

    html = client.get(f"/document/{document.record_id}").content.decode()

    assert f'<p id="p4" class="passage">{parts[3]}' in html
    assert '<p id="p6" class="passage">An inserted paragraph.' in html
    assert '<a href="#p4" aria-label="Link to paragraph 4">¶</a>' in html
    assert f'href="/document/{document.record_id}/cite?p=4"' in html


# Citing a passage --------------------------------------------------------------------


def test_a_passage_is_cited_with_its_paragraph(client, db, settings):
    # Given a document whose p2 was removed, so that its fourth paragraph is p5
    settings.CITATIONS_NODE = "off"
    parts = paragraphs(TEXT)
    document = save(TEXT)
    save("\n\n".join([parts[0], *parts[2:]]), document.record_id)

    response = client.get(f"/document/{document.record_id}/cite?p=5")

    # Then the page quotes p5 and cites it by its number, with its permalink
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<p>{parts[4]}</p>" in html
    assert (
        f"&quot;Telegram, Filippov to Mao Zedong&quot;, para. 5, {settings.ARCHIVE_NAME}." in html
    )
    assert f'href="{document.permalink}#p5"' in html
    assert '<meta name="robots" content="noindex">' in html


def test_a_passage_of_another_text_is_named_with_its_text(client, records):
    document = records.document("Telegram, Filippov to Mao Zedong", date="1950-01-02")
    records.rendition(document, TEXT)
    records.rendition(document, "第一段\n\n第二段", kind="transcript", language="zh")

    html = client.get(f"/document/{document.record_id}/cite?p=transcript-zh-p2").content.decode()

    assert "<p>第二段</p>" in html
    assert "Transcript - Chinese, para. 2" in html


@pytest.mark.parametrize(
    "query",
    ["p=6", "p=0", "p=", "p=transcript-zh-p1", "p=%3Cscript%3E", ""],
    ids=["removed-or-never", "zero", "empty", "no-such-text", "garbage", "no-p"],
)
def test_a_paragraph_that_is_not_there_is_not_found(client, db, query):
    document = save(TEXT)

    assert client.get(f"/document/{document.record_id}/cite?{query}").status_code == 404


def test_drafts_and_unconfirmed_machine_text_have_no_passages(client, records):
    draft = records.draft()
    records.rendition(draft, TEXT)
    letter = records.document()
    records.rendition(letter, "")
    machine = records.rendition(letter, "Machine words.", kind="transcript", language="ru")
    Rendition.objects.filter(pk=machine.pk).update(machine_generated=True)

    assert client.get(f"/document/{draft.record_id}/cite?p=1").status_code == 404
    assert client.get(f"/document/{letter.record_id}/cite?p=1").status_code == 404
    assert "Machine words" not in client.get(letter.get_absolute_url()).content.decode()


def test_the_styles_cite_the_paragraph(client, db, citeproc_js):
    # Given a dated document with an author
    document = save(TEXT)

    html = client.get(f"/document/{document.record_id}/cite?p=4").content.decode()

    # Then Chicago's note names the paragraph, and MLA and APA cite it in the text
    assert "para. 4" in _style(html, "chicago-note")
    assert "par. 4" in _style(html, "mla")
    assert "para. 4" in _style(html, "apa")


def _style(html: str, key: str) -> str:
    start = html.index(f'data-citation="{key}">')
    return html[start : html.index("</dd>", start)]
