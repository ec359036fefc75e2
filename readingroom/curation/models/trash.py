"""Deleted documents, kept whole for 30 days so that an Administrator can bring one back."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class TrashedDocument(models.Model):
    """A deleted document: its full record, its files' names, and its collection places.

    The document's rows are really deleted (no public query can show it); this row and
    the files in storage are all that remain until ``purge_trash`` removes them.
    """

    record_id = models.PositiveIntegerField("record ID", db_index=True)
    title = models.CharField(max_length=1000)
    snapshot = models.JSONField(help_text="The document as curation.records.document_record.")
    # [[collection name, order], …]: a restored document takes its old place again.
    collection_places = models.JSONField(default=list, blank=True)
    files = models.JSONField(default=list, blank=True, help_text="Names in storage.")
    trashed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    trashed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-trashed_at", "-pk"]

    def __str__(self):
        return f"{self.record_id}: {self.title}"
