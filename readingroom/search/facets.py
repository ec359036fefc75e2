"""Facets: small classes, each counting and filtering by one thing.

A facet knows its query-string parameter, the index field behind it, how to filter by
the values a reader chose (any of them: OR within a facet), how to ask tantivy for
counts, and how to name its values for people. Filters of different facets combine
with AND (``engine.py`` does that).
"""

import datetime as dt
import heapq
from dataclasses import dataclass

from django.db.models import Model
from tantivy import FieldType, Occur, Query

from readingroom.archive.dates import DateParseError, HistoricalDate
from readingroom.archive.models import (
    Certainty,
    ClassificationLevel,
    Collection,
    Document,
    Funder,
    Language,
    Person,
    Place,
    Repository,
    Topic,
)

from .index import SCHEMA

MOST_VALUES_PER_PARAMETER = 20
# A terms aggregation this large returns every value.
EVERY_VALUE = 1_000_000


@dataclass(frozen=True)
class FacetValue:
    key: str
    label: str
    count: int
    selected: bool


class Facet:
    """Counts of documents by the values of one keyword field."""

    param = ""
    title = ""
    size = 10

    def filter(self, values: list[str]) -> Query:
        return Query.term_set_query(SCHEMA, self.param, values)

    def aggregation(self) -> dict:
        """Its most frequent values, exactly: every value of each segment is considered
        (tantivy would otherwise keep ten times ``size`` a segment and add those up).
        Ties at the cut are broken by key in ``values``, so a few more are asked for."""
        size = self.size + 10
        return {"terms": {"field": self.param, "size": size, "segment_size": EVERY_VALUE}}

    def labels(self, keys: list[str]) -> dict[str, str]:
        return {key: key for key in keys}

    def values(
        self,
        counts: dict[str, int],
        selected: list[str],
        known: dict | None = None,
        size: int | None = None,
    ) -> list[FacetValue]:
        """The ``size`` most frequent values (ties by key), named, from value -> count.

        ``known`` keeps names between searches: (param, key) -> label, which the caller
        forgets when the index changes (a renamed person is reindexed with their
        documents)."""
        top = heapq.nsmallest(size or self.size, ((-n, key) for key, n in counts.items() if n > 0))
        counts = {key: -negative for negative, key in top}
        known = {} if known is None else known
        if missing := [key for key in counts if (self.param, key) not in known]:
            known.update({(self.param, k): name for k, name in self.labels(missing).items()})
        return [
            FacetValue(key, known[self.param, key], count, key in selected)
            for key, count in counts.items()
            if (self.param, key) in known
        ]


class ModelFacet(Facet):
    """A facet whose values are slugs of a model's rows, named by ``label_of``."""

    model: type[Model]
    columns: tuple[str, ...] = ("name",)

    def labels(self, keys: list[str]) -> dict[str, str]:
        rows = self.model.objects.filter(slug__in=keys).order_by().only("slug", *self.columns)
        return {row.slug: self.label_of(row) for row in rows}

    def label_of(self, row) -> str:
        return str(row)


class PersonFacet(ModelFacet):
    param, title, model, columns = "person", "People", Person, ("sort_name",)


class PlaceFacet(ModelFacet):
    param, title, model = "place", "Places", Place


class TopicFacet(ModelFacet):
    param, title, model, columns = "topic", "Topics", Topic, ("name", "span")

    def label_of(self, row) -> str:
        return row.label


class CollectionFacet(ModelFacet):
    param, title, model = "collection", "Collections", Collection


class FunderFacet(ModelFacet):
    param, title, model = "funder", "Funders", Funder


class RepositoryFacet(ModelFacet):
    param, title, model = "repository", "Repositories", Repository


class LanguageFacet(Facet):
    param, title = "language", "Original language"

    def labels(self, keys: list[str]) -> dict[str, str]:
        names = dict(Language.objects.filter(code__in=keys).values_list("code", "name"))
        return {key: names.get(key, key) for key in keys}


class DocumentTypeFacet(Facet):
    param, title = "type", "Document type"
    size = len(Document.Type.choices)

    def labels(self, keys: list[str]) -> dict[str, str]:
        names = dict(Document.Type.choices)
        return {key: names.get(key, key) for key in keys}


class ChoiceFacet(Facet):
    """A facet whose values are a model field's choices, shown in their order."""

    choices: list[tuple[str, str]] = []

    def labels(self, keys: list[str]) -> dict[str, str]:
        names = dict(self.choices)
        return {key: names.get(key, key) for key in keys}

    def values(self, counts, selected, known=None, size=None) -> list[FacetValue]:
        order = {key: index for index, (key, _) in enumerate(self.choices)}
        found = super().values(counts, selected, known, size)
        return sorted(found, key=lambda value: order.get(value.key, len(order)))


