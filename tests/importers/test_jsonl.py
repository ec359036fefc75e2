"""The JSON Lines importer: exact values in, updates not duplicates, errors that name the line."""

import datetime as dt
import gzip
import json
from decimal import Decimal

import pytest

from readingroom.archive.dates import Precision
from readingroom.archive.interchange import apply
from readingroom.archive.models import (
    Collection,
    Document,
    DocumentChange,
    Person,
    Place,
    RecordIdCounter,
    Rendition,
    Repository,
    Topic,
)
from readingroom.importers.base import ImportFailed, import_files

pytestmark = pytest.mark.django_db


def test_a_document_is_imported_with_every_field(importer_files):
    # when the valid sample file is imported
    report = import_files([importer_files / "valid.jsonl"])

    # then the letter has its fields exactly, its date keeping month precision
    letter = Document.objects.get(record_id=900001)
    assert letter.title == "Letter, Zhou Enlai to Comrade Molotov"
    assert letter.date.display() == "June 1957"
    assert letter.date.precision == Precision.MONTH
    assert (letter.date_start, letter.date_end) == (dt.date(1957, 6, 1), dt.date(1957, 6, 30))
    assert letter.document_type == "letter"
    assert letter.summary == "Zhou Enlai asks about Lüshun."
    assert letter.source_repository.short_name == "AVPRF"
    assert letter.source_reference == "f. 0100, op. 45, d. 12"
    assert letter.printed_source == "Cold War International History Project Bulletin 6-7"
    assert letter.status == "published"
    assert letter.original_uploaded == dt.date(2011, 11, 9)
    assert sorted(letter.original_languages.values_list("code", flat=True)) == ["ru", "zh"]
    assert [str(funder) for funder in letter.funders.all()] == ["Leon Levy Foundation"]
    assert [topic.label for topic in letter.topics.all()] == ["Korean War, 1950-1953"]
    assert letter.credit_line == "Translated and annotated by Chen Jian."
    assert report.summary() == (
        "3 documents (3 new), 1 person (1 new), 1 place (1 new), 1 topic (1 new),"
        " 1 collection (1 new), 1 repository (1 new) and 1 funder (1 new) from 1 file"
    )


def test_people_and_places_are_found_by_any_of_their_names(importer_files):
    import_files([importer_files / "valid.jsonl"])
    letter = Document.objects.get(record_id=900001)

    # then "周恩来" and "Chou En-lai" both found Zhou Enlai; an unknown name made a person
    links = [
        (link.person.sort_name, link.role, link.uncertain, link.notes)
        for link in letter.person_links.order_by("role")
    ]
    assert links == [
        ("Zhou, Enlai", "author", False, ""),
        ("Zhou, Enlai", "mentioned", False, ""),
        ("Molotov, Vyacheslav", "recipient", True, "Addressed only as 'Comrade'."),
    ]
    zhou = Person.objects.get(sort_name="Zhou, Enlai")
    assert zhou.other_names == ["周恩来", "Чжоу Эньлай", "Chou En-lai"]
    assert zhou.life_dates == "1898-1976"
    assert zhou.portrait.name == "portraits/zhou.png"
    assert Person.objects.get(sort_name="Molotov, Vyacheslav").display_name == (
        "Molotov, Vyacheslav"
    )
    assert [(link.place.name, link.role) for link in letter.place_links.all()] == [
        ("Lüshun", "mentioned")
    ]
    assert Place.objects.get(name="Lüshun").latitude == Decimal("38.8122")


def test_renditions_keep_text_footnotes_and_files(importer_files, media_root):
    import_files([importer_files / "valid.jsonl"])

    translation, scan = Document.objects.get(record_id=900001).renditions.all()
    assert translation.label == "Translation - English"
    assert translation.translator.name == "Chen Jian"
    assert translation.text == (
        "Comrade Molotov:\n\nWe agree on Lüshun [1].\n\n- (1) the base;\n  - a. the port."
    )
    assert [(note.label, note.text) for note in translation.footnotes.all()] == [
        ("1", "Port Arthur (旅顺).")
    ]
    assert scan.label == "Original scan - Chinese"
    [page] = scan.files.all()
    assert (page.label, page.content_type) == ("Page 1", "image/png")
    assert (media_root / page.file.name).read_bytes() == (
        importer_files / "images" / "page-1.png"
    ).read_bytes()


