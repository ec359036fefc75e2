"""Running a search: from the reader's parameters to hits, counts and suggestions.

``SearchParams`` reads the query string leniently (every option of a search lives
there, so a search can be bookmarked and shared); ``run_search`` asks the index and
returns plain data that the HTML page and its JSON twin both render.

Facet counts are over all matches, not just the page shown. Aggregating the values of
every match costs time in proportion to the matches (200 ms for a word in every one of a
million documents), so instead each facet value is a term of its own and one pass over
those terms' postings counts them all (``count_everything``); the people, too many for
that, are counted through the few who are in the most documents (``people_counts``).
The counts are cached per (index version, query, filters): paging through results or
changing the sort costs only the top hits.
"""

import heapq
import re
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import quote_plus

import tantivy
from django.http import QueryDict
from rapidfuzz import process
from rapidfuzz.distance import OSA
from tantivy import Occur, Order, Query

from readingroom.archive.passages import first_passage

from .analysis import analyze, fold, pair_terms
from .entries import passage_renditions, snippet_documents
from .facets import (
    FACETS,
    FACETS_BY_PARAM,
    MOST_VALUES_PER_PARAMETER,
    DateRange,
    FacetValue,
    MonthHistogram,
    PublishedSince,
    YearHistogram,
    bucket_counts,
    months_of,
)
from .index import (
    ALL,
    FACET_FIELD,
    HOT_PREFIX,
    SCHEMA,
    TEXT_FIELDS,
    YEAR_PREFIX,
    IndexView,
    reader,
)
from .names import variants
from .query import DEFAULT_FIELDS, NAME_FIELDS, ParsedQuery, Phrase, Word, build, parse
from .similar import like_query
from .variants import Expansion, expand

SORTS = {
    "relevance": "Relevance",
    "-date": "Newest first",
    "date": "Oldest first",
    "title": "Title",
}
# sort -> (fast field, order)
SORT_FIELDS = {
    "-date": ("day_desc", Order.Desc),
    "date": ("day_asc", Order.Asc),
    "title": ("title_key", Order.Asc),
}
PER_PAGE_CHOICES = (10, 20, 50)
# The deepest result one can page to: past it, narrowing the search helps more.
MOST_RESULTS = 10_000
MOST_QUERY_CHARACTERS = 2000
SNIPPET_FIELDS = ("body", "body_ru")
SNIPPET_CHARACTERS = 240
HISTOGRAM = YearHistogram()
# More facet terms than any archive has: people apart, values are hundreds.
MOST_TERMS = 1_000_000
# Below this share of the index, a search's facets are aggregated over its matches; above
# it, counted through the facet terms. Where the two cost the same at a million documents
# (about 200 ns a match against about 20 ms a pass).
AGGREGATE_BELOW_SHARE = 0.1
YEARS = HISTOGRAM.name
# The prefix of a facet's terms, where it is not "<param>:".
TERM_PREFIX = {"person": HOT_PREFIX, YEARS: YEAR_PREFIX}


