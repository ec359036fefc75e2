"""Background jobs of the interop app (django-tasks), run by ``readingroom db_worker``.

``schedule_refresh(record_ids)`` is what a change to documents (or to the people and
contributors they name) calls, inside its transaction: the job's row commits with the
change or not at all, and the worker renders the citations afterwards, so no editor
waits for citeproc-js.
"""

from collections.abc import Iterable

from django_tasks import task

from .formatted import refresh_citations


@task()
def refresh_document_citations(record_ids: list[int]) -> int:
    """Render and store these documents' citations where out of date; how many were."""
    return refresh_citations(record_ids)


def schedule_refresh(record_ids: Iterable[int]) -> None:
    """Queue a refresh of these documents' citations (with the current transaction)."""
    if ids := sorted(set(record_ids)):
        refresh_document_citations.enqueue(ids)