def test_collections_related_documents_and_new_ids(importer_files):
    import_files([importer_files / "valid.jsonl"])

    collection = Collection.objects.get(name="Sino-Soviet Relations")
    assert [item.document_id for item in collection.items.all()] == [900002, 900001]
    note = Document.objects.get(record_id=900002)
    assert note.date.display() == "ca. 1956"
    assert note.status == "draft"
    assert [doc.record_id for doc in note.related.all()] == [900001]
    assert [doc.record_id for doc in Document.objects.get(pk=900001).related.all()] == [900002]
    # the document without a record ID is numbered after the highest ID imported
    assert Document.objects.get(title="An undated note without a record ID").record_id == 900003
    assert RecordIdCounter.next_id() == 900004
    # and every imported document is in the outbox of changes
    assert sorted(DocumentChange.objects.values_list("record_id", flat=True)) == [
        900001,
        900002,
        900003,
    ]


def test_reimporting_updates_instead_of_duplicating(importer_files):
    # given the valid file, imported
    import_files([importer_files / "valid.jsonl"])

    # when a line with the same record ID gives a new title and new people only
    report = import_files([importer_files / "update.jsonl"])

    # then the document is updated: the given keys replaced, the absent ones kept
    assert [result.action for result in report.results] == ["updated"]
    letter = Document.objects.get(record_id=900001)
    assert letter.title == "Letter, Zhou Enlai to Comrade Molotov (revised)"
    assert letter.date.display() == "June 1957"
    assert [(link.person.sort_name, link.role) for link in letter.person_links.all()] == [
        ("Zhou, Enlai", "mentioned")
    ]
    assert letter.renditions.count() == 2
    assert letter.status == "published"
    assert Document.objects.filter(title__startswith="Letter, Zhou").count() == 1


def test_importing_a_file_twice_updates_all_but_unnumbered_documents(importer_files):
    import_files([importer_files / "valid.jsonl"])
    before = _snapshot()

    report = import_files([importer_files / "valid.jsonl"])

    assert _snapshot()[:-1] == before[:-1]  # but a second unnumbered document is made
    assert _snapshot()[-1] == before[-1] + 1
    assert [result.action for result in report.results][-3:] == ["updated", "updated", "new"]


def _snapshot():
    return (
        Person.objects.count(),
        Place.objects.count(),
        Topic.objects.count(),
        Repository.objects.count(),
        Rendition.objects.count(),
        list(Person.objects.values_list("portrait", flat=True)),
        Document.objects.count(),
    )


def test_renditions_given_again_replace_the_old_ones(importer_files, tmp_path):
    import_files([importer_files / "valid.jsonl"])
    update = tmp_path / "renditions.jsonl"
    rendition = {"kind": "transcript", "language": "ru", "text": "Товарищ Молотов"}
    update.write_text(json.dumps({"record_id": 900001, "renditions": [rendition]}) + "\n")

    # a record without a title is refused, even when updating
    with pytest.raises(ImportFailed, match="renditions.jsonl:1: title: is required"):
        import_files([update])

    update.write_text(
        json.dumps({"record_id": 900001, "title": "Letter", "renditions": [rendition]}) + "\n"
    )
    import_files([update])
    [only] = Document.objects.get(record_id=900001).renditions.all()
    assert (only.label, only.text, only.footnotes.count()) == (
        "Transcript - Russian",
        "Товарищ Молотов",
        0,
    )


def test_publish_publishes_every_document(importer_files):
    import_files([importer_files / "valid.jsonl"], publish=True)

    assert set(Document.objects.values_list("status", flat=True)) == {"published"}
    assert Document.objects.filter(published_at__isnull=True).count() == 0


