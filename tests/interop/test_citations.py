"""Citations: CSL-JSON, Chicago/MLA/APA through citeproc-py, BibTeX, RIS and downloads."""

import json

import bibtexparser
import jsonschema
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware

from readingroom.archive.models import Document
from readingroom.interop import citations

from .citation_records import (
    SEED_SUMMARY,
    SEED_TITLE,
    UNICODE_TITLE,
    circa_document,
    month_document,
    seed_document,
)

PERMALINK = "http://127.0.0.1:8000/document/110398"


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
        "genre": "Letter",
        "issued": {"date-parts": [[1956, 1, 15]]},
        "author": [{"family": "Mao", "given": "Zedong"}],
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
    ("style", "expected"),
    [
        (
            "chicago",
            [
                "Mao, Zedong.",
                "“Request by the Chinese leadership",
                "January 15, 1956",
                "Translated by David Wolff",
                "Wilson Center Digital Archive",
                PERMALINK,
            ],
        ),
        (
            "mla",
            [
                "Mao, Zedong.",
                "“Request by the Chinese leadership",
                "15 Jan. 1956",
                "Wilson Center Digital Archive",
                PERMALINK,
            ],
        ),
        (
            "apa",
            [
                "Mao, Z. (1956).",
                "<i>Request by the Chinese leadership",
                "[Letter]",
                "Wilson Center Digital Archive",
                PERMALINK,
            ],
        ),
    ],
    ids=["chicago", "mla", "apa"],
)
def test_citeproc_renders_each_style(seed, settings, style, expected):
    settings.SITE_URL = "http://127.0.0.1:8000"

    html = citations.render(citations.csl_item(seed), style)

    for text in expected:
        assert text in html


@pytest.mark.parametrize("style", ["chicago", "mla", "apa"])
def test_an_anonymous_document_is_cited_by_its_title_once(db, style):
    # given a document with no author: the styles put its title first
    document = month_document()

    text = citations.render(citations.csl_item(document), style, output="text")

    assert text.count("Lüshun") == 1
    assert text.startswith(("“Zhou Enlai (周恩来)", "Zhou Enlai (周恩来)"))


def test_rendered_html_escapes_the_record(db):
    document = month_document(title="On <script>alert(1)</script> & other tricks")

    html = citations.render(citations.csl_item(document), "chicago")

    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_rendered_styles_come_in_order_for_the_page(seed):
    rendered = citations.rendered_styles(seed)

    assert [style.label for style, _ in rendered] == ["Chicago", "MLA", "APA"]


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
                "type_of_work": "Letter",
                "name_of_database": "Wilson Center Digital Archive",
                "accession_number": "TsKhSD (Center for the Storage of Contemporary"
                " Documentation), f.5, op.30, d.164, ll. 7a, 48-9",
                "urls": [PERMALINK],
                "language": "ru",
                "abstract": SEED_SUMMARY,
                "notes": ["Obtained by Tatiana Zazerskaia and translated by David Wolff."],
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
                "type_of_work": "Memorandum",
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
                "type_of_work": "Report",
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
