"""A bulk import started in the browser: its file, its dry-run report and how it ended.

The job row is the import's record for people: what was uploaded, by whom, what the dry
run found, and what the real run did. The django-tasks result (``task_id``) only says
whether the worker ran it; live progress while the import's one big transaction is open
is kept in a small file beside the upload (see ``curation.imports``), because no other
connection can see, or on SQLite even write, rows inside that transaction.
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse


def _new_folder() -> str:
    return uuid.uuid4().hex


def _upload_path(job: "ImportJob", filename: str) -> str:
    # One folder per job: the file keeps its own name (the report names it, and the
    # importer recognizes formats by suffix), and the job's progress file sits beside it.
    return f"imports/{job.folder}/{filename}"


class ImportJob(models.Model):
    """One uploaded file on its way into the archive: checked, confirmed, run."""

    class Status(models.TextChoices):
        CHECKED = "checked", "Checked, waiting for confirmation"
        INVALID = "invalid", "Has errors, not imported"
        CANCELLED = "cancelled", "Cancelled"
        QUEUED = "queued", "Waiting for a worker"
        RUNNING = "running", "Importing"
        SUCCEEDED = "succeeded", "Imported"
        FAILED = "failed", "Failed, nothing imported"

    # Statuses in which the job page keeps refreshing itself.
    ACTIVE = (Status.QUEUED, Status.RUNNING)

    folder = models.CharField(max_length=32, default=_new_folder, editable=False)
    name = models.CharField(max_length=255, help_text="The uploaded file's name.")
    file = models.FileField(upload_to=_upload_path, max_length=400, blank=True)
    publish = models.BooleanField(
        default=False, help_text="Publish every imported document (Reviewers only)."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CHECKED)
    total = models.PositiveIntegerField(default=0, help_text="Records in the file.")
    done = models.PositiveIntegerField(default=0, help_text="Records written.")
    summary = models.CharField(max_length=500, blank=True)
    # Per record: {"line", "kind", "key", "action", "reason"}, from the last check or run;
    # at most curation.imports.REPORT_ROWS of them (invalid ones first), so that a hostile
    # file cannot make a page of hundreds of megabytes. ``counts`` counts them all.
    report = models.JSONField(default=list, blank=True)
    counts = models.JSONField(
        default=dict, blank=True, help_text='Records per action: {"new": 2, "invalid": 1}.'
    )
    errors = models.JSONField(default=list, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("curation:import-detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE
