"""Every match of a search, not a page of it: the record IDs that exports and feeds read.

A page asks the index for ten hits; an export of a search matching a hundred thousand
documents asks for all of them, and must not hold them all at once. Each batch is a
search for the matches after the last record ID seen (a range on ``record_id``, in its
order), so a batch costs what one page costs and memory holds one batch; one searcher
serves every batch, so the export is of the index as it was when it began.
"""

from collections.abc import Iterator

from tantivy import FieldType, Occur, Order, Query

from .engine import Filters, SearchParams, with_other_names, words_and_likeness
from .facets import DateRange
from .index import SCHEMA, reader
from .query import build, parse

BATCH = 500


def search_query(params: SearchParams, searcher) -> Query:
    """The query of a search and its filters, as the results page runs it."""
    searched, _, _ = with_other_names(parse(params.q), params)
    words, _ = words_and_likeness(build(searched), params, searcher)
    dates = DateRange.parse(params.date_from, params.date_to)
    return Filters(words, params, dates).all()


def record_id_batches(params: SearchParams, size: int = BATCH) -> Iterator[list[int]]:
    """The record IDs of every match, in record ID order, ``size`` at a time; nothing
    while there is no index yet."""
    view = reader().view()
    if view is None:
        return
    searcher = view.searcher
    query = search_query(params, searcher)
    last = 0
    while True:
        after = Query.range_query(
            SCHEMA, "record_id", FieldType.Unsigned, last, None, include_lower=False
        )
        batch = Query.boolean_query([(Occur.Must, query), (Occur.Must, after)])
        result = searcher.search(
            batch, size, count=False, order_by_field="record_id", order=Order.Asc
        )
        addresses = [address for _, address in result.hits]
        if not addresses:
            return
        record_ids = searcher.fast_field_values("record_id", addresses)
        yield record_ids
        if len(record_ids) < size:
            return
        last = record_ids[-1]


def newest_published(params: SearchParams, size: int) -> list[int]:
    """The record IDs of the ``size`` matches published last, newest first (the feed of
    a search); none while there is no index yet."""
    view = reader().view()
    if view is None:
        return []
    result = view.searcher.search(
        search_query(params, view.searcher),
        size,
        count=False,
        order_by_field="published",
        order=Order.Desc,
    )
    addresses = [address for _, address in result.hits]
    return view.searcher.fast_field_values("record_id", addresses) if addresses else []
