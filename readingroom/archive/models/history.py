"""What the archive remembers of its own changes: revisions, workflow steps, the trash,
every record ID ever given, and merges of duplicate records.

Only the domain actions (``readingroom.archive.actions``) write these rows, each in the
transaction of the change it records. Records are referred to by content type and key or
by record ID, never by a foreign key, so that their history outlives them: a document in
the trash, restored under the same record ID, finds its revisions again.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class Revision(models.Model):
    """A record as it was saved: its JSON Lines form (``archive.interchange``) then."""

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
    # Who did it when no user did: "command line", "import of frus1958-60v19.xml".
    actor = models.CharField(max_length=200, blank=True)
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

    @property
    def who(self) -> str:
        return self.user.get_username() if self.user else self.actor or "someone"


class WorkflowEvent(models.Model):
    """One transition of a document's status (draft, in review, published)."""

    record_id = models.PositiveIntegerField("record ID", db_index=True)
    from_status = models.CharField(max_length=20)
    to_status = models.CharField(max_length=20)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.CharField(max_length=200, blank=True)
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

    @property
    def who(self) -> str:
        return self.user.get_username() if self.user else self.actor or "someone"


class TrashedDocument(models.Model):
    """A deleted document: its full record, its files' names, and its collection places.

    The document's rows are really deleted (no public query can show it); this row and
    the files in storage are all that remain until ``purge_trash`` removes them.
    """

    record_id = models.PositiveIntegerField("record ID", db_index=True)
    title = models.CharField(max_length=1000)
    snapshot = models.JSONField(help_text="The document in its JSON Lines form.")
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


class IssuedRecordId(models.Model):
    """Every record ID the archive ever gave a document, kept after the document is gone.

    A record ID never changes meaning: an ID in this table is refused to any new
    document, whoever asks, and only the same document (from the trash, or from this
    archive's own export) may bring it back.
    """

    record_id = models.IntegerField(primary_key=True)
    issued_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return str(self.record_id)


class EntityMerge(models.Model):
    """Duplicates merged into one record, kept so that old URLs redirect and undo works.

    ``snapshot`` is the merged-away record as it was (its JSON Lines form), and
    ``links`` the rows that pointed at it, so that undoing the merge brings back the
    same record, under the same slug, with the same documents.
    """

    kind = models.CharField(max_length=20)  # "person", "place", "topic", "collection"
    old_pk = models.BigIntegerField()
    old_slug = models.CharField(max_length=100, db_index=True)
    survivor_pk = models.BigIntegerField()
    snapshot = models.JSONField()
    links = models.JSONField(default=list, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.CharField(max_length=200, blank=True)
    merged_at = models.DateTimeField(default=timezone.now)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at", "-pk"]
        indexes = [models.Index(fields=["kind", "old_slug"], name="merge_old_slug")]

    def __str__(self):
        return f"{self.kind} {self.old_slug} → {self.survivor_pk}"
