"""The search page, its JSON twin (/search.json) and the autocomplete of names.

The index says which documents match; the database says what they are. Results are
read from the database by record ID (one query a page) and only published ones are
shown, so a document unpublished a moment ago never appears even before the indexer
has caught up.
"""

import calendar
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from readingroom.archive.models import Document, Place
from readingroom.interop.exports import download_links

from .engine import (
    MOST_RESULTS,
    PER_PAGE_CHOICES,
    SORTS,
    SearchOutcome,
    SearchParams,
    outcome_json,
    run_search,
)
from .facets import FACETS_BY_PARAM
from .indexer import ensure_background_indexer
from .names import suggest


@dataclass
class Link:
    label: str
    url: str
    current: bool = False


class ResultsPage:
    """What ``_pagination.html`` needs: a Django page over the hits, and the query string."""

    def __init__(self, outcome: SearchOutcome):
        params = outcome.params
        paginator = Paginator(range(min(outcome.total, MOST_RESULTS)), params.per_page)
        self.page = paginator.get_page(params.page)
        self.count = outcome.total
        # _pagination.html writes "?{{ sort_param }}page=N": keep the whole search in it.
        base = params.querystring()
        self.sort_param = f"{base}&" if base else ""
        self.page_range = paginator.get_elided_page_range(
            self.page.number, on_each_side=2, on_ends=1
        )


def documents_for(outcome: SearchOutcome) -> list[Document]:
    """The hits' documents in the order of the hits, each with its snippets."""
    ids = [hit.record_id for hit in outcome.hits]
    # By primary key alone, status checked here: given "status = 'published'" (or an
    # ORDER BY), SQLite may walk the (status, date) index over every published document
    # instead of looking up ten keys.
    found = Document.objects.filter(record_id__in=ids).order_by()
    columns = ("record_id", "title", "date", "date_certainty", "summary", "status")
    by_id = {d.record_id: d for d in found.only(*columns)}
    documents = []
    for hit in outcome.hits:
        if (document := by_id.get(hit.record_id)) and document.is_published:
            document.snippets = hit.snippets
            # Each snippet links to the paragraph it was cut from, where one was found.
            url = document.get_absolute_url()
            document.snippet_links = [
                (snippet, f"{url}#{passage}" if passage else url)
                for snippet, passage in zip(hit.snippets, hit.passages, strict=True)
            ]
            documents.append(document)
    return documents


def search(request):
    ensure_background_indexer()
    params = SearchParams.from_query(request.GET)
    outcome = run_search(params)
    page_url = reverse("search:search")
    context = {
        "query": params.q,
        "params": params,
        "outcome": outcome,
        "results": ResultsPage(outcome),
        "documents": documents_for(outcome),
        "facets": facet_sections(outcome, page_url),
        "years": year_bars(outcome, page_url),
        "months": month_bars(outcome, page_url),
        "first_year": outcome.years[0][0] if outcome.years else None,
        "last_year": outcome.years[-1][0] if outcome.years else None,
        "active_filters": active_filters(params, page_url),
        "map_places": map_places(outcome, page_url) if settings.MAP_AVAILABLE else [],
        "year_range_url": f"{page_url}?{params.querystring(date_from='', date_to='')}",
        "sorts": [
            Link(label, f"{page_url}?{params.querystring(sort=key)}", key == params.effective_sort)
            for key, label in SORTS.items()
            if key != "relevance" or params.q or params.like
        ],
        "per_page_links": [
            Link(str(n), f"{page_url}?{params.querystring(per_page=n)}", n == params.per_page)
            for n in PER_PAGE_CHOICES
        ],
        "did_you_mean_url": f"{page_url}?{params.querystring(q=outcome.did_you_mean)}",
        # the same search without, or again with, the other names of the names in it
        "toggle_exact_url": f"{page_url}?{params.querystring(exact=not params.exact)}",
        "json_url": f"{reverse('search:search-json')}?{params.querystring(page=params.page)}",
        "feed_url": feed_url(params),
        "downloads": download_links(
            export_path(), params.querystring(sort="", per_page=10, more="")
        )
        if outcome.total
        else [],
    }
    return render(request, "search/search.html", context)


def feed_url(params: SearchParams) -> str:
    """/search.atom with this search's words, filters and dates: its newest documents."""
    query = params.querystring(sort="", per_page=10, more="")
    return reverse("interop:search-feed") + (f"?{query}" if query else "")


