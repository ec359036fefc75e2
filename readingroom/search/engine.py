"""Running a search: from the reader's parameters to hits, counts and suggestions.

``SearchParams`` reads the query string leniently (every option of a search lives
there, so a search can be bookmarked and shared); ``run_search`` asks the index and
returns plain data that the HTML page and its JSON twin both render.

Facet counts are over all matches, not just the page shown. They are the expensive
part at a million documents, so they are cached per (index version, query, filters):
paging through results or changing the sort costs only the top hits. A search that
matches most documents is counted by its complement (``counts_by_complement``).
"""

import difflib
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace

import tantivy
from django.http import QueryDict
from django.utils.http import urlencode
from tantivy import Occur, Order, Query

from .analysis import analyze, fold
from .facets import (
    FACETS,
    FACETS_BY_PARAM,
    MOST_VALUES_PER_PARAMETER,
    DateRange,
    FacetValue,
    YearHistogram,
    bucket_counts,
)
from .index import SCHEMA, TEXT_FIELDS, reader
from .query import DEFAULT_FIELDS, NAME_FIELDS, ParsedQuery, build, parse

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
        )

    @property
    def effective_sort(self) -> str:
        return self.sort or ("relevance" if self.q else "-date")

    @property
    def selected(self) -> dict[str, tuple[str, ...]]:
        return dict(self.filters)

    def querystring(self, **changes) -> str:
        """This search as a query string, with ``changes``; the page resets unless given."""
        params = replace(self, **{"page": 1, **changes})
        pairs: list[tuple[str, str]] = [("q", params.q)] if params.q else []
        for param, values in params.filters:
            pairs += [(param, value) for value in values]
        pairs += [(k, v) for k, v in (("from", params.date_from), ("to", params.date_to)) if v]
        if params.sort:
            pairs.append(("sort", params.sort))
        if params.per_page != PER_PAGE_CHOICES[0]:
            pairs.append(("per_page", str(params.per_page)))
        if params.page > 1:
            pairs.append(("page", str(params.page)))
        return urlencode(pairs)

    def toggled(self, param: str, key: str) -> str:
        """The query string with ``key`` added to, or removed from, filter ``param``."""
        selected = self.selected
        values = selected.get(param, ())
        values = tuple(v for v in values if v != key) if key in values else (*values, key)
        selected[param] = values
        filters = tuple((p, selected[p]) for p in (f.param for f in FACETS) if selected.get(p))
        return self.querystring(filters=filters)


def whole_number(value, choices: tuple[int, ...] | None = None) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = choices[0] if choices else 1
    if choices and number not in choices:
        return choices[0]
    return number


@dataclass
class Hit:
    record_id: int
    score: float
    address: tantivy.DocAddress
    snippets: list[str] = field(default_factory=list)


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
    }


def run_search(params: SearchParams) -> SearchOutcome:
    """Search the current index; never raises for anything a reader can type."""
    searcher, version = reader().searcher()
    if searcher is None:
        return SearchOutcome(params, ready=False)
    parsed = parse(params.q)
    text_query = build(parsed)
    notes = list(parsed.notes)
    if params.q and text_query is None:
        notes.append("There were no words to search for, so all documents are shown.")
    dates = DateRange.parse(params.date_from, params.date_to)
    notes += [f"The date filter was ignored: {error}." for error in dates.errors]
    filters = Filters(text_query, params, dates)
    total, hits = top_hits(searcher, filters.all(), params)
    facets, years = facet_counts(searcher, version, filters, params, total)
    add_snippets(searcher, text_query, hits)
    outcome = SearchOutcome(params, True, total, hits, facets, years, notes=notes)
    if text_query is not None and total < 5:
        outcome.did_you_mean = did_you_mean(searcher, parsed, params.q)
    return outcome


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

    def all(self, without: str = "") -> Query:
        clauses = [self.text_query] if self.text_query is not None else []
        clauses += [query for param, query in self.by_param.items() if param != without]
        if self.dates is not None and without != "dates":
            clauses.append(self.dates)
        if not clauses:
            return Query.all_query()
        if len(clauses) == 1:
            return clauses[0]
        return Query.boolean_query([(Occur.Must, clause) for clause in clauses])

    def only_text(self) -> bool:
        """Whether the search is words alone, without any filter."""
        return self.text_query is not None and not self.by_param and self.dates is None


