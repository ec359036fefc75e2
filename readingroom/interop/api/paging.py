"""Cursor pagination: each page ends with an opaque cursor that says where the next begins.

A cursor holds the sort's name and the sort key of the last record shown (its date, or
its name, and always its unique ID last). The next page is the records *after* that key,
not the records after an offset, so a document added or removed while a client walks the
list shifts nothing: every record present throughout is seen once, none twice. It also
costs the same on page 10,000 as on page 1.

Cursors are base64 of a little JSON; clients must treat them as opaque.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.http import QueryDict
from ninja.errors import ValidationError

DEFAULT_LIMIT = 20
MOST_LIMIT = 100


@dataclass(frozen=True)
class Key:
    """One column of a sort: its name, direction, and whether it may be null (nulls last)."""

    field: str
    descending: bool = False
    nullable: bool = False
    kind: type = str  # how the value is written in a cursor: str, int, date or datetime

    def ordering(self):
        expression = F(self.field)
        if self.descending:
            return expression.desc(nulls_last=True)
        return expression.asc(nulls_last=True)

    def after(self, value) -> Q:
        """Rows whose value comes after ``value`` in this column's order."""
        if value is None:
            return Q(pk__in=[])  # nulls sort last: nothing comes after them
        beyond = Q(**{f"{self.field}__{'lt' if self.descending else 'gt'}": value})
        return beyond | Q(**{f"{self.field}__isnull": True}) if self.nullable else beyond

    def equal(self, value) -> Q:
        if value is None:
            return Q(**{f"{self.field}__isnull": True})
        return Q(**{self.field: value})

    def dump(self, value):
        return value.isoformat() if isinstance(value, dt.date) else value

    def load(self, value):
        if value is None:
            if not self.nullable:
                raise ValueError(f"{self.field} cannot be null")
            return None
        if self.kind in (dt.date, dt.datetime):
            return self.kind.fromisoformat(value)
        if not isinstance(value, self.kind):
            raise ValueError(f"{self.field} must be {self.kind.__name__}")
        return value


@dataclass(frozen=True)
class Sort:
    """A total order over a list: keys, the last of which is unique."""

    name: str
    keys: tuple[Key, ...]

    def order(self, queryset: QuerySet) -> QuerySet:
        return queryset.order_by(*(key.ordering() for key in self.keys))

    def after(self, values: list) -> Q:
        """Keyset condition: (k1, k2, …) comes after ``values`` lexicographically."""
        condition = Q(pk__in=[])
        prefix = Q()
        for key, value in zip(self.keys, values, strict=True):
            condition |= prefix & key.after(value)
            prefix &= key.equal(value)
        return condition

    def values_of(self, row) -> list:
        return [key.dump(getattr(row, key.field)) for key in self.keys]


def encode_cursor(sort: Sort, values: list) -> str:
    text = json.dumps([sort.name, *values], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def invalid_cursor(message: str) -> ValidationError:
    return ValidationError([{"loc": ["query", "cursor"], "msg": message, "type": "value_error"}])


def decode_cursor(sort: Sort, cursor: str) -> list:
    """The key values in ``cursor``; a 422 naming ``cursor`` if it is not one of this sort's."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        name, *values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if name != sort.name:
            raise ValueError(f"the cursor belongs to sort {name!r}, not {sort.name!r}")
        if len(values) != len(sort.keys):
            raise ValueError("the cursor has the wrong number of values")
        return [key.load(value) for key, value in zip(sort.keys, values, strict=True)]
    except (ValueError, TypeError, binascii.Error) as error:  # UnicodeDecodeError is one
        raise invalid_cursor(
            f"Not a cursor of this list: {error}. Follow `next` as given."
        ) from None


@dataclass
class CursorPage:
    rows: list
    next: str | None


def paginate(
    queryset: QuerySet, sort: Sort, cursor: str | None, limit: int, url: str, query: QueryDict
) -> CursorPage:
    """One page of ``queryset`` in ``sort`` order after ``cursor``; ``next`` keeps ``query``."""
    queryset = sort.order(queryset)
    if cursor:
        queryset = queryset.filter(sort.after(decode_cursor(sort, cursor)))
    # One more row than asked for says whether there is a next page without a COUNT.
    rows = list(queryset[: limit + 1])
    if len(rows) <= limit:
        return CursorPage(rows, None)
    rows = rows[:limit]
    following = query.copy()
    following["cursor"] = encode_cursor(sort, sort.values_of(rows[-1]))
    return CursorPage(rows, f"{url}?{following.urlencode()}")