def export_path() -> str:
    """/search/export: add an extension (.csv) and the search's query string."""
    return reverse("interop:search-export", args=["csv"]).removesuffix(".csv")


# A results page has a hundred or more facet and year links: built here with format_html
# (escaping every value) they cost a tenth of what the same loops cost in a template.
CURRENT = mark_safe(' aria-current="true"')


def facet_sections(outcome: SearchOutcome, page_url: str) -> SafeString:
    """The facets' lists of values, each value a link that adds or removes it."""
    params = outcome.params
    sections = []
    for facet, values in outcome.facets:
        if not values:
            continue
        items = format_html_join(
            "",
            '<li><a href="{}"{}>{}</a> <span class="count">{}</span></li>',
            (
                (
                    f"{page_url}?{params.toggled(facet.param, value.key)}",
                    CURRENT if value.selected else "",
                    value.label,
                    f"{value.count:,}",
                )
                for value in values
            ),
        )
        more = ""
        if params.more == facet.param:
            more = format_html(
                '<p class="facet-more"><a href="{}">Fewer</a></p>',
                f"{page_url}?{params.querystring(more='')}",
            )
        elif facet.param in outcome.truncated:
            more = format_html(
                '<p class="facet-more"><a href="{}">More {}</a></p>',
                f"{page_url}?{params.querystring(more=facet.param)}#facet-{facet.param}",
                facet.title.lower(),
            )
        sections.append(
            format_html(
                '<section class="facet facet-{}" id="facet-{}">\n<h2>{}</h2>\n<ul>\n{}\n</ul>'
                "\n{}</section>",
                facet.param,
                facet.param,
                facet.title,
                items,
                more,
            )
        )
    return mark_safe("\n".join(sections))  # noqa: S308 (each part built by format_html)


# The most years the histogram fills in between its first and last: a stray date (a
# document "dated" 1066) would otherwise make a thousand empty bars.
MOST_YEARS_FILLED = 200
GAP = (
    '<li class="gap" data-period="{}"><span class="bar"></span>'
    '<span class="visually-hidden">{}: 0</span></li>'
)


def entity_overview(param: str, slug: str) -> dict:
    """A person's, topic's, collection's or place's documents in time and place: the
    year histogram and the map of the search ``?<param>=<slug>`` (its bars and circles
    lead there). A place's page has no map: the place counts of its documents are counted
    without its own filter (as a facet is), so they would be every document's places."""
    params = SearchParams(filters=((param, (slug,)),))
    outcome = run_search(params)
    if not outcome.ready or not outcome.total:
        return {}
    page_url = reverse("search:search")
    return {
        "years": year_bars(outcome, page_url),
        "first_year": outcome.years[0][0] if outcome.years else None,
        "last_year": outcome.years[-1][0] if outcome.years else None,
        "year_range_url": f"{page_url}?{params.querystring()}",
        "map_places": (
            map_places(outcome, page_url) if settings.MAP_AVAILABLE and param != "place" else []
        ),
    }


# The most places a map of results marks: the most frequent, by their documents.
MAP_PLACES = 200


def map_places(outcome: SearchOutcome, page_url: str) -> list[dict]:
    """The places of the results that have coordinates, for the map: name, where, how
    many of the results, and the link that filters by it (or removes that filter)."""
    counts = outcome.place_counts
    if not counts:
        return []
    top = sorted(counts, key=lambda slug: (-counts[slug], slug))[:MAP_PLACES]
    rows = (
        Place.objects.public()
        .filter(slug__in=top, latitude__isnull=False, longitude__isnull=False)
        .values_list("slug", "name", "latitude", "longitude")
    )
    params, selected = outcome.params, set(outcome.params.selected.get("place", ()))
    return [
        {
            "name": name,
            "lat": float(latitude),
            "lon": float(longitude),
            "count": counts[slug],
            "selected": slug in selected,
            "url": f"{page_url}?{params.toggled('place', slug)}",
        }
        for slug, name, latitude, longitude in sorted(rows, key=lambda r: (-counts[r[0]], r[0]))
    ]


