"""Revisions: a snapshot of a record at each save, with who saved it and what changed."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class Revision(models.Model):
    """A record as it was saved: its JSON Lines form (``curation.records``) at that moment.

    The record is referred to by content type and primary key rather than a foreign key,
    so that its history outlives it: a document in the trash, restored under the same
    record ID, finds its revisions again.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.BigIntegerField(help_text="The record's key (a document's record ID).")
    object_repr = models.CharField("record", max_length=300)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(default=timezone.now)
    snapshot = models.JSONField()
    changed_fields = models.JSONField(default=list, blank=True)
    summary = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-id"], name="revision_record"),
        ]

    def __str__(self):
        return f"#{self.pk} of {self.object_repr}: {self.summary}"
