"""Facet counts are exact, whichever way they are taken.

A narrow search aggregates its matches' values (``aggregated``); a broad one counts each
facet value's term in one pass (``counted_terms``), its people through the "hot" people
of the generation when those alone make the top of the facet, and over the matches
otherwise (``people_over_matches``). Each way is checked against the database.
"""

from collections import Counter
from unittest.mock import Mock

import pytest

from readingroom.archive.models import Document, PersonDocumentRelation
from readingroom.generator.generate import generate_archive
from readingroom.search import engine, indexer
from readingroom.search.index import reader
from readingroom.search.query import build, parse


@pytest.fixture
def generated(db, search_index, monkeypatch):
    """300 generated documents (50 Zipf-distributed people, 20 of the documents drafts),
    indexed with 15 hot people; ``over_matches`` records each count of people over the
    matches."""
    monkeypatch.setattr(indexer, "HOT_PEOPLE", 15)
    generate_archive(300, seed=3)
    drafts = Document.objects.order_by("pk").values_list("pk", flat=True)[:20]
    Document.objects.filter(pk__in=list(drafts)).update(status="draft")
    search_index.rebuild()
    spies = {}
    for name in ("aggregated", "counted_terms", "people_over_matches"):
        spies[name] = Mock(wraps=getattr(engine, name))
        monkeypatch.setattr(engine, name, spies[name])
    return spies


def matched_ids(query_text: str) -> list[int]:
    """What the index matches for ``query_text``: every record ID, straight from tantivy."""
    if not query_text:
        return list(Document.objects.published().values_list("pk", flat=True))
    searcher, _ = reader().searcher()
    query = build(parse(query_text))
    total = searcher.search(query, 1, count=True).count
    result = searcher.search(query, total)
    return searcher.fast_field_values("record_id", [address for _, address in result.hits])


def top(counts: Counter, size: int = 10) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:size])


def counted(through, column: str, record_ids: list[int]) -> Counter:
    pairs = set(
        through.objects.filter(document_id__in=record_ids).values_list("document_id", column)
    )
    return Counter(value for _, value in pairs)


def people(record_ids):
    return counted(PersonDocumentRelation, "person__slug", record_ids)


def facet(answer, param: str) -> dict[str, int]:
    return {value["key"]: value["count"] for value in answer["facets"][param]}


@pytest.mark.parametrize(
    ("query", "hot"),
    [("", True), ("the", True), ('"of the"', True), ("memorandum OR telegram", None)],
)
def test_facets_count_every_match_exactly(generated, search, query, hot):
    answer = search(q=query)

    ids = matched_ids(query)
    assert answer["total"] == len(ids) > 100
    assert facet(answer, "person") == top(people(ids))
    # a search matching most documents is counted through the terms, its people through
    # the hot ones alone
    assert generated["counted_terms"].called
    assert not generated["aggregated"].called
    if hot is not None:
        assert generated["people_over_matches"].called is not hot
    assert facet(answer, "topic") == top(counted(Document.topics.through, "topic__slug", ids))
    assert facet(answer, "place") == top(counted(Document.places.through, "place__slug", ids))
    assert facet(answer, "language") == top(
        counted(Document.original_languages.through, "language_id", ids)
    )
    dates = Document.objects.filter(pk__in=ids, date_start__isnull=False)
    years = Counter(day.year for day in dates.values_list("date_start", flat=True))
    assert {year["year"]: year["count"] for year in answer["years"]} == dict(years)


def test_a_narrow_search_is_aggregated_over_its_matches(generated, search):
    # given a word in the titles of only a few documents
    titles = Counter(
        word.lower()
        for title in Document.objects.published().values_list("title", flat=True)
        for word in set(title.split())
        if word.isalpha() and len(word) > 5
    )
    query = "title:" + min(titles, key=lambda w: (titles[w], w))

    answer = search(q=query)

    ids = matched_ids(query)
    assert 0 < answer["total"] == len(ids) < 10
    assert facet(answer, "person") == top(people(ids))
    assert facet(answer, "place") == top(counted(Document.places.through, "place__slug", ids))
    dates = Document.objects.filter(pk__in=ids, date_start__isnull=False)
    years = Counter(day.year for day in dates.values_list("date_start", flat=True))
    assert {year["year"]: year["count"] for year in answer["years"]} == dict(years)
    assert generated["aggregated"].called
    assert not generated["counted_terms"].called


def test_people_are_counted_over_the_matches_when_the_hot_ones_may_not_be_the_top(
    generated, search, monkeypatch
):
    # given someone outside the hot set who might be in more documents than any hot one
    monkeypatch.setattr(engine, "people_bound", lambda view: 10**9)

    answer = search(q="the")

    assert generated["people_over_matches"].called
    assert facet(answer, "person") == top(people(matched_ids("the")))


def test_a_selected_person_is_left_out_of_the_people_counts(generated, search):
    # given a reader who picked someone outside the hot set
    hot = reader().view().hot_people
    link = (
        PersonDocumentRelation.objects.filter(document__status="published")
        .exclude(person__slug__in=hot)
        .select_related("person")
        .first()
    )
    answer = search(person=link.person.slug)

    # then the results are that person's documents, counted for places ...
    ids = list(
        Document.objects.published()
        .filter(person_links__person=link.person)
        .values_list("pk", flat=True)
        .distinct()
    )
    assert answer["total"] == len(ids) > 0
    assert facet(answer, "place") == top(counted(Document.places.through, "place__slug", ids))
    # ... while the people facet counts as if nobody had been picked
    assert facet(answer, "person") == top(people(matched_ids("")))
