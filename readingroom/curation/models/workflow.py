"""Who moved a document through the workflow (draft, in review, published), and when."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class WorkflowEvent(models.Model):
    """One transition of a document's status.

    The document is referred to by its record ID, not a foreign key: the event outlives a
    deleted document, as its history does.
    """

    record_id = models.PositiveIntegerField("record ID", db_index=True)
    from_status = models.CharField(max_length=20)
    to_status = models.CharField(max_length=20)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        # The back office's own permissions: they are not about one model's rows.
        permissions = [
            ("publish_document", "Can publish and unpublish documents"),
            ("administer_archive", "Can manage users, settings, featured items and deletions"),
        ]

    def __str__(self):
        return f"{self.record_id}: {self.from_status} → {self.to_status}"
