"""Paging and sorting lists of documents, read leniently from the query string.

A reader (or a crawler) may send ``?page=abc``, ``?page=99999`` or ``?sort=evil``: none of
these is an error. An unreadable page is the first, one past the end is the last, and an
unknown sort is the default.
"""

import math
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet

from .queries import cached_count

PER_PAGE = 10

NEWEST_FIRST = (F("date_start").desc(nulls_last=True), "record_id")
OLDEST_FIRST = (F("date_start").asc(nulls_last=True), "record_id")

# key in ?sort= -> (label of the link, ordering)
DATE_SORTS = {
    "-date": ("Newest first", NEWEST_FIRST),
    "date": ("Oldest first", OLDEST_FIRST),
}
CURATED_SORTS = {
    "order": ("Curated order", ("collectionitem__order", "record_id")),
    **DATE_SORTS,
}


@dataclass(frozen=True)
class SortOption:
    key: str
    label: str
    current: bool


@dataclass
class DocumentPage:
    """One page of a sorted list of documents, and what its navigation needs."""

    page: Page
    sort: str
    default_sort: str
    sorts: list[SortOption]

    @property
    def documents(self):
        return self.page.object_list

    @property
    def count(self) -> int:
        return self.page.paginator.count

    @property
    def sort_param(self) -> str:
        """ "sort=date&" for links to other pages, or "" for the default sort."""
        return "" if self.sort == self.default_sort else f"sort={self.sort}&"

    @property
    def page_range(self):
        """1 … 4 5 [6] 7 8 … 10000: a short, constant-size list of page numbers."""
        return self.page.paginator.get_elided_page_range(
            self.page.number, on_each_side=2, on_ends=1
        )


def page_number(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except (TypeError, ValueError):
        return 1


def requested(request, count: int, sorts=DATE_SORTS, default: str = "-date") -> tuple[str, int]:
    """(sort, page number) of a list of ``count`` documents, as the query string asks.

    Always a known sort and a page that exists: what a cached page may be keyed on.
    """
    sort = request.GET.get("sort", default)
    if sort not in sorts:
        sort = default
    last = max(1, math.ceil(count / PER_PAGE))
    return sort, min(page_number(request.GET.get("page")), last)


def paginate(
    request, queryset: QuerySet, sorts=DATE_SORTS, default: str = "-date", count: int | None = None
):
    """The requested page of ``queryset`` in the requested order.

    ``count`` is what the list holds if known (an entity's stored ``document_count``);
    otherwise it is counted once per change of the archive. A page then costs a slice,
    however many documents there are.
    """
    # Counting a person's 25,000 documents costs more than showing ten of them.
    count = cached_count(queryset) if count is None else count
    sort, number = requested(request, count, sorts, default)
    ordered = queryset.order_by(*sorts[sort][1])
    paginator = Paginator(ordered, PER_PAGE, allow_empty_first_page=True)
    paginator.count = count
    options = [SortOption(key, label, key == sort) for key, (label, _) in sorts.items()]
    return DocumentPage(paginator.page(number), sort, default, options)