@dataclass(frozen=True)
class SearchParams:
    """What the reader asked for, as read (leniently) from the query string."""

    q: str = ""
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    date_from: str = ""
    date_to: str = ""
    sort: str = ""
    per_page: int = PER_PAGE_CHOICES[0]
    page: int = 1
    exact: bool = False  # the words as written, without the other names of a name
    since: str = ""  # first published on or after this day ("new since")
    more: str = ""  # the facet whose every value (up to MORE_VALUES) is shown
    like: int = 0  # the record ID of a document whose words the matches share (similar.py)

    @classmethod
    def from_query(cls, data: QueryDict) -> "SearchParams":
        filters = []
        for facet in FACETS:
            values = [v.strip() for v in data.getlist(facet.param) if v.strip()]
            if values:
                unique = tuple(dict.fromkeys(values))[:MOST_VALUES_PER_PARAMETER]
                filters.append((facet.param, unique))
        sort = data.get("sort", "")
        return cls(
            q=data.get("q", "").strip()[:MOST_QUERY_CHARACTERS],
            filters=tuple(filters),
            date_from=data.get("from", "").strip()[:40],
            date_to=data.get("to", "").strip()[:40],
            sort=sort if sort in SORTS else "",
            per_page=whole_number(data.get("per_page"), PER_PAGE_CHOICES),
            page=max(1, whole_number(data.get("page"))),
            exact=data.get("exact", "").strip().lower() not in ("", "0", "off", "false"),
            since=data.get("since", "").strip()[:40],
            more=data.get("more", "") if data.get("more", "") in FACETS_BY_PARAM else "",
            like=record_id(data.get("like")),
        )

    @property
    def effective_sort(self) -> str:
        return self.sort or ("relevance" if self.q or self.like else "-date")

    @property
    def selected(self) -> dict[str, tuple[str, ...]]:
        return dict(self.filters)

    def querystring(self, **changes) -> str:
        """This search as a query string, with ``changes``; the page resets unless given.

        A results page has a hundred or more links (each facet value, each year), so
        this is written for speed: no copy of the parameters, and each value quoted once.
        """
        get = {"page": 1, **changes}.get
        q, filters = get("q", self.q), get("filters", self.filters)
        date_from, date_to = get("date_from", self.date_from), get("date_to", self.date_to)
        sort, per_page = get("sort", self.sort), get("per_page", self.per_page)
        pairs = [("q", q)] if q else []
        if like := get("like", self.like):
            pairs.append(("like", str(like)))
        if get("exact", self.exact):
            pairs.append(("exact", "1"))
        for param, values in filters:
            pairs += [(param, value) for value in values]
        pairs += [(name, value) for name, value in (("from", date_from), ("to", date_to)) if value]
        if since := get("since", self.since):
            pairs.append(("since", since))
        if more := get("more", self.more):
            pairs.append(("more", more))
        if sort:
            pairs.append(("sort", sort))
        if per_page != PER_PAGE_CHOICES[0]:
            pairs.append(("per_page", str(per_page)))
        if (page := get("page")) > 1:
            pairs.append(("page", str(page)))
        return "&".join(f"{name}={quoted(value)}" for name, value in pairs)

    def toggled(self, param: str, key: str) -> str:
        """The query string with ``key`` added to, or removed from, filter ``param``."""
        selected = self.selected
        values = selected.get(param, ())
        values = tuple(v for v in values if v != key) if key in values else (*values, key)
        selected[param] = values
        filters = tuple((p, selected[p]) for p in (f.param for f in FACETS) if selected.get(p))
        return self.querystring(filters=filters)


@lru_cache(maxsize=4096)
def quoted(value: str) -> str:
    """``value`` as urlencode() writes it in a query string."""
    return quote_plus(value)


def whole_number(value, choices: tuple[int, ...] | None = None, default: int = 1) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = choices[0] if choices else default
    if choices and number not in choices:
        return choices[0]
    return number


def record_id(value) -> int:
    """A record ID as given, or 0 (none): not a number, or beyond any record ID."""
    number = whole_number(value, default=0)
    return number if 0 < number < 2**63 else 0


@dataclass
class Hit:
    record_id: int
    score: float
    address: tantivy.DocAddress
    snippets: list[str] = field(default_factory=list)
    # Per snippet, the paragraph it was cut from ("p4"; archive/passages.py), or "".
    passages: list[str] = field(default_factory=list)


@dataclass
class SearchOutcome:
    params: SearchParams
    ready: bool = True
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: list[tuple[object, list[FacetValue]]] = field(default_factory=list)
    years: list[tuple[int, int]] = field(default_factory=list)
    did_you_mean: str = ""
    notes: list[str] = field(default_factory=list)
    # Names in the query that have other names: searched with them unless params.exact.
    other_names: list[Expansion] = field(default_factory=list)
    # The facets with more values than they show.
    truncated: frozenset[str] = frozenset()
    # (year, month, count) of each month of a narrow date range; else empty.
    months: list[tuple[int, int, int]] = field(default_factory=list)
    # Place slug -> matches, every place counted (more than the facet shows): the map.
    place_counts: dict[str, int] = field(default_factory=dict)

    @property
    def exact(self) -> bool:
        return self.params.exact


