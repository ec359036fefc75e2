"""The catalog by date: a decade, a year or a month (/catalog/1950s, /1957, /1957-06).

A document belongs to the period of the first day it may have been written
(``date_start``): "1957" and "June 1957" are both in 1957 and in the 1950s. A month holds
only the documents dated within it; one dated to the year alone, or to a span reaching
past the month, stays on the year's page, which says how many such there are. Every
period of a decade is listed, those without documents too, so that a gap in the
archive shows as a gap.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import ExtractMonth, ExtractYear
from django.urls import reverse

from .models import Document
from .queries import cached_while_unchanged

PERIOD = re.compile(r"^(?:(?P<decade>\d{3}0)s|(?P<year>\d{4})(?:-(?P<month>\d{2}))?)$")


@dataclass(frozen=True)
class Period:
    """A decade (month None, decade True), a year, or a month of a year."""

    year: int
    month: int | None = None
    decade: bool = False

    @classmethod
    def parse(cls, text: str) -> Period | None:
        """The period a URL names, or None: "1950s", "1957", "1957-06"; nothing else."""
        match = PERIOD.match(text)
        if match is None:
            return None
        if match["decade"]:
            return cls(int(match["decade"]), decade=True) if int(match["decade"]) else None
        year, month = int(match["year"]), match["month"]
        if year == 0 or (month is not None and not 1 <= int(month) <= 12):
            return None
        return cls(year, int(month) if month else None)

    @property
    def slug(self) -> str:
        if self.decade:
            return f"{self.year}s"
        return f"{self.year:04d}-{self.month:02d}" if self.month else f"{self.year:04d}"

    @property
    def label(self) -> str:
        if self.month:
            return f"{calendar.month_name[self.month]} {self.year}"
        return self.slug

    @property
    def short_label(self) -> str:
        """As one of its parent's periods: "1957", "June"."""
        return calendar.month_name[self.month] if self.month else self.slug

    def get_absolute_url(self) -> str:
        return reverse("archive:catalog-period", args=[self.slug])

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, 1)

    @property
    def last_day(self) -> dt.date:
        if self.decade:
            return dt.date(min(self.year + 9, 9999), 12, 31)
        if self.month:
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, 12, 31)

    @property
    def parent(self) -> Period | None:
        if self.decade:
            return None
        if self.month:
            return Period(self.year)
        return Period(self.year // 10 * 10, decade=True)

    def children(self) -> list[Period]:
        if self.decade:
            return [Period(year) for year in range(self.year, min(self.year + 10, 10000))]
        if self.month is None:
            return [Period(self.year, month) for month in range(1, 13)]
        return []

    def documents(self, documents):
        """Of ``documents``, those of this period (a month's: dated within it)."""
        within = documents.filter(date_start__gte=self.first_day, date_start__lte=self.last_day)
        return within.filter(date_end__lte=self.last_day) if self.month else within


@dataclass(frozen=True)
class PeriodCount:
    period: Period
    count: int
    current: bool = False


class Counts:
    """Published documents per year, and per month of those dated within one month."""

    def __init__(self, rows: list[tuple[int, int, int, int, int]]):
        self.years: Counter = Counter()
        self.months: Counter = Counter()
        for start_year, start_month, end_year, end_month, count in rows:
            self.years[start_year] += count
            if (start_year, start_month) == (end_year, end_month):
                self.months[start_year, start_month] += count

    def of(self, period: Period) -> int:
        if period.decade:
            return sum(self.years[year.year] for year in period.children())
        if period.month:
            return self.months[period.year, period.month]
        return self.years[period.year]

    def decades(self) -> list[PeriodCount]:
        """Every decade from the first with documents to the last, empty ones too."""
        if not self.years:
            return []
        first, last = min(self.years) // 10 * 10, max(self.years) // 10 * 10
        decades = [Period(year, decade=True) for year in range(first, last + 1, 10)]
        return [PeriodCount(decade, self.of(decade)) for decade in decades]

    def within(self, period: Period, current: Period | None = None) -> list[PeriodCount]:
        return [PeriodCount(child, self.of(child), child == current) for child in period.children()]


def counts() -> Counts:
    """The counts, read in one grouped query and kept until a document changes."""

    def read() -> list[tuple[int, int, int, int, int]]:
        rows = (
            Document.objects.published()
            .filter(date_start__isnull=False)
            .order_by()
            .values_list(
                ExtractYear("date_start"),
                ExtractMonth("date_start"),
                ExtractYear("date_end"),
                ExtractMonth("date_end"),
            )
            .annotate(n=Count("pk"))
        )
        return [tuple(row) for row in rows]

    return Counts(cached_while_unchanged("catalog-periods", read))