def with_gaps(years: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Every year from the first to the last, those without matches as 0: a gap in the
    documents shows as a gap, not squeezed out."""
    if not years or years[-1][0] - years[0][0] > MOST_YEARS_FILLED:
        return years
    counts = dict(years)
    return [(year, counts.get(year, 0)) for year in range(years[0][0], years[-1][0] + 1)]


def year_bars(outcome: SearchOutcome, page_url: str) -> SafeString:
    """The year histogram: a bar per year, each a link to that year's documents; a year
    without any an empty, unlinked place."""
    tallest = max((count for _, count in outcome.years), default=1)
    params = outcome.params
    bars = []
    for year, count in with_gaps(outcome.years):
        if not count:
            bars.append(format_html(GAP, year, year))
            continue
        bars.append(
            format_html(
                '<li data-period="{}"><a href="{}"{} title="{}: {}"><span class="bar h{}"></span>'
                '<span class="visually-hidden">{}: {}</span></a></li>',
                year,
                f"{page_url}?{params.querystring(date_from=str(year), date_to=str(year))}",
                CURRENT if params.date_from == params.date_to == str(year) else "",
                year,
                count,
                # Heights in steps of 5% as classes (search.css): the Content Security
                # Policy allows no style attribute.
                max(1, round(20 * count / tallest)) * 5,
                year,
                count,
            )
        )
    return mark_safe("".join(bars))  # noqa: S308 (each part built by format_html)


def month_bars(outcome: SearchOutcome, page_url: str) -> SafeString:
    """For a narrow date range, a bar per month of it (empty months as gaps), each a
    link to the search narrowed to that month."""
    tallest = max((count for _, _, count in outcome.months), default=1) or 1
    params = outcome.params
    bars = []
    for year, month, count in outcome.months:
        name = f"{calendar.month_abbr[month]} {year}"
        if not count:
            bars.append(format_html(GAP, f"{year:04d}-{month:02d}", name))
            continue
        key = f"{year:04d}-{month:02d}"
        bars.append(
            format_html(
                '<li data-period="{}"><a href="{}"{} title="{}: {}"><span class="bar h{}"></span>'
                '<span class="visually-hidden">{}: {}</span></a></li>',
                key,
                f"{page_url}?{params.querystring(date_from=key, date_to=key)}",
                CURRENT if params.date_from == params.date_to == key else "",
                name,
                count,
                max(1, round(20 * count / tallest)) * 5,
                name,
                count,
            )
        )
    return mark_safe("".join(bars))  # noqa: S308 (each part built by format_html)


def active_filters(params: SearchParams, page_url: str) -> list[Link]:
    """Each filter in force, with the link that removes it."""
    links = []
    for param, values in params.filters:
        facet = FACETS_BY_PARAM[param]
        labels = facet.labels(list(values))
        for value in values:
            label = f"{facet.title}: {labels.get(value, value)}"
            links.append(Link(label, f"{page_url}?{params.toggled(param, value)}"))
    if params.date_from or params.date_to:
        span = f"{params.date_from or '…'} – {params.date_to or '…'}"
        links.append(
            Link(f"Dates: {span}", f"{page_url}?{params.querystring(date_from='', date_to='')}")
        )
    if params.since:
        links.append(
            Link(f"New since {params.since}", f"{page_url}?{params.querystring(since='')}")
        )
    if params.like:
        links.append(
            Link(f"Like: {liked_title(params.like)}", f"{page_url}?{params.querystring(like=0)}")
        )
    return links


def liked_title(record_id: int) -> str:
    """How the document of a ``like=`` search is named: its title if it is published,
    else only its record ID (a draft's title is not public)."""
    title = Document.objects.published().filter(record_id=record_id).values_list("title", flat=True)
    return f"“{title[0]}”" if title else f"record {record_id}"


def search_json(request):
    """The same search as /search, as JSON."""
    ensure_background_indexer()
    params = SearchParams.from_query(request.GET)
    outcome = run_search(params)
    results = ResultsPage(outcome)
    data = {
        "query": params.q,
        "like": params.like or None,
        "ready": outcome.ready,
        "total": outcome.total,
        "page": results.page.number,
        "per_page": params.per_page,
        "sort": params.effective_sort,
        "results": [document_json(d) for d in documents_for(outcome)],
        **outcome_json(outcome),
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def document_json(document: Document) -> dict:
    return {
        "record_id": document.record_id,
        "url": settings.SITE_URL + document.get_absolute_url(),
        "title": document.title,
        "date": document.date.display() if document.date else "",
        "date_edtf": document.date.edtf() if document.date else "",
        "summary": document.summary,
        "snippets": document.snippets,
        "snippet_urls": [settings.SITE_URL + url for _, url in document.snippet_links],
    }


def autocomplete(request):
    """People, places and topics whose names start like ?q=, as JSON."""
    text = request.GET.get("q", "")[:100]
    return JsonResponse({"suggestions": suggest(text)}, json_dumps_params={"ensure_ascii": False})