def test_a_gzipped_file_is_read(tmp_path):
    path = tmp_path / "archive.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"record_id": 7, "title": "毛泽东 to Stalin", "date": "1950"}))

    import_files([path])

    assert Document.objects.get(record_id=7).title == "毛泽东 to Stalin"


def test_a_dry_run_reports_and_writes_nothing(importer_files):
    report = import_files([importer_files / "valid.jsonl"], dry_run=True)

    assert [(result.line, result.kind, result.action) for result in report.results] == [
        (1, "repository", "new"),
        (2, "funder", "new"),
        (3, "person", "new"),
        (4, "place", "new"),
        (5, "topic", "new"),
        (6, "collection", "new"),
        (8, "document", "new"),
        (9, "document", "new"),
        (10, "document", "new"),
    ]
    assert (Document.objects.count(), Person.objects.count(), Repository.objects.count()) == (
        0,
        0,
        0,
    )


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        (
            "bad_date.jsonl",
            3,
            "date: 'June 31, 1957': day 31 is out of range for June 1957 (1-30)",
        ),
        ("bad_json.jsonl", 2, "malformed JSON: Expecting ',' delimiter at column 48"),
        (
            "truncated.jsonl",
            2,
            "the line ends before the record does (truncated?):"
            " Unterminated string starting at column 32",
        ),
        ("wrong_type.jsonl", 1, "title: 1957 is not of type 'string'"),
        ("unknown_type.jsonl", 1, "type: 'letter' is not one of 'document', 'person'"),
        ("unknown_language.jsonl", 1, "original_languages[0]: unknown language 'Klingon'"),
        ("unknown_document_type.jsonl", 1, "document_type: 'missive' is not one of 'letter'"),
        ("missing_related.jsonl", 1, "related[0]: no document has record ID 424242"),
        (
            "missing_file.jsonl",
            1,
            "renditions[0].files[0].path: no such file in the import's folder:",
        ),
        ("not_an_object.jsonl", 1, "a record must be a JSON object {…}, not an array"),
    ],
    ids=[
        "invalid-date",
        "malformed-json",
        "truncated-line",
        "wrong-type",
        "unknown-type",
        "unknown-language",
        "unknown-document-type",
        "related-id-missing",
        "scan-file-missing",
        "not-an-object",
    ],
)
def test_a_malformed_file_names_file_line_and_field_and_writes_nothing(
    importer_files, name, line, message
):
    # given an archive with one document already
    Document.objects.create(record_id=1, title="Already here")
    path = importer_files / name

    # when the malformed file is imported
    with pytest.raises(ImportFailed) as failure:
        import_files([path])

    # then the error names the file, the line and the field, and nothing was written
    assert any(str(error).startswith(f"{path}:{line}: {message}") for error in failure.value.errors)
    assert list(Document.objects.values_list("record_id", flat=True)) == [1]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.jsonl", "the file is empty (no records)"),
        (
            "neither.csv",
            "neither Reading Room JSON Lines (.jsonl, .jsonl.gz) nor the archive's text"
            " export (.txt, .md with a **Citation:** section); see docs/import-formats.md",
        ),
        (
            "notes.txt",
            "not the archive's text export: it has no **Citation:** section"
            " (see docs/import-formats.md)",
        ),
        ("no-such-file.jsonl", "no such file"),
    ],
    ids=["empty", "neither-format", "text-without-citation", "missing"],
)
def test_a_file_that_cannot_be_read_is_named(importer_files, name, message):
    path = importer_files / name

    with pytest.raises(ImportFailed) as failure:
        import_files([path, importer_files / "valid.jsonl"])

    assert [str(error) for error in failure.value.errors] == [f"{path}: {message}"]
    assert Document.objects.count() == 0


