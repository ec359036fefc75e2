"""Citations: CSL-JSON, BibTeX, RIS, the downloads and unAPI.

The formatted styles (citeproc-js) are tested in test_formatted.py.
"""

import json

import bibtexparser
import jsonschema
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware

from readingroom.archive.models import Document
from readingroom.interop import citations
from readingroom.interop.citations import clause

from .citation_records import (
    SEED_SUMMARY,
    SEED_TITLE,
    UNICODE_TITLE,
    circa_document,
    month_document,
    seed_document,
)

PERMALINK = "http://127.0.0.1:8000/document/110398"
SEED_RIGHTS = "The history and public policy program at the Wilson Center."


@pytest.fixture
def seed(db):
    return seed_document()


@pytest.fixture
def documents(db):
    return [seed_document(), month_document(), circa_document()]


def test_the_seed_document_as_csl_json(seed, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"

    assert citations.csl_item(seed) == {
        "id": "110398",
        "type": "manuscript",
        "title": SEED_TITLE,
        "genre": "letter",
        "issued": {"date-parts": [[1956, 1, 15]]},
        "author": [{"family": "Mao", "given": "Zedong", "static-ordering": True}],
        "recipient": [{"family": "Khrushchev", "given": "Nikita"}],
        "translator": [{"family": "Wolff", "given": "David"}],
        "archive": "Wilson Center Digital Archive",
        "archive_location": "TsKhSD (Center for the Storage of Contemporary Documentation),"
        " f.5, op.30, d.164, ll. 7a, 48-9",
        "URL": PERMALINK,
        "language": "ru",
        "abstract": SEED_SUMMARY,
        "note": "Obtained by Tatiana Zazerskaia and translated by David Wolff.",
    }


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("1956-01-15", {"date-parts": [[1956, 1, 15]]}),
        ("June 1957", {"date-parts": [[1957, 6]]}),
        ("1957", {"date-parts": [[1957]]}),
        ("ca. 1956", {"date-parts": [[1956]], "circa": True}),
        ("1956-06/1957-02", {"date-parts": [[1956, 6], [1957, 2]]}),
        ("ca. 1959-1960", {"date-parts": [[1959], [1960]], "circa": True}),
    ],
    ids=["day", "month", "year", "circa", "span", "circa-span"],
)
def test_csl_dates_keep_their_precision(db, date, expected):
    document = month_document(date=date)

    assert citations.csl_item(document)["issued"] == expected


def test_every_csl_json_export_is_valid_csl_data(documents, shared_dir):
    schema = json.loads((shared_dir / "schemas/csl/csl-data.json").read_text())

    for document in documents:
        data = json.loads(citations.csl_json(document))
        jsonschema.validate(data, schema)
        assert data[0]["id"] == str(document.record_id)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zhou Enlai wengao, vol. 7 (2018), 37-39.", "Zhou Enlai wengao, vol. 7 (2018), 37-39"),
        ("Central Files. Official Use Only.", "Central Files. Official Use Only"),
        ("Secret. Received at 11:17 a.m.", "Secret. Received at 11:17 a.m."),
        ("Memoranda, etc.", "Memoranda, etc."),
        ("Signed D.", "Signed D."),
        ("And then...", "And then..."),
        ("f.5, op.30, d.164, ll. 7a, 48-9", "f.5, op.30, d.164, ll. 7a, 48-9"),
    ],
    ids=["page-range", "sentence", "a.m.", "etc", "initial", "ellipsis", "no-stop"],
)
def test_a_clause_loses_its_closing_full_stop_but_not_an_abbreviations(text, expected):
    # citeproc-js adds the style's own punctuation after a field: "37-39." cited as "37-39., "
    assert clause(text) == expected


def test_csl_fields_a_style_punctuates_carry_no_closing_full_stop(db):
    document = month_document(
        title="A Report.",
        source_citation="Fond 100, op. 50. Original in Chinese.",
        printed_source="Jianguo yilai Zhou Enlai wengao, vol. 7 (2018), 37-39.",
    )

    item = citations.csl_item(document)

    assert (item["title"], item["archive_location"], item["source"]) == (
        "A Report",
        "Fond 100, op. 50. Original in Chinese",
        "Jianguo yilai Zhou Enlai wengao, vol. 7 (2018), 37-39",
    )
    # and the archive's own citation ends its sentence once
    assert document.citation.endswith("Fond 100, op. 50. Original in Chinese.")


def _parse_bibtex(text):
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks
    (entry,) = library.entries
    return entry


