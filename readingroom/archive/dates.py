"""A historical date that keeps its precision: "1957", "June 1957", "ca. 1956".

Archives know their dates to the day, the month or the year, sometimes only
approximately, sometimes as a span. ``HistoricalDate`` keeps exactly what is known,
parses what editors and source files write, prints it the way the seed pages do
("January 15, 1956") and gives the first and last possible day for sorting and filtering.

It is stored as a small subset of EDTF (ISO 8601-2, Level 1), which is unambiguous and
sorts sensibly as text::

    1956-01-15      a day
    1957-06         a month
    1957            a year
    1956~           approximately (circa) 1956
    1956/1957       a span; each end keeps its own precision ("1956-06/1957-02")
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import IntEnum

__all__ = ["DateParseError", "HistoricalDate", "PartialDate", "Precision"]

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))

_CIRCA = re.compile(r"^(?:ca\.?|c\.|circa|about|approx\.?|approximately)\s+", re.IGNORECASE)
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_MONTH_DAY_YEAR = re.compile(rf"^({_MONTH_NAMES})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})$", re.I)
_DAY_MONTH_YEAR = re.compile(rf"^(\d{{1,2}})\s+({_MONTH_NAMES})\.?,?\s+(\d{{4}})$", re.I)
_MONTH_YEAR = re.compile(rf"^({_MONTH_NAMES})\.?,?\s+(\d{{4}})$", re.I)
# Separators between the two ends of a span; a plain hyphen only between two years or
# two full dates, since "1957-06" is a month.
_SPAN_SEPARATORS = re.compile(r"\s*(?:/|–|—|\bto\b|\s-\s)\s*", re.IGNORECASE)
_YEAR_SPAN = re.compile(r"^(\d{4})-(\d{4})$")


class DateParseError(ValueError):
    """The text is not a date this module understands; the message says why."""


class Precision(IntEnum):
    YEAR = 1
    MONTH = 2
    DAY = 3


@dataclass(frozen=True)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise DateParseError(f"year {self.year} is out of range (1-9999)")
        if self.month is None and self.day is not None:
            raise DateParseError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise DateParseError(f"month {self.month} is out of range (1-12)")
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise DateParseError(
                    f"day {self.day} is out of range for {calendar.month_name[self.month]}"
                    f" {self.year} (1-{last})"
                )

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        return Precision.MONTH if self.month is not None else Precision.YEAR

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def edtf(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def display(self) -> str:
        if self.day is not None:
            return f"{calendar.month_name[self.month]} {self.day}, {self.year}"
        if self.month is not None:
            return f"{calendar.month_name[self.month]} {self.year}"
        return str(self.year)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        text = text.strip().rstrip(".").strip()
        if match := _ISO.match(text):
            year, month, day = (int(part) if part else None for part in match.groups())
            return cls(year, month, day)
        if match := _MONTH_DAY_YEAR.match(text):
            month, day, year = match.groups()
            return cls(int(year), MONTHS[month.lower()], int(day))
        if match := _DAY_MONTH_YEAR.match(text):
            day, month, year = match.groups()
            return cls(int(year), MONTHS[month.lower()], int(day))
        if match := _MONTH_YEAR.match(text):
            month, year = match.groups()
            return cls(int(year), MONTHS[month.lower()])
        raise DateParseError(
            f"{text!r} is not a date (write 1957, 1957-06, 1957-06-03, June 1957 or June 3, 1957)"
        )


@dataclass(frozen=True)
class HistoricalDate:
    """A date or a span of dates, each end with its own precision, maybe approximate."""

    start: PartialDate
    end: PartialDate | None = None
    approximate: bool = False

    def __post_init__(self) -> None:
        if self.end is not None and self.end.last_day < self.start.first_day:
            raise DateParseError(
                f"the span ends ({self.end.display()}) before it starts ({self.start.display()})"
            )

    @classmethod
    def parse(cls, text: str) -> HistoricalDate:
        """Read what an editor or a source file wrote; raise DateParseError if unclear."""
        if not isinstance(text, str):
            raise DateParseError(f"a date must be text, not {type(text).__name__}")
        original = text
        text = " ".join(text.split())
        if not text:
            raise DateParseError("the date is empty")
        approximate = False
        if text.endswith("~"):
            approximate, text = True, text[:-1]
        if (stripped := _CIRCA.sub("", text)) != text:
            approximate, text = True, stripped
        text = text.replace("~/", "/")  # "1956~/1957": EDTF's qualified start
        try:
            if match := _YEAR_SPAN.match(text):
                start, end = PartialDate(int(match[1])), PartialDate(int(match[2]))
            else:
                parts = _SPAN_SEPARATORS.split(text)
                if len(parts) > 2:
                    raise DateParseError(f"{original!r} has more than two ends")
                start = PartialDate.parse(parts[0])
                end = PartialDate.parse(parts[1]) if len(parts) == 2 else None
        except DateParseError as error:
            if str(error).startswith(repr(original)):
                raise
            raise DateParseError(f"{original!r}: {error}") from None
        if end == start:
            end = None
        return cls(start, end, approximate)

    @classmethod
    def coerce(cls, value: HistoricalDate | str | dt.date | None) -> HistoricalDate | None:
        if value is None or isinstance(value, HistoricalDate):
            return value
        if isinstance(value, dt.date):
            return cls(PartialDate(value.year, value.month, value.day))
        if isinstance(value, str) and not value.strip():
            return None
        return cls.parse(value)

    @property
    def first_day(self) -> dt.date:
        return self.start.first_day

    @property
    def last_day(self) -> dt.date:
        return (self.end or self.start).last_day

    @property
    def precision(self) -> Precision:
        """The coarser precision of the two ends."""
        return min(self.start.precision, (self.end or self.start).precision)

    def edtf(self) -> str:
        text = self.start.edtf()
        if self.end is not None:
            text += f"/{self.end.edtf()}"
        return text + ("~" if self.approximate else "")

    def display(self) -> str:
        text = self.start.display()
        if self.end is not None:
            if self.start.precision == self.end.precision == Precision.YEAR:
                text = f"{self.start.year}-{self.end.year}"
            elif (
                self.start.precision == self.end.precision == Precision.MONTH
                and self.start.year == self.end.year
            ):
                start_month = calendar.month_name[self.start.month]
                text = f"{start_month}-{calendar.month_name[self.end.month]} {self.end.year}"
            else:
                text = f"{self.start.display()} - {self.end.display()}"
        return f"ca. {text}" if self.approximate else text

    @property
    def year(self) -> int:
        return self.start.year

    def __str__(self) -> str:
        return self.display()

    def __lt__(self, other: HistoricalDate) -> bool:
        return (self.first_day, self.last_day) < (other.first_day, other.last_day)