def outcome_json(outcome: SearchOutcome) -> dict:
    """The facets, year histogram, suggestion and notes of a search, as JSON data: the
    part /search.json and the API's /api/search share."""
    return {
        "facets": {
            facet.param: [
                {"key": v.key, "label": v.label, "count": v.count, "selected": v.selected}
                for v in values
            ]
            for facet, values in outcome.facets
        },
        "years": [{"year": year, "count": count} for year, count in outcome.years],
        "did_you_mean": outcome.did_you_mean,
        "notes": outcome.notes,
        "other_names": [
            {"name": found.written, "others": list(found.others), "searched": not outcome.exact}
            for found in outcome.other_names
        ],
    }


def run_search(params: SearchParams) -> SearchOutcome:
    """Search the current index; never raises for anything a reader can type."""
    view = reader().view()
    if view is None:
        return SearchOutcome(params, ready=False)
    parsed = parse(params.q)
    searched, other_names, names_version = with_other_names(parsed, params)
    text_query, like_known = words_and_likeness(build(searched), params, view.searcher)
    notes = list(parsed.notes)
    if params.q and not params.like and text_query is None:
        notes.append("There were no words to search for, so all documents are shown.")
    if not like_known:
        notes.append(f"No published document has the record ID {params.like}, so none is like it.")
    dates = DateRange.parse(params.date_from, params.date_to)
    notes += [f"The date filter was ignored: {error}." for error in dates.errors]
    since = PublishedSince.parse(params.since)
    notes += [f"“New since” was ignored: {error}." for error in since.errors]
    filters = Filters(text_query, params, dates)
    # The page's hits in a worker thread (tantivy lets go of the GIL while it searches)
    # while this one counts: the two take about as long at a million documents.
    page = workers().submit(page_of_hits, view.searcher, filters.all(), params, params.page)
    counts = count_everything(view, filters, params, searched, names_version)
    hits = page.result()
    last_page = max(1, -(-min(counts.total, MOST_RESULTS) // params.per_page))
    if params.page > last_page:
        hits = page_of_hits(view.searcher, filters.all(), params, last_page)
    if hits and params.q:  # highlighting needs the positional query of the words
        add_snippets(build(searched, pairs=False), hits, view.searcher)
    facets = counts.facets
    if params.more and counts.total:
        facets = [
            (facet, every_value(view, filters, params, facet) if facet.param == params.more else v)
            for facet, v in facets
        ]
    outcome = SearchOutcome(params, True, counts.total, hits, facets, counts.years, notes=notes)
    outcome.other_names = other_names
    outcome.truncated = counts.truncated
    outcome.months = counts.months
    outcome.place_counts = counts.place_counts
    if params.q and text_query is not None and counts.total < 5:
        outcome.did_you_mean = did_you_mean(view, parsed, params.q)
    return outcome


def words_and_likeness(
    words: Query | None, params: SearchParams, searcher: tantivy.Searcher
) -> tuple[Query | None, bool]:
    """The query of a search's words and of the document its matches must be like
    (``like``), and whether that document is published (if not, nothing matches)."""
    if not params.like:
        return words, True
    likeness = like_query(params.like, searcher)
    known = likeness is not None
    if likeness is None:
        likeness = Query.empty_query()
    if words is None:
        return likeness, known
    return Query.boolean_query([(Occur.Must, words), (Occur.Must, likeness)]), known


def with_other_names(
    parsed: ParsedQuery, params: SearchParams
) -> tuple[ParsedQuery, list[Expansion], int]:
    """The query to search (with the other names of its names, unless the reader wants
    the words as written), those names, and the version of the names searched: other
    names change the matches, so it is part of the counts' key (0 when none was)."""
    if not params.q:
        return parsed, [], 0
    known, version = variants.latest()
    expanded, found = expand(parsed, known)
    if params.exact or not found:
        return parsed, found, 0
    return expanded, found, version


_workers: ThreadPoolExecutor | None = None


def workers() -> ThreadPoolExecutor:
    global _workers
    if _workers is None:
        _workers = ThreadPoolExecutor(max_workers=4, thread_name_prefix="search")
    return _workers


class Filters:
    """The query and every filter, combinable without one of them (for facet counts)."""

    def __init__(self, text_query: Query | None, params: SearchParams, dates: DateRange):
        self.text_query = text_query
        self.by_param = {
            facet.param: facet.filter(list(params.selected[facet.param]))
            for facet in FACETS
            if facet.param in params.selected
        }
        self.dates = dates.filter() if dates else None
        self.date_range = dates
        since = PublishedSince.parse(params.since)
        self.since = since.filter() if since else None

    def all(self, without: str = "") -> Query:
        clauses = [self.text_query] if self.text_query is not None else []
        clauses += [query for param, query in self.by_param.items() if param != without]
        if self.dates is not None and without != "dates":
            clauses.append(self.dates)
        if self.since is not None:
            clauses.append(self.since)
        if not clauses:
            return Query.all_query()
        if len(clauses) == 1:
            return clauses[0]
        return Query.boolean_query([(Occur.Must, clause) for clause in clauses])

    def only_text(self) -> bool:
        """Whether the search is words alone, without any filter."""
        return (
            self.text_query is not None
            and not self.by_param
            and self.dates is None
            and self.since is None
        )


def page_of_hits(searcher: tantivy.Searcher, query: Query, params: SearchParams, page: int):
    """The hits of one page. Without a count, tantivy can skip whole blocks of documents
    that cannot reach the page (the total comes from the facet terms' "all")."""
    offset = (min(page, max(1, MOST_RESULTS // params.per_page)) - 1) * params.per_page
    sort = params.effective_sort
    if sort == "relevance" and (params.q or params.like):
        result = searcher.search(query, params.per_page, count=False, offset=offset)
    else:
        field_name, order = SORT_FIELDS.get(sort, SORT_FIELDS["-date"])
        result = searcher.search(
            query,
            params.per_page,
            count=False,
            offset=offset,
            order_by_field=field_name,
            order=order,
        )
    addresses = [address for _, address in result.hits]
    record_ids = searcher.fast_field_values("record_id", addresses) if addresses else []
    return [
        Hit(record_id, score if isinstance(score, float) else 0.0, address)
        for record_id, (score, address) in zip(record_ids, result.hits, strict=True)
    ]


class CountCache:
    """The last few searches' facet counts, keyed by index version, query and filters."""

    def __init__(self, size: int = 256):
        self.size = size
        self.entries: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            if key in self.entries:
                self.entries.move_to_end(key)
                return self.entries[key]
        return None

    def put(self, key, value) -> None:
        with self.lock:
            self.entries[key] = value
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


counts_cache = CountCache()
# The bound on the counts of people outside the hot set, by index version.
bounds_cache = CountCache(size=4)
# The names of facet values, by index version: (param, key) -> label.
labels_cache = CountCache(size=2)


@dataclass
class Counts:
    """A search's total and the counts behind its facets and year histogram."""

    total: int
    facets: list[tuple[object, list[FacetValue]]]
    years: list[tuple[int, int]]
    truncated: frozenset[str] = frozenset()
    months: list[tuple[int, int, int]] = field(default_factory=list)
    # Place slug -> matches, every place counted (more than the facet shows): the map.
    place_counts: dict[str, int] = field(default_factory=dict)


def count_everything(
    view: IndexView,
    filters: Filters,
    params: SearchParams,
    parsed: ParsedQuery,
    names_version: int = 0,
) -> Counts:
    """The total, each facet counted over all matches, and the year histogram.

    A facet with a selection is counted without its own filter (so that a reader sees
    what else they could add: OR within a facet); likewise the histogram ignores the date
    range. Cached per index version, query and filters: paging or sorting costs nothing.
    """
    key = (
        view.version,
        names_version,
        params.q,
        params.like,
        params.exact,
        params.filters,
        params.date_from,
        params.date_to,
        params.since,
    )
    if (cached := counts_cache.get(key)) is not None:
        return cached
    query = filters.all()
    everything = [*FACETS_BY_PARAM, YEARS]
    if looks_broad(view.searcher, filters, parsed):
        found = counted_terms(view, query, everything)
    else:
        found = facet_counts(view, query, everything, count_matches(view.searcher, query))
    total = found.pop("total")
    # One facet over a broader search: its terms alone are walked, which costs little more
    # than finding the matches, so they need no count to choose the way.
    for param in filters.by_param:
        found.update(counted_terms(view, filters.all(without=param), [param]))
    if filters.dates is not None:
        found.update(counted_terms(view, filters.all(without="dates"), [YEARS]))
    selected = params.selected
    if (known := labels_cache.get(view.version)) is None:
        labels_cache.put(view.version, known := {})
    facets = [
        (facet, facet.values(found[facet.param], list(selected.get(facet.param, ())), known))
        for facet in FACETS
    ]
    truncated = frozenset(
        facet.param
        for facet in FACETS
        if sum(1 for n in found[facet.param].values() if n > 0) > facet.size
    )
    value = Counts(total, facets, HISTOGRAM.values(found[YEARS]), truncated)
    value.months = month_counts(view, query, filters.date_range)
    value.place_counts = {key: n for key, n in found["place"].items() if n > 0}
    counts_cache.put(key, value)
    return value


def month_counts(view: IndexView, query: Query, dates: DateRange) -> list[tuple[int, int, int]]:
    """(year, month, matches) of every month of a narrow date range, none left out."""
    if not (months := months_of(dates)):
        return []
    answer = view.searcher.aggregate(query, {"months": MonthHistogram.aggregation(months)})
    counts = bucket_counts(answer["months"])
    return [(year, month, counts.get(f"{year:04d}-{month:02d}", 0)) for year, month in months]


# The most values "more" shows of one facet.
MORE_VALUES = 200


def every_value(view: IndexView, filters: Filters, params: SearchParams, facet) -> list[FacetValue]:
    """A facet's values up to ``MORE_VALUES``, aggregated over the matches without its
    own selection: asked for by a reader, one facet at a time, so never cached."""
    aggregation = facet.aggregation()
    aggregation["terms"]["size"] = MORE_VALUES + 10
    answer = view.searcher.aggregate(filters.all(without=facet.param), {"more": aggregation})
    if (known := labels_cache.get(view.version)) is None:
        labels_cache.put(view.version, known := {})
    selected = list(params.selected.get(facet.param, ()))
    return facet.values(bucket_counts(answer["more"]), selected, known, size=MORE_VALUES)


def count_matches(searcher, query: Query) -> int:
    """How many documents ``query`` matches (unscored: counting needs no relevance)."""
    return searcher.search(Query.const_score_query(query, 1.0), 1, count=True).count


def looks_broad(searcher, filters: Filters, parsed: ParsedQuery) -> bool:
    """Whether the search surely or probably matches a broad share of the index, so that
    its facets are best counted through the terms, without counting the matches first.

    Words alone, each in at least that share of the documents in some field (a guess
    for several: their documents may not overlap; either way the counts are exact).
    """
    if filters.by_param or filters.dates is not None or filters.since is not None:
        return False
    if filters.text_query is None:
        return True
    root = parsed.root
    if root.any_of or root.must_not or not root.must:
        return False
    enough = searcher.num_docs * AGGREGATE_BELOW_SHARE
    return all(documents_with(searcher, node) >= enough for node in root.must)


def documents_with(searcher, node) -> int:
    """The most documents any one field has ``node`` in (0 when unsure): a plain word's
    doc frequency, or a phrase's pair's."""
    if isinstance(node, Phrase) or (isinstance(node, Word) and not node.prefix):
        if node.fields:
            return 0
        if (pairs := pair_terms(node.text)) is not None and pairs:
            return min(searcher.doc_freq("pairs", pair) for pair in pairs)
        most = 0
        for field_name in DEFAULT_FIELDS:
            terms = analyze(TEXT_FIELDS[field_name], node.text)
            if len(terms) == 1:
                most = max(most, searcher.doc_freq(field_name, terms[0]))
        return most
    return 0


def facet_counts(view: IndexView, query: Query, names: list[str], total: int):
    """Facet (or YEARS) -> value -> documents among the matches of ``query``, each facet
    at least to its ``size`` most frequent values.

    Two ways, both exact. Aggregating the matches' values costs time in proportion to
    the matches: right for a narrow search. A broad one (a common word matches nearly a
    million documents of a million) is counted in one pass over the facet terms, whose
    cost follows the size of the index instead (``counted_terms``).
    """
    if total == 0:
        return {"total": 0} | {name: {} for name in names}
    if total < view.searcher.num_docs * AGGREGATE_BELOW_SHARE:
        return {"total": total} | aggregated(view.searcher, query, names)
    return counted_terms(view, query, names)


def aggregated(searcher, query: Query, names: list[str]) -> dict[str, dict]:
    aggregations = {
        name: HISTOGRAM.aggregation() if name == YEARS else FACETS_BY_PARAM[name].aggregation()
        for name in names
    }
    answers = searcher.aggregate(query, aggregations)
    found = {name: bucket_counts(answers[name]) for name in names}
    if YEARS in found:
        found[YEARS] = {int(year): count for year, count in found[YEARS].items()}
    return found


def counted_terms(view: IndexView, query: Query, names: list[str]) -> dict[str, dict]:
    """The counts of ``names`` from one pass over their facet terms: tantivy finds the
    matching documents once, then counts them in each term's postings."""
    prefix = "" if len(names) > 1 else TERM_PREFIX.get(names[0], f"{names[0]}:")
    terms = view.searcher.terms_with_prefix(
        FACET_FIELD, prefix, filter_query=query, limit=MOST_TERMS
    )
    found: dict = {name: {} for name in names}
    hot: dict[str, int] = {}
    for term, count in terms:
        name, _, value = term.partition(":")
        if term == ALL:
            found["total"] = count
        elif name == YEAR_PREFIX[:-1]:
            found[YEARS][int(value)] = count
        elif name == HOT_PREFIX[:-1]:
            hot[value] = count
        else:
            found[name][value] = count
    if "person" in names:
        found["person"] = people_counts(view, query, hot)
    if len(names) > 1:
        found.setdefault("total", 0)
    return found


def people_counts(view: IndexView, query: Query, hot: dict[str, int]) -> dict[str, int]:
    """The people facet's counts: those of the hot people, when they alone make the top.

    Nobody outside the hot set can be in more matches than in documents, and
    ``people_bound`` is the most documents any of them is in: when the hot people's
    ``size``th count is above it, the hot counts are the top, exactly. Otherwise the
    people are counted over the matches.
    """
    size = FACETS_BY_PARAM["person"].size
    bound = people_bound(view)
    top = heapq.nlargest(size, hot.values())
    if bound == 0 or (len(top) == size and top[-1] > bound):
        return hot
    return people_over_matches(view, query)


def people_over_matches(view: IndexView, query: Query) -> dict[str, int]:
    aggregation = FACETS_BY_PARAM["person"].aggregation()
    return bucket_counts(view.searcher.aggregate(query, {"person": aggregation})["person"])


def people_bound(view: IndexView) -> int:
    """The most documents a person outside the hot set is linked to (an upper bound:
    deleted documents count until tantivy merges them away). 0 when there is nobody."""
    if (cached := bounds_cache.get(view.version)) is not None:
        return cached
    bound = 0
    for slug, documents in view.searcher.terms_with_prefix(
        "person", "", limit=len(view.hot_people) + 1
    ):
        if slug not in view.hot_people:
            bound = documents
            break
    bounds_cache.put(view.version, bound)
    return bound


def add_snippets(text_query: Query | None, hits: list[Hit], searcher) -> None:
    """Highlighted passages of each hit's text where the words matched (safe HTML), cut
    from the database's text of the hits (the index keeps no text)."""
    if text_query is None or not hits:
        return
    generators = []
    for field_name in SNIPPET_FIELDS:
        generator = tantivy.SnippetGenerator.create(searcher, text_query, SCHEMA, field_name)
        generator.set_max_num_chars(SNIPPET_CHARACTERS)
        generators.append(generator)
    documents = snippet_documents([hit.record_id for hit in hits])
    renditions = passage_renditions([hit.record_id for hit in hits])
    for hit in hits:
        if (document := documents.get(hit.record_id)) is None:
            continue
        for generator in generators:
            snippet = generator.snippet_from_doc(document)
            if snippet.highlighted():
                hit.snippets.append(snippet.to_html())
                words = highlighted_words(snippet)
                hit.passages.append(first_passage(renditions.get(hit.record_id, []), words))


def highlighted_words(snippet) -> list[str]:
    """The words a snippet highlights, as they are in the text (its ranges are in bytes)."""
    fragment = snippet.fragment().encode()
    words = [fragment[r.start : r.end].decode(errors="ignore") for r in snippet.highlighted()]
    return list(dict.fromkeys(words))


def did_you_mean(view: IndexView, parsed: ParsedQuery, text: str) -> str:
    """The query with unknown words replaced by the nearest name in the index, or ""."""
    suggestion = text
    for word in parsed.words:
        if word.prefix or (word.fields and not set(word.fields) & set(NAME_FIELDS)):
            continue
        if is_known(view.searcher, word.text):
            continue
        if better := nearest_name(view, word.text):
            replacement = better.capitalize() if word.text[:1].isupper() else better
            suggestion = re.sub(re.escape(word.text), replacement, suggestion, count=1)
    return suggestion if suggestion != text else ""


def is_known(searcher, word: str) -> bool:
    """Whether ``word`` is in some field (a word that makes no term anywhere counts)."""
    analyzed = False
    for field_name in DEFAULT_FIELDS:
        terms = analyze(TEXT_FIELDS[field_name], word)
        if not terms:
            continue
        analyzed = True
        if all(searcher.doc_freq(field_name, term) for term in terms):
            return True
    return not analyzed


# The fields whose words "did you mean" offers: the names of linked people and places.
SUGGESTED_FIELDS = ("person_names", "place_names")
# The names' words of the last index versions: (words, their documents).
suggestions_cache = CountCache(size=2)


def nearest_name(view: IndexView, word: str) -> str:
    """The word of a name in the index fewest edits away (one for a short word, two for a
    longer one; swapping two letters is one), found by most documents: Chrushchev and
    Hrushchev give Khrushchev, whatever their first letter."""
    folded = fold(word)
    if len(folded) < 4 or not folded.isalpha():
        return ""
    words, documents = name_words(view)
    most = 1 if len(folded) < 6 else 2
    found = process.extract(folded, words, scorer=OSA.distance, score_cutoff=most, limit=None)
    if not found:
        return ""
    best = min(found, key=lambda match: (match[1], -documents[match[2]], match[0]))
    return best[0]


def name_words(view: IndexView) -> tuple[list[str], list[int]]:
    """Every word of the indexed names (letters only, three or more), with the most
    documents it is in: read from the term dictionary once per index version."""
    if (cached := suggestions_cache.get(view.version)) is not None:
        return cached
    most: dict[str, int] = {}
    for field_name in SUGGESTED_FIELDS:
        for term, count in view.searcher.terms_with_prefix(field_name, ""):
            if len(term) >= 3 and term.isalpha() and count > most.get(term, 0):
                most[term] = count
    cached = (list(most), list(most.values()))
    suggestions_cache.put(view.version, cached)
    return cached
