"""Keeping the database's planner statistics fresh after bulk writes.

SQLite has no autovacuum: without statistics its planner can pick a poor index (the
document page took 100 ms instead of 6 ms at 100,000 documents until ANALYZE ran).
PostgreSQL's autovacuum catches up by itself, but only after a while; a bulk import asks
for it at once.
"""

from django.db import connection

# Below this many records a bulk write does not change the planner's choices.
THRESHOLD = 500


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