def test_bibtex_round_trips_through_bibtexparser(seed, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"

    entry = _parse_bibtex(citations.bibtex(seed))

    assert entry.entry_type == "unpublished"
    assert entry.key == "document110398"
    assert entry["title"] == SEED_TITLE
    assert entry["author"] == "Mao, Zedong"
    assert entry["date"] == "1956-01-15"
    assert entry["year"] == "1956"
    assert entry["url"] == PERMALINK
    assert entry["translator"] == "Wolff, David"
    assert "Obtained by Tatiana Zazerskaia" in entry["note"]


def test_bibtex_keeps_unicode_and_escapes_latex_specials(db):
    document = month_document()

    text = citations.bibtex(document)
    entry = _parse_bibtex(text)

    assert r"Lüshun \& Dalian" in text
    assert entry["title"] == UNICODE_TITLE
    assert entry["month"] == "jun"
    assert "author" not in entry.fields_dict


def test_latex_specials_in_a_title_cannot_break_the_entry(db):
    # given a title with unbalanced braces and every LaTeX special but ^ (which
    # pylatexenc decodes to a modifier letter)
    title = r"A {half-open} title: 100% of $5 & a stray } brace_x ~ \ end"
    document = month_document(title=title)

    entry = _parse_bibtex(citations.bibtex(document))

    assert entry["title"] == title


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (
            seed_document,
            {
                "type_of_reference": "PCOMM",
                "title": SEED_TITLE,
                "authors": ["Mao, Zedong"],
                "secondary_authors": ["Khrushchev, Nikita"],
                "subsidiary_authors": ["Wolff, David"],
                "year": "1956",
                "date": "1956/01/15/",
                "type_of_work": "letter",
                "name_of_database": "Wilson Center Digital Archive",
                "accession_number": "TsKhSD (Center for the Storage of Contemporary"
                " Documentation), f.5, op.30, d.164, ll. 7a, 48-9",
                "urls": [PERMALINK],
                "language": "ru",
                "abstract": SEED_SUMMARY,
                "notes": ["Obtained by Tatiana Zazerskaia and translated by David Wolff."],
                # rispy knows no CR (rights), which Zotero reads as Rights
                "unknown_tag": {"CR": [SEED_RIGHTS]},
                "database_provider": "Reading Room Digital Archive",
                "id": "110398",
            },
        ),
        (
            month_document,
            {
                "type_of_reference": "MANSCPT",
                "title": UNICODE_TITLE,
                "year": "1957",
                "date": "1957/06//",
                "type_of_work": "memorandum",
                "database_provider": "Reading Room Digital Archive",
                "name_of_database": "Wilson Center Digital Archive",
                "accession_number": "Russian Foreign Ministry archives, Moscow, f. 100, op. 50",
                "urls": ["http://127.0.0.1:8000/document/116980"],
                "id": "116980",
            },
        ),
        (
            circa_document,
            {
                "type_of_reference": "MANSCPT",
                "title": "Report on the Sino-Soviet Split",
                "year": "1959",
                "date": "1959///ca. 1959-1960",
                "type_of_work": "report",
                "database_provider": "Reading Room Digital Archive",
                "name_of_database": "Wilson Center Digital Archive",
                "urls": ["http://127.0.0.1:8000/document/120001"],
                "id": "120001",
            },
        ),
    ],
    ids=["letter", "memorandum-month", "report-circa"],
)
def test_ris_round_trips_through_rispy(db, settings, make, expected):
    settings.SITE_URL = "http://127.0.0.1:8000"

    (record,) = rispy.loads(citations.ris(make()))

    assert record == expected


# --- Downloads ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extension", "content_type", "serialize"),
    [
        ("bib", "application/x-bibtex; charset=utf-8", citations.bibtex),
        ("ris", "application/x-research-info-systems; charset=utf-8", citations.ris),
        ("csl.json", "application/vnd.citationstyles.csl+json; charset=utf-8", citations.csl_json),
    ],
    ids=["bibtex", "ris", "csl-json"],
)
def test_a_published_document_downloads_as_an_attachment(
    seed, client, extension, content_type, serialize
):
    response = client.get(f"/document/110398.{extension}")

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        "attachment; filename="
        f'"request-by-the-chinese-leadership-to-the-soviet-le-110398.{extension}"'
    )
    assert response.content.decode("utf-8") == serialize(seed)


def test_the_csl_json_download_is_the_serializers(seed, client):
    response = client.get("/document/110398.csl.json")

    assert response.json() == [citations.csl_item(seed)]


@pytest.mark.parametrize("status", [Document.Status.DRAFT, Document.Status.REVIEW])
@pytest.mark.parametrize("extension", ["bib", "ris", "csl.json"])
def test_an_unpublished_document_has_no_citation(db, client, status, extension):
    seed_document(status=status)

    assert client.get(f"/document/110398.{extension}").status_code == 404


def test_a_missing_document_has_no_citation(db, client):
    assert client.get("/document/999.ris").status_code == 404


# --- unAPI (how Zotero finds the RIS record) -------------------------------------------


def test_unapi_lists_its_formats(client):
    response = client.get("/unapi")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert b'<format name="ris" type="application/x-research-info-systems"' in response.content
    assert b'<format name="bibtex" type="application/x-bibtex"/>' in response.content


def test_unapi_lists_a_documents_formats_as_multiple_choices(seed, client):
    response = client.get("/unapi", {"id": "110398"})

    assert response.status_code == 300
    assert b'<formats id="110398">' in response.content


@pytest.mark.parametrize(
    ("name", "serialize"), [("ris", citations.ris), ("bibtex", citations.bibtex)]
)
def test_unapi_gives_the_record_as_the_download_does(seed, client, name, serialize):
    response = client.get("/unapi", {"id": "110398", "format": name})

    assert response.status_code == 200
    assert response.content.decode() == serialize(seed)


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"id": "110398", "format": "mods"}, 406),
        ({"id": "999", "format": "ris"}, 404),
        ({"id": "x110398"}, 404),
    ],
    ids=["unknown-format", "unknown-document", "not-a-record-id"],
)
def test_unapi_refuses_what_it_cannot_give(seed, client, query, status):
    assert client.get("/unapi", query).status_code == status


def test_unapi_gives_nothing_of_a_draft(db, client):
    seed_document(status=Document.Status.DRAFT)

    assert client.get("/unapi", {"id": "110398", "format": "ris"}).status_code == 404
