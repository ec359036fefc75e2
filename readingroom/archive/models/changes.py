"""The outbox of document changes, written in the same transaction as the change.

Whatever is derived from the database (the search index, OAI-PMH's deleted records,
feeds) learns what changed from these rows, never from signals: every path that writes
a document (the admin, importers, the back office) calls ``note_changed`` or
``note_deleted`` inside its transaction, so a change and its notice commit together or
not at all. Readers of the outbox keep their own cursor (the last ``id`` they handled).
"""

from collections.abc import Iterable

from django.db import models
from django.utils import timezone


class DocumentChange(models.Model):
    id = models.BigAutoField(primary_key=True)
    record_id = models.PositiveIntegerField()
    deleted = models.BooleanField(default=False)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["id"]
        # A document's newest row, read off the index: the key of its cached page.
        indexes = [models.Index(fields=["record_id", "id"], name="change_record_newest")]

    def __str__(self):
        return f"{self.record_id} {'deleted' if self.deleted else 'changed'} at {self.at}"


def note_changed(record_ids: Iterable[int]) -> None:
    """Record that these documents changed (created, edited, published or unpublished)."""
    now = timezone.now()
    DocumentChange.objects.bulk_create(
        DocumentChange(record_id=record_id, at=now) for record_id in sorted(set(record_ids))
    )


def note_deleted(record_ids: Iterable[int]) -> None:
    """Record that these documents were deleted."""
    now = timezone.now()
    DocumentChange.objects.bulk_create(
        DocumentChange(record_id=record_id, deleted=True, at=now)
        for record_id in sorted(set(record_ids))
    )
