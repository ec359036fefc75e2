"""Reading lists: documents a reader gathers, kept in their browser, shared as a URL.

A list has no account and no row in the database: it is its URL, ``/list?ids=110398,
119267``, which the browser's copy (``static/readingroom/reading-list.js``) builds and
anyone can open, bookmark or send. The page, its downloads and its course pack read the
IDs from the URL, keep the reader's order, and show published documents only: a draft's
ID in a list is left out as if it were not there (and so is an ID that never existed).
"""

import re

from django.db.models import QuerySet

from . import queries

# More than a course reads; a URL of 500 IDs is about 4 KB, within every browser's limit.
MOST_DOCUMENTS = 500
# Digits, not part of a longer run (which is no record ID: they are below 2**63).
ID = re.compile(r"(?<!\d)\d{1,18}(?!\d)")


def listed_ids(value: str) -> list[int]:
    """The record IDs of an ``ids`` parameter, in order, each once, at most
    ``MOST_DOCUMENTS``; whatever is not a record ID is skipped."""
    ids = dict.fromkeys(int(match) for match in ID.findall(value or "") if int(match) > 0)
    return list(ids)[:MOST_DOCUMENTS]


def ids_parameter(ids: list[int]) -> str:
    return ",".join(str(record_id) for record_id in ids)


def listed_documents(ids: list[int], documents: QuerySet | None = None) -> list:
    """The published documents among ``ids``, in the list's order."""
    found = (documents if documents is not None else queries.document_listing()).filter(
        record_id__in=ids
    )
    by_id = {document.record_id: document for document in found}
    return [by_id[record_id] for record_id in ids if record_id in by_id]
