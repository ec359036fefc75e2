"""Result sets to take away: a search's or a person's documents as CSV, JSON Lines, RIS,
BibTeX and CSL-JSON, every match (not one page), published documents only."""

import csv
import io
import json

import jsonschema
import pytest

from readingroom.archive.models import Document, IssuedRecordId, Person, Place, Topic
from readingroom.importers.base import import_files
from readingroom.interop.exports import CSV_COLUMNS
from readingroom.search import engine, matches
from readingroom.search.engine import SearchParams
from readingroom.search.indexer import build_generation


@pytest.fixture
def archive(records, settings, tmp_path):
    """Three published letters of Zhou on isotopes, one on wheat, and a draft on isotopes."""
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    engine.counts_cache.entries.clear()
    zhou, lushun = records.person("Zhou, Enlai"), records.place("Lüshun")
    letters = []
    for n, (title, day) in enumerate(
        [("Isotopes for Lüshun", "1957-06"), ("More isotopes", "1958"), ("Isotopes, again", None)]
    ):
        letter = records.document(title, date=day, summary=f'Letter {n} & "quoted", 周恩来.')
        records.rendition(
            letter, f"Comrade Molotov, the isotopes [{n}].", notes={str(n): "A note."}
        )
        records.link_person(letter, zhou)
        records.link_place(letter, lushun)
        letters.append(letter)
    wheat = records.document("Wheat", date="1956-01-15")
    records.rendition(wheat, "On wheat.")
    records.link_person(wheat, zhou)
    draft = records.draft("Isotopes draft Zqxw")
    records.rendition(draft, "The isotopes, secretly.")
    records.link_person(draft, zhou)
    letters[0].related.add(draft, letters[1])
    build_generation(settings.SEARCH_INDEX_DIR)
    return {"letters": letters, "wheat": wheat, "draft": draft, "zhou": zhou}


def body(response) -> str:
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def test_a_search_downloads_as_csv_with_every_match_and_no_draft(archive, client):
    # when a reader downloads the search "isotopes" as CSV
    response = client.get("/search/export.csv?q=isotopes")

    # then it is a file of the three published letters, in record ID order, no draft
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="search-results.csv"'
    rows = list(csv.DictReader(io.StringIO(body(response))))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [row["title"] for row in rows] == [
        "Isotopes for Lüshun",
        "More isotopes",
        "Isotopes, again",
    ]
    first = rows[0]
    assert first["date"] == "June 1957" and first["date_edtf"] == "1957-06"
    assert first["summary"] == 'Letter 0 & "quoted", 周恩来.'
    assert first["authors"] == "Zhou, Enlai" and first["places"] == "Lüshun"
    assert first["url"].endswith(f"/document/{archive['letters'][0].record_id}")
    assert rows[2]["date"] == ""


def test_the_export_follows_the_search_filters(archive, client):
    # a date range narrows the export as it narrows the page
    text = body(client.get("/search/export.ris?q=isotopes&from=1958&to=1958"))
    assert text.count("ER  - ") == 1
    assert "TI  - More isotopes" in text


@pytest.mark.parametrize(
    ("size", "expected"), [(1, [[1], [2], [3]]), (2, [[1, 2], [3]]), (3, [[1, 2, 3]])]
)
def test_matches_come_in_batches_each_once(archive, size, expected):
    ids = [letter.record_id for letter in archive["letters"]]
    batches = list(matches.record_id_batches(SearchParams(q="isotopes"), size=size))
    assert batches == [[ids[i - 1] for i in batch] for batch in expected]


def test_a_persons_documents_download_as_ris_oldest_first(archive, client):
    response = client.get(f"/people/{archive['zhou'].slug}/documents.ris")
    assert response.status_code == 200
    text = body(response)
    titles = [line[6:] for line in text.split("\r\n") if line.startswith("TI  - ")]
    # oldest first, the undated last; the draft nowhere
    assert titles == ["Wheat", "Isotopes for Lüshun", "More isotopes", "Isotopes, again"]
    assert text.count("ER  - \r\n") == 4
    assert "Zqxw" not in text