def top_hits(searcher: tantivy.Searcher, query: Query, params: SearchParams):
    """The total and the hits of the page asked for (one past the end is the last)."""
    total, hits = page_of_hits(searcher, query, params, params.page)
    last_page = max(1, -(-min(total, MOST_RESULTS) // params.per_page))
    if params.page > last_page:
        total, hits = page_of_hits(searcher, query, params, last_page)
    return total, hits


def page_of_hits(searcher: tantivy.Searcher, query: Query, params: SearchParams, page: int):
    offset = (min(page, max(1, MOST_RESULTS // params.per_page)) - 1) * params.per_page
    sort = params.effective_sort
    if sort == "relevance" and params.q:
        result = searcher.search(query, params.per_page, count=True, offset=offset)
    else:
        field_name, order = SORT_FIELDS.get(sort, SORT_FIELDS["-date"])
        result = searcher.search(
            query,
            params.per_page,
            count=True,
            offset=offset,
            order_by_field=field_name,
            order=order,
        )
    addresses = [address for _, address in result.hits]
    record_ids = searcher.fast_field_values("record_id", addresses) if addresses else []
    hits = [
        Hit(record_id, score if isinstance(score, float) else 0.0, address)
        for record_id, (score, address) in zip(record_ids, result.hits, strict=True)
    ]
    return result.count, hits


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
# The counts over every document, by index version: apart from counts_cache, since they
# serve every search of that version.
everything_cache = CountCache(size=2)


def facet_counts(searcher, version: str, filters: Filters, params: SearchParams, total: int):
    """Each facet counted over all matches, except that a facet's own selection is left
    out of its counts (so a reader sees what else they could add: OR within a facet);
    likewise the year histogram ignores the date range."""
    key = (version, params.q, params.filters, params.date_from, params.date_to)
    if (cached := counts_cache.get(key)) is not None:
        return cached
    counts = None
    if filters.only_text() and total > searcher.num_docs / 2:
        counts = counts_by_complement(searcher, version, filters.text_query)
    if counts is None:
        counts = counts_of_matches(searcher, filters)
    selected = params.selected
    facets = [(f, f.values(counts[f.param], list(selected.get(f.param, ())))) for f in FACETS]
    value = (facets, HISTOGRAM.values(counts[HISTOGRAM.name]))
    counts_cache.put(key, value)
    return value


def counts_of_matches(searcher, filters: Filters) -> dict[str, dict]:
    """Facet -> value -> count, aggregated over the matches: one request, plus one per
    facet with a selection (and one for a date range) to count without that filter."""
    plain = {f.param: f.aggregation() for f in FACETS if f.param not in filters.by_param}
    requests = {"": plain}
    for param in filters.by_param:
        requests[param] = {param: FACETS_BY_PARAM[param].aggregation()}
    if filters.dates is not None:
        requests["dates"] = {HISTOGRAM.name: HISTOGRAM.aggregation()}
    else:
        plain[HISTOGRAM.name] = HISTOGRAM.aggregation()
    answers = {}
    for without, aggregations in requests.items():
        answers.update(searcher.aggregate(filters.all(without=without), aggregations))
    return {name: bucket_counts(answer) for name, answer in answers.items()}


def counts_by_complement(searcher, version: str, text_query: Query) -> dict[str, dict] | None:
    """The counts of a query that matches most of the index, as every document's counts
    less those of the documents it does not match: exact, and cheaper, since aggregating
    costs time in proportion to the documents aggregated over. None when there are more
    values than one aggregation may return."""
    everything = counts_of_everything(searcher, version)
    if everything is None:
        return None
    rest = Query.boolean_query([(Occur.Must, Query.all_query()), (Occur.MustNot, text_query)])
    try:
        answers = searcher.aggregate(rest, every_value_aggregations())
    except ValueError:  # over tantivy's limit of buckets (65,000 a request)
        return None
    counts = {}
    for name, totals in everything.items():
        unmatched = bucket_counts(answers[name])
        counts[name] = {key: count - unmatched.get(key, 0) for key, count in totals.items()}
    return counts


def counts_of_everything(searcher, version: str) -> dict[str, dict] | None:
    """Every value's count over the whole index, computed once per index version; None
    (remembered as {}) when there are more values than one aggregation may return."""
    if (cached := everything_cache.get(version)) is not None:
        return cached or None
    try:
        answers = searcher.aggregate(Query.all_query(), every_value_aggregations())
    except ValueError:
        answers = {}
    counts = {name: bucket_counts(answer) for name, answer in answers.items()}
    everything_cache.put(version, counts)
    return counts or None


def every_value_aggregations() -> dict[str, dict]:
    aggregations = {facet.param: facet.aggregation(every_value=True) for facet in FACETS}
    aggregations[HISTOGRAM.name] = HISTOGRAM.aggregation(every_value=True)
    return aggregations


def add_snippets(searcher, text_query: Query | None, hits: list[Hit]) -> None:
    """Highlighted passages of each hit's text where the words matched (safe HTML)."""
    if text_query is None or not hits:
        return
    generators = []
    for field_name in SNIPPET_FIELDS:
        generator = tantivy.SnippetGenerator.create(searcher, text_query, SCHEMA, field_name)
        generator.set_max_num_chars(SNIPPET_CHARACTERS)
        generators.append(generator)
    for hit in hits:
        document = searcher.doc(hit.address)
        for generator in generators:
            snippet = generator.snippet_from_doc(document)
            if snippet.highlighted():
                hit.snippets.append(snippet.to_html())


def did_you_mean(searcher, parsed: ParsedQuery, text: str) -> str:
    """The query with unknown words replaced by the nearest name in the index, or ""."""
    suggestion = text
    for word in parsed.words:
        if word.prefix or (word.fields and not set(word.fields) & set(NAME_FIELDS)):
            continue
        if is_known(searcher, word.text):
            continue
        if better := nearest_name(searcher, word.text):
            replacement = better.capitalize() if word.text[:1].isupper() else better
            suggestion = re.sub(re.escape(word.text), replacement, suggestion, count=1)
    return suggestion if suggestion != text else ""


def is_known(searcher, word: str) -> bool:
    """Whether ``word`` is in some field (a word that makes no term anywhere counts)."""
    analyzed = False
    for field_name in DEFAULT_FIELDS:
        terms = analyze(TEXT_FIELDS[field_name][0], word)
        if not terms:
            continue
        analyzed = True
        if all(searcher.doc_freq(field_name, term) for term in terms):
            return True
    return not analyzed


def nearest_name(searcher, word: str) -> str:
    folded = fold(word)
    if len(folded) < 4 or not folded.isalpha():
        return ""
    candidates: set[str] = set()
    for field_name in NAME_FIELDS:
        candidates.update(term for term, _ in searcher.terms_with_prefix(field_name, folded[0]))
    matches = difflib.get_close_matches(folded, candidates, n=1, cutoff=0.8)
    return matches[0] if matches else ""
