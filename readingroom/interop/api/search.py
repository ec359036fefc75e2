"""/api/search: the search page's search, with its parameters, answered in the API's terms.

The parameters are those of /search (so a search can move between the page and the
API by its query string) and are read by the search app's own ``SearchParams``; the
index says which documents match, the database what they are, published only. Search
results are ranked, so they are paged by number (``page``), not by cursor.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from readingroom.archive.models import Document
from readingroom.search.engine import (
    MOST_RESULTS,
    PER_PAGE_CHOICES,
    SearchParams,
    outcome_json,
    run_search,
)
from readingroom.search.indexer import ensure_background_indexer

from . import queries, schemas
from .queries import LanguageCode, SlugValue

router = Router(tags=["search"])


class SearchQuery(Schema):
    """Documented here; read leniently by the search page's ``SearchParams.from_query``."""

    q: str = Field("", max_length=2000, description='The query: words, "phrases", OR, -not.')
    like: int | None = Field(
        None, ge=1, description="A record ID: the 100 documents whose words are most like its."
    )
    person: list[SlugValue] = Field([], description="Person slugs (any of them).")
    place: list[SlugValue] = Field([], description="Place slugs.")
    topic: list[SlugValue] = Field([], description="Topic slugs.")
    collection: list[SlugValue] = Field([], description="Collection slugs.")
    language: list[LanguageCode] = Field([], description="Original language codes.")
    type: list[Document.Type] = Field([], description="Document types.")
    funder: list[SlugValue] = Field([], description="Funder slugs.")
    repository: list[SlugValue] = Field([], description="Repository slugs.")
    date_from: str = Field("", alias="from", max_length=40, description='"1957", "1957-06".')
    date_to: str = Field("", alias="to", max_length=40, description="As from.")
    sort: str = Field("", pattern="^(|relevance|-date|date|title)$")
    per_page: int = Field(PER_PAGE_CHOICES[0], description="10, 20 or 50.")
    page: int = Field(1, ge=1, le=MOST_RESULTS)


class SearchResultOut(schemas.DocumentSummaryOut):
    snippets: list[str] = Field(description="Passages with the words found, as safe HTML.")


class FacetValueOut(Schema):
    key: str
    label: str
    count: int
    selected: bool


class YearCountOut(Schema):
    year: int
    count: int


class SearchOut(Schema):
    query: str
    like: int | None = Field(description="The record ID of ``like``, if given.")
    ready: bool = Field(description="False while the index is first being built.")
    total: int
    page: int
    per_page: int
    sort: str
    results: list[SearchResultOut]
    facets: dict[str, list[FacetValueOut]]
    years: list[YearCountOut]
    did_you_mean: str
    notes: list[str]
    next: str | None


def _results(hits) -> list[dict]:
    documents = queries.document_list().filter(record_id__in=[hit.record_id for hit in hits])
    by_id = {document.record_id: document for document in documents}
    return [
        schemas.document_summary_data(by_id[hit.record_id]) | {"snippets": hit.snippets}
        for hit in hits
        if hit.record_id in by_id  # unpublished since it was indexed
    ]


@router.get(
    "/search",
    response={200: SearchOut, 422: schemas.ErrorOut},
    url_name="search",
    summary="Search published documents",
)
def search(request: HttpRequest, params: Query[SearchQuery]):
    """The documents matching a query and filters, ranked, with facet counts."""
    ensure_background_indexer()
    wanted = SearchParams.from_query(request.GET)
    outcome = run_search(wanted)
    shown = wanted.page * wanted.per_page
    following = None
    if shown < min(outcome.total, MOST_RESULTS):
        following = f"{schemas.absolute(request.path)}?{wanted.querystring(page=wanted.page + 1)}"
    return {
        "query": wanted.q,
        "like": wanted.like or None,
        "ready": outcome.ready,
        "total": outcome.total,
        "page": wanted.page,
        "per_page": wanted.per_page,
        "sort": wanted.effective_sort,
        "results": _results(outcome.hits),
        **outcome_json(outcome),
        "next": following,
    }