class ClassificationFacet(ChoiceFacet):
    """The level of the document's classification marking (release history)."""

    param, title = "classification", "Classification"
    choices = ClassificationLevel.choices
    size = len(choices)


class DateCertaintyFacet(ChoiceFacet):
    """How sure the editors are of the date (``?date_certainty=disputed``); undated
    documents have none."""

    param, title = "date_certainty", "Date certainty"
    choices = Certainty.choices
    size = len(choices)


FACETS: list[Facet] = [
    PersonFacet(),
    PlaceFacet(),
    TopicFacet(),
    CollectionFacet(),
    LanguageFacet(),
    DocumentTypeFacet(),
    FunderFacet(),
    RepositoryFacet(),
    ClassificationFacet(),
    DateCertaintyFacet(),
]
FACETS_BY_PARAM = {facet.param: facet for facet in FACETS}


class YearHistogram:
    """How many matching documents begin in each year."""

    name = "years"

    def aggregation(self) -> dict:
        return {"histogram": {"field": "year", "interval": 1, "min_doc_count": 1}}

    def values(self, counts: dict[int, int]) -> list[tuple[int, int]]:
        return sorted((year, count) for year, count in counts.items() if count > 0)


def bucket_counts(aggregation: dict) -> dict:
    """Value -> number of documents, from one aggregation's answer."""
    return {bucket["key"]: bucket["doc_count"] for bucket in aggregation["buckets"]}


@dataclass(frozen=True)
class DateRange:
    """From and to, each as precise as a reader writes it: "1957", "1957-06", "1957-06-03".

    A document matches when its own span (a document dated "1957" spans the year)
    overlaps the range. A date that cannot be read is ignored and named in ``errors``.
    """

    start: HistoricalDate | None
    end: HistoricalDate | None
    errors: tuple[str, ...] = ()

    @classmethod
    def parse(cls, start: str, end: str) -> "DateRange":
        dates, errors = [], []
        for text in (start, end):
            try:
                dates.append(HistoricalDate.parse(text.strip()) if text.strip() else None)
            except DateParseError as error:
                dates.append(None)
                errors.append(str(error))
        return cls(dates[0], dates[1], tuple(errors))

    def __bool__(self) -> bool:
        return bool(self.start or self.end)

    def filter(self) -> Query:
        clauses = []
        if self.end:
            last = self.end.last_day.toordinal()
            clauses.append(self._range("day_start", None, last))
        if self.start:
            first = self.start.first_day.toordinal()
            clauses.append(self._range("day_end", first, None))
        return Query.boolean_query([(Occur.Must, clause) for clause in clauses])

    @staticmethod
    def _range(field: str, lower: int | None, upper: int | None) -> Query:
        return Query.range_query(SCHEMA, field, FieldType.Integer, lower, upper)


@dataclass(frozen=True)
class PublishedSince:
    """ "New since": documents first published on or after a day (``since=2026-12-01``;
    "2026-12" is its first day), counted from midnight UTC. Not when a document was
    written (that is the date range) but when it reached readers."""

    day: dt.date | None
    errors: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str) -> "PublishedSince":
        if not text.strip():
            return cls(None)
        try:
            return cls(HistoricalDate.parse(text.strip()).first_day)
        except DateParseError as error:
            return cls(None, (str(error),))

    def __bool__(self) -> bool:
        return self.day is not None

    @property
    def timestamp(self) -> int:
        start = dt.datetime.combine(self.day, dt.time(), tzinfo=dt.UTC)
        return int(start.timestamp())

    def filter(self) -> Query:
        return Query.range_query(SCHEMA, "published", FieldType.Integer, self.timestamp, None)


# A date range of at most this many months is shown month by month.
MOST_MONTHS = 36


def months_of(dates: DateRange) -> list[tuple[int, int]]:
    """(year, month) of each month of a narrow date range, or [] for a wide or open one."""
    if not (dates.start and dates.end):
        return []
    first, last = dates.start.first_day, dates.end.last_day
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    if not 0 < span <= MOST_MONTHS:
        return []
    months = []
    year, month = first.year, first.month
    for _ in range(span):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


class MonthHistogram:
    """How many matching documents begin in each month of a narrow date range (by their
    first possible day: one dated only "1957" counts in January)."""

    name = "months"

    @staticmethod
    def aggregation(months: list[tuple[int, int]]) -> dict:
        ranges = []
        for year, month in months:
            start = dt.date(year, month, 1)
            end = dt.date(year + month // 12, month % 12 + 1, 1)
            ranges.append(
                {"key": f"{year:04d}-{month:02d}", "from": start.toordinal(), "to": end.toordinal()}
            )
        return {"range": {"field": "day_start", "ranges": ranges}}