def test_every_error_of_every_file_is_reported_at_once(importer_files):
    with pytest.raises(ImportFailed) as failure:
        import_files([importer_files / "bad_date.jsonl", importer_files / "wrong_type.jsonl"])

    assert [
        (error.file.rsplit("/", 1)[-1], error.line, error.field) for error in failure.value.errors
    ] == [
        ("bad_date.jsonl", 3, "date"),
        ("wrong_type.jsonl", 1, "title"),
    ]
    assert str(failure.value).startswith("2 errors; nothing was imported.\n  ")


def test_a_record_id_given_twice_is_an_error(tmp_path):
    path = tmp_path / "twice.jsonl"
    path.write_text('{"record_id": 5, "title": "One"}\n{"record_id": 5, "title": "Two"}\n')

    with pytest.raises(ImportFailed) as failure:
        import_files([path])

    assert [str(error) for error in failure.value.errors] == [
        f"{path}:2: record_id: 5 is given twice (also at {path}:1)"
    ]


def test_a_person_described_twice_in_one_file_is_an_error(tmp_path):
    path = tmp_path / "people.jsonl"
    path.write_text(
        '{"type": "person", "sort_name": "Mao, Zedong"}\n'
        '{"type": "person", "sort_name": "MAO, Zedong", "biography": "Chairman"}\n'
    )

    with pytest.raises(ImportFailed) as failure:
        import_files([path])

    assert [str(error) for error in failure.value.errors] == [
        f"{path}:2: sort_name: 'MAO, Zedong' is given twice (also at {path}:1)"
    ]


def test_a_person_in_two_files_is_updated_by_the_later_one(tmp_path):
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text('{"type": "person", "sort_name": "Mao, Zedong", "other_names": ["毛泽东"]}\n')
    second.write_text('{"type": "person", "sort_name": "Mao, Zedong", "biography": "Chairman"}\n')

    report = import_files([first, second])

    person = Person.objects.get()
    assert (person.other_names, person.biography) == (["毛泽东"], "Chairman")
    assert [r.action for r in report.results] == ["new", "updated"]


def test_a_failure_while_writing_rolls_everything_back(importer_files, monkeypatch):
    # given an archive with a document the import would update
    Document.objects.create(record_id=900001, title="Stored title", date="1950")

    # when writing fails half-way, after documents and people were written
    def fail(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr(apply.Applier, "write_collections", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        import_files([importer_files / "valid.jsonl"])

    # then the stored document is untouched and nothing new remains
    stored = Document.objects.get()
    assert (stored.record_id, stored.title, stored.date.edtf()) == (900001, "Stored title", "1950")
    assert Person.objects.count() == 0
    assert DocumentChange.objects.count() == 0


def test_images_already_in_storage_are_not_copied_again(importer_files, media_root):
    import_files([importer_files / "valid.jsonl"])
    Person.objects.all().delete()

    import_files([importer_files / "valid.jsonl"])

    assert Person.objects.get(sort_name="Zhou, Enlai").portrait.name == "portraits/zhou.png"
    assert sorted(path.name for path in (media_root / "portraits").iterdir()) == ["zhou.png"]


def test_a_thousand_documents_import_in_one_go(tmp_path):
    # given a thousand documents naming the same few people, places and topics
    path = tmp_path / "many.jsonl"
    lines = [
        {
            "record_id": 10_000 + n,
            "title": f"Document {n}",
            "date": f"{1950 + n % 30}-{1 + n % 12:02d}",
            "people": [f"Person {n % 40}", {"name": "Stalin, Joseph", "role": "recipient"}],
            "places": ["Moscow"],
            "topics": [f"Topic {n % 7}"],
            "original_languages": ["ru"],
            "renditions": [{"kind": "translation", "language": "en", "text": f"Text {n}."}],
        }
        for n in range(1000)
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))

    import_files([path])

    assert Document.objects.count() == 1000
    assert Person.objects.count() == 41
    assert Document.objects.get(record_id=10_999).person_links.count() == 2
    assert Document.objects.get(record_id=10_999).date.display() == "April 1959"
    assert Rendition.objects.count() == 1000