def test_csl_json_is_one_valid_list_across_batches(archive, client, shared_dir, monkeypatch):
    # given batches of one document each, so that the list is written in four parts
    monkeypatch.setattr("readingroom.interop.exports.BATCH", 1)
    monkeypatch.setattr(
        "readingroom.interop.views_exports.record_id_batches",
        lambda documents: ([record_id] for record_id in documents.values_list("pk", flat=True)),
    )
    text = body(client.get(f"/people/{archive['zhou'].slug}/documents.csl.json"))
    items = json.loads(text)
    assert sorted(item["title"] for item in items) == [
        "Isotopes for Lüshun",
        "Isotopes, again",
        "More isotopes",
        "Wheat",
    ]
    schema = json.loads((shared_dir / "schemas" / "csl" / "csl-data.json").read_text())
    jsonschema.validate(items, schema)


def test_bibtex_has_an_entry_per_document(archive, client):
    text = body(client.get("/search/export.bib?q=isotopes"))
    assert text.count("@unpublished{") == 3
    assert "title = {{Isotopes for Lüshun}}" in text


def test_json_lines_export_imports_into_an_empty_archive(archive, client, tmp_path):
    # given the JSON Lines of a search
    text = body(client.get("/search/export.jsonl?q=isotopes"))
    # (which names no draft, not even as a related record's ID)
    first = json.loads(text.splitlines()[0])
    assert first["related"] == [archive["letters"][1].record_id]
    path = tmp_path / "records.jsonl"
    path.write_text(text, encoding="utf-8")
    before = {
        d.record_id: (d.title, d.summary, d.date, [r.text for r in d.renditions.all()])
        for d in Document.objects.filter(record_id__in=[x.record_id for x in archive["letters"]])
    }
    # when the archive is emptied (as a new one is, with no record IDs ever issued)
    # and the file imported
    Document.objects.all().delete()
    for model in (Person, Place, Topic, IssuedRecordId):
        model.objects.all().delete()
    import_files([path])

    # then the three letters are back, exactly, published, with their people and places
    after = {
        d.record_id: (d.title, d.summary, d.date, [r.text for r in d.renditions.all()])
        for d in Document.objects.all()
    }
    assert after == before
    assert set(Document.objects.values_list("status", flat=True)) == {"published"}
    assert Person.objects.get().sort_name == "Zhou, Enlai"
    assert Place.objects.get().name == "Lüshun"


@pytest.mark.parametrize(
    "url",
    [
        "/search/export.pdf?q=isotopes",
        "/people/draftonly/documents.csv",
        "/people/zhou-enlai/documents.exe",
    ],
    ids=["unknown format", "unknown person", "unknown format of a person"],
)
def test_what_is_not_offered_is_not_found(archive, client, url):
    assert client.get(url).status_code == 404


def test_pages_link_their_downloads(archive, client):
    page = client.get("/search?q=isotopes&sort=title").content.decode()
    assert 'href="/search/export.csv?q=isotopes"' in page
    assert 'href="/search/export.jsonl?q=isotopes"' in page
    person = client.get(f"/people/{archive['zhou'].slug}").content.decode()
    assert f'href="/people/{archive["zhou"].slug}/documents.ris"' in person
    # a search that finds nothing offers nothing to download
    assert "/search/export" not in client.get("/search?q=nothingatall").content.decode()


def test_the_catalog_and_its_periods_download_oldest_first(archive, client):
    rows = list(csv.DictReader(io.StringIO(body(client.get("/catalog/documents.csv")))))
    assert [row["title"] for row in rows] == [
        "Wheat",
        "Isotopes for Lüshun",
        "More isotopes",
        "Isotopes, again",
    ]
    text = body(client.get("/catalog/1950s/documents.ris"))
    assert text.count("ER  - ") == 3
    assert client.get("/catalog/1957-13/documents.csv").status_code == 404
    assert 'href="/catalog/documents.bib"' in client.get("/catalog").content.decode()
    assert 'href="/catalog/1957/documents.csv"' in client.get("/catalog/1957").content.decode()
