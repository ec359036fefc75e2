"""The date type keeps what is known about a date, no more and no less."""

import datetime as dt

import pytest

from readingroom.archive.dates import DateParseError, HistoricalDate, PartialDate, Precision


@pytest.mark.parametrize(
    ("text", "edtf", "display", "precision"),
    [
        ("1956-01-15", "1956-01-15", "January 15, 1956", Precision.DAY),
        ("January 15, 1956", "1956-01-15", "January 15, 1956", Precision.DAY),
        ("15 January 1956", "1956-01-15", "January 15, 1956", Precision.DAY),
        ("Jan. 15, 1956", "1956-01-15", "January 15, 1956", Precision.DAY),
        ("Sept 6, 1952", "1952-09-06", "September 6, 1952", Precision.DAY),
        ("1957-06", "1957-06", "June 1957", Precision.MONTH),
        ("June 1957", "1957-06", "June 1957", Precision.MONTH),
        ("1957", "1957", "1957", Precision.YEAR),
        ("ca. 1956", "1956~", "ca. 1956", Precision.YEAR),
        ("circa 1956", "1956~", "ca. 1956", Precision.YEAR),
        ("1956~", "1956~", "ca. 1956", Precision.YEAR),
        ("c. June 1957", "1957-06~", "ca. June 1957", Precision.MONTH),
        ("1956-1957", "1956/1957", "1956-1957", Precision.YEAR),
        ("1956/1957", "1956/1957", "1956-1957", Precision.YEAR),
        ("1950 – 1953", "1950/1953", "1950-1953", Precision.YEAR),
        ("1957-06/1957-08", "1957-06/1957-08", "June-August 1957", Precision.MONTH),
        (
            "1956-06-03/1957",
            "1956-06-03/1957",
            "June 3, 1956 - 1957",
            Precision.YEAR,
        ),
        ("  June   1957 ", "1957-06", "June 1957", Precision.MONTH),
    ],
    ids=lambda value: str(value),
)
def test_parse_keeps_precision(text, edtf, display, precision):
    # when an editor's or a file's text is read
    date = HistoricalDate.parse(text)

    # then it is stored, printed and ranked with exactly the precision given
    assert date.edtf() == edtf
    assert date.display() == display
    assert date.precision == precision
    # and the stored form reads back to the same value
    assert HistoricalDate.parse(date.edtf()) == date


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("1956-01-15", dt.date(1956, 1, 15), dt.date(1956, 1, 15)),
        ("1957-06", dt.date(1957, 6, 1), dt.date(1957, 6, 30)),
        ("1956-02", dt.date(1956, 2, 1), dt.date(1956, 2, 29)),
        ("1957", dt.date(1957, 1, 1), dt.date(1957, 12, 31)),
        ("1956/1957", dt.date(1956, 1, 1), dt.date(1957, 12, 31)),
    ],
)
def test_first_and_last_possible_day(text, first, last):
    date = HistoricalDate.parse(text)

    assert (date.first_day, date.last_day) == (first, last)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the date is empty"),
        ("June 31, 1957", "day 31 is out of range for June 1957 (1-30)"),
        ("1957-13", "month 13 is out of range (1-12)"),
        ("1955-02-29", "day 29 is out of range for February 1955 (1-28)"),
        ("next Tuesday", "'next Tuesday' is not a date"),
        ("1958-1957", "the span ends (1957) before it starts (1958)"),
        ("1950/1951/1952", "has more than two ends"),
        ("0000", "year 0 is out of range"),
    ],
)
def test_bad_dates_are_refused_with_a_reason(text, message):
    with pytest.raises(DateParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        HistoricalDate.parse(text)


def test_dates_sort_by_first_then_last_day():
    # the narrower of two dates that begin on the same day comes first
    texts = ["1957", "1956-01-15", "ca. 1956", "1956-01", "1957-06-03", "1956/1958"]

    ordered = sorted(HistoricalDate.parse(text) for text in texts)

    assert [date.display() for date in ordered] == [
        "January 1956",
        "ca. 1956",
        "1956-1958",
        "January 15, 1956",
        "1957",
        "June 3, 1957",
    ]


def test_coerce_accepts_python_dates_and_empty_values():
    assert HistoricalDate.coerce(dt.date(1952, 7, 27)).display() == "July 27, 1952"
    assert HistoricalDate.coerce("") is None
    assert HistoricalDate.coerce(None) is None


def test_a_day_needs_a_month():
    with pytest.raises(DateParseError, match="a day needs a month"):
        PartialDate(1957, None, 3)
