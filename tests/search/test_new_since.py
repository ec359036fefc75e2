"""Searches that speak: an Atom feed of what a search finds as it is published, and
"new since" (documents first published on or after a day)."""

import datetime as dt

import pytest
from lxml import etree

from readingroom.archive.models import Document, note_changed
from tests.interop.xml_schemas import assert_valid, atom_schema

ATOM = {"a": "http://www.w3.org/2005/Atom"}
UTC = dt.UTC


def published(records, title: str, when: str, **fields) -> Document:
    return records.document(
        title, published_at=dt.datetime.fromisoformat(when).replace(tzinfo=UTC), **fields
    )


@pytest.fixture
def archive(records, search_index):
    """Isotope letters published on 1 and 20 November, wheat on 25, a draft on isotopes."""
    old = published(records, "Isotopes in November", "2026-11-01T10:00")
    new = published(records, "Isotopes, later", "2026-11-20T23:59")
    wheat = published(records, "Wheat", "2026-11-25T08:00")
    records.draft("Isotopes drafted")
    search_index.rebuild()
    return {"old": old, "new": new, "wheat": wheat}


def titles(search, **params) -> list[str]:
    return [result["title"] for result in search(**params)["results"]]


@pytest.mark.parametrize(
    ("since", "expected"),
    [
        ("2026-11-20", ["Isotopes, later"]),
        ("2026-11", ["Isotopes in November", "Isotopes, later"]),
        ("2026-11-21", []),
    ],
    ids=["a day", "a month: its first day", "after the last"],
)
def test_new_since_keeps_documents_published_from_that_day(archive, search, since, expected):
    assert sorted(titles(search, q="isotopes", since=since)) == expected


def test_new_since_that_cannot_be_read_is_ignored_and_said(archive, search):
    answer = search(q="isotopes", since="last tuesday")
    assert answer["total"] == 2
    assert any("New since" in note and "ignored" in note for note in answer["notes"])


def test_new_since_counts_facets_and_years_too(archive, search):
    answer = search(since="2026-11-20")
    assert answer["total"] == 2
    assert sum(year["count"] for year in answer["years"]) == 2


def test_the_search_page_says_new_since_and_links_its_feed(archive, client):
    page = client.get("/search?q=isotopes&since=2026-11-20").content.decode()
    assert "New since 2026-11-20" in page
    assert (
        '<link rel="alternate" type="application/atom+xml" '
        'href="/search.atom?q=isotopes&amp;since=2026-11-20"'
    ) in page


@pytest.fixture
def schema(shared_dir):
    return atom_schema(shared_dir)


def entries(root) -> list[str]:
    return [title.text for title in root.findall("a:entry/a:title", ATOM)]


def test_the_feed_of_a_search_is_valid_atom_newest_published_first(archive, client, schema):
    response = client.get("/search.atom?q=isotopes")
    assert response.status_code == 200
    root = assert_valid(schema, response.content)
    assert entries(root) == ["Isotopes, later", "Isotopes in November"]
    assert root.find("a:title", ATOM).text.startswith("New in a search for “isotopes”")
    self_link = root.find("a:link[@rel='self']", ATOM).get("href")
    assert self_link.endswith("/search.atom?q=isotopes")


def test_the_feed_lists_a_document_published_after_it_was_first_read(
    archive, client, schema, records, search_index
):
    # given a reader who has read the feed once
    assert entries(etree.fromstring(client.get("/search.atom?q=isotopes").content)) == [
        "Isotopes, later",
        "Isotopes in November",
    ]
    # when a document on isotopes is published, and the indexer takes it in
    document = published(records, "Isotopes, newest", "2026-12-05T07:00")
    note_changed([document.pk])
    search_index.sync()

    # then the feed, read again, has it first, and is still valid
    root = assert_valid(schema, client.get("/search.atom?q=isotopes").content)
    assert entries(root)[0] == "Isotopes, newest"


def test_the_feed_follows_filters_and_new_since(archive, client, schema):
    root = assert_valid(schema, client.get("/search.atom?since=2026-11-20").content)
    assert entries(root) == ["Wheat", "Isotopes, later"]
