"""Bulk writes: a roomier page cache while they run, fresh planner statistics after.

SQLite has no autovacuum: without statistics its planner can pick a poor index (the
document page took 100 ms instead of 6 ms at 100,000 documents until ANALYZE ran).
PostgreSQL's autovacuum catches up by itself, but only after a while; a bulk import asks
for it at once.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

# Below this many records a bulk write does not change the planner's choices.
THRESHOLD = 500
# SQLite's page cache while a bulk write runs, in KiB (its default is 2,000 KiB). Each
# document inserted touches a page of every index of four tables; at a million documents
# those indexes no longer fit the default cache, and every insert reads pages back.
BULK_CACHE_KIB = 262_144


@contextmanager
def bulk_writing() -> Iterator[None]:
    """Give SQLite a page cache big enough for a bulk write's indexes, then give it back."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def refresh_statistics(written: int) -> None:
    """Bring the planner's statistics up to date after ``written`` records were written."""
    if written < THRESHOLD:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            for table in (
                "archive_document",
                "archive_persondocumentrelation",
                "archive_placedocumentrelation",
                "archive_document_topics",
                "archive_rendition",
            ):
                cursor.execute(f"ANALYZE {table}")
