"""Bulk import in the browser: upload, dry run, confirm, run in the background.

The importer itself (``readingroom.importers``, then the domain action
``import_records``) does the work, all or nothing, under the rules of the user's role
(an Editor's file may not publish a document nor change a published one); this module
keeps the uploaded file in ``MEDIA_ROOT/imports/<job folder>/`` until the job ends,
turns the report into JSON for the job page, and reports progress while the import's
transaction is open.

Live progress is a small JSON file beside the upload, not a database row: the import
writes inside one transaction, which nothing else can see into, and on SQLite no other
connection may write while it is open. A file needs neither (and the worker must share
MEDIA_ROOT with the web processes anyway, to read the upload).
"""

import json
import os
import shutil
import time
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename

from readingroom.archive.actions import Actor
from readingroom.importers.base import ImportFailed, ImportReport, RecordError, import_files

from .models import ImportJob
from .roles import can_publish

# What the importer reads (docs/import-formats.md); anything else is refused at upload.
SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".txt", ".md")
MAX_UPLOAD_BYTES = 200 * 1024 * 1024
# Writing the progress file more often than this would cost more than the import.
PROGRESS_INTERVAL = 0.5
# Rows of the report and errors kept with a job (and shown on its page); the rest are
# counted, not kept.
REPORT_ROWS = 1000
REPORT_ERRORS = 1000


class UploadRefused(ValueError):
    """The upload is not something the importer could read; the message says why."""


def start(upload: UploadedFile, user, *, publish: bool = False) -> ImportJob:
    """Keep the uploaded file, dry-run it, and return the job (checked or invalid)."""
    name = _checked_name(upload)
    job = ImportJob(name=name, user=user, publish=publish and can_publish(user))
    job.file.save(name, upload, save=False)
    job.save()
    check(job)
    return job


def _checked_name(upload: UploadedFile) -> str:
    name = get_valid_filename(Path(upload.name or "").name) if upload.name else ""
    if not name.lower().endswith(SUFFIXES):
        raise UploadRefused(
            f"{upload.name!r} is neither JSON Lines (.jsonl, .jsonl.gz) nor the archive's "
            "text export (.txt, .md); see the import formats in the documentation."
        )
    if upload.size > MAX_UPLOAD_BYTES:
        raise UploadRefused(
            f"{upload.name!r} is {upload.size:,} bytes; the largest import accepted here is "
            f"{MAX_UPLOAD_BYTES:,} bytes (import larger files with `readingroom import`)."
        )
    if not upload.size:
        raise UploadRefused(f"{upload.name!r} is empty.")
    return name


def check(job: ImportJob) -> ImportReport:
    """The dry run: what each record would do; nothing is written to the archive."""
    try:
        report = _import(job, dry_run=True)
    except ImportFailed as failure:
        _finish(job, ImportJob.Status.INVALID, failure.report, failure.errors)
        return failure.report
    job.status, job.total = ImportJob.Status.CHECKED, len(report.results)
    job.summary, job.report, job.errors = report.summary(), report_rows(report), []
    job.counts = action_counts(report)
    job.save()
    return report


def confirm(job: ImportJob) -> ImportJob:
    """Queue a checked job for the worker; the job and its task commit together."""
    from .tasks import run_import  # tasks imports this module

    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status != ImportJob.Status.CHECKED:
            return job
        job.status = ImportJob.Status.QUEUED
        job.save(update_fields=["status"])
        # The database backend's task is a row written in this same transaction: a
        # worker cannot pick it up before the job is committed as queued.
        job.task_id = str(run_import.enqueue(job.pk).id)
        job.save(update_fields=["task_id"])
    return job


def cancel(job: ImportJob) -> None:
    """Drop a checked job that will not be confirmed, and its file."""
    if job.status in (ImportJob.Status.CHECKED, ImportJob.Status.INVALID):
        job.status, job.finished = ImportJob.Status.CANCELLED, timezone.now()
        job.save(update_fields=["status", "finished"])
        remove_upload(job)


def run(job: ImportJob) -> None:
    """The real import, in the worker; a failure leaves the archive as it was."""
    job.status, job.started = ImportJob.Status.RUNNING, timezone.now()
    job.save(update_fields=["status", "started"])
    try:
        report = _import(job, dry_run=False, progress_callback=ProgressFile(job))
    except ImportFailed as failure:
        # The archive may have changed since the dry run; the importer checked again.
        _finish(job, ImportJob.Status.FAILED, failure.report, failure.errors)
    except Exception as error:
        _finish(job, ImportJob.Status.FAILED, None, [f"{type(error).__name__}: {error}"])
        raise
    else:
        job.done = len(report.results)
        _finish(job, ImportJob.Status.SUCCEEDED, report, [])


def _import(job: ImportJob, **options) -> ImportReport:
    """The job's file through the importer, as its user (whose role decides what it may)."""
    return import_files(
        [Path(job.file.path)], actor=Actor.of(job.user), publish=job.publish, **options
    )


def _finish(job: ImportJob, status: str, report: ImportReport | None, errors) -> None:
    job.status, job.finished = status, timezone.now()
    job.errors = error_texts(errors)
    if report is not None:
        job.report, job.summary = report_rows(report), report.summary()
        job.total, job.counts = len(report.results), action_counts(report)
    job.save()
    remove_upload(job)


def report_rows(report: ImportReport) -> list[dict]:
    """The report as JSON for the job page; files are named as uploaded, not as stored.

    At most REPORT_ROWS rows, in line order, the invalid ones kept first: they are what
    the person who uploaded the file must act on.
    """
    limit = REPORT_ROWS
    invalid = [r for r in report.results if r.action == "invalid"][:limit]
    others = [r for r in report.results if r.action != "invalid"][: limit - len(invalid)]
    kept = sorted([*invalid, *others], key=lambda result: result.line)
    return [
        {
            "line": result.line,
            "kind": result.kind,
            "key": result.key,
            "action": result.action,
            "reason": result.reason,
        }
        for result in kept
    ]


def action_counts(report: ImportReport) -> dict[str, int]:
    """Records per action, all of them, kept rows or not: {"new": 2, "invalid": 1}."""
    counts = dict.fromkeys(("new", "updated", "invalid"), 0)
    for result in report.results:
        counts[result.action] = counts.get(result.action, 0) + 1
    return counts


def error_texts(errors) -> list[str]:
    """The first REPORT_ERRORS errors as text, and how many more there were."""
    limit = REPORT_ERRORS
    texts = [_error_text(error) for error in errors[:limit]]
    if len(errors) > limit:
        texts.append(f"… and {len(errors) - limit:,} more errors, not listed.")
    return texts


def _error_text(error: RecordError | str) -> str:
    if isinstance(error, str):
        return error
    place = f"line {error.line}" if error.line else Path(error.file).name
    return (
        f"{place}: {error.field}: {error.message}" if error.field else f"{place}: {error.message}"
    )


# Progress ---------------------------------------------------------------------------


def progress_path(job: ImportJob) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / job.folder / "progress.json"


class ProgressFile:
    """The importer's ``progress_callback``: writes {"done", "total"} now and then."""

    def __init__(self, job: ImportJob):
        self.path = progress_path(job)
        self.written_at = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.written_at < PROGRESS_INTERVAL:
            return
        self.written_at = now
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".part")
        partial.write_text(json.dumps({"done": done, "total": total}))
        # A reader sees the old figures or the new ones, never half a file.
        os.replace(partial, self.path)


def progress(job: ImportJob) -> tuple[int, int]:
    """(records done, records in all) for the job page."""
    if job.is_active:
        try:
            figures = json.loads(progress_path(job).read_text())
            return figures["done"], figures["total"]
        except (OSError, ValueError, KeyError):
            return 0, job.total
    return job.done, job.total


def remove_upload(job: ImportJob) -> None:
    """The uploaded file and the progress file go once the job has ended."""
    folder = Path(settings.MEDIA_ROOT) / "imports" / job.folder
    shutil.rmtree(folder, ignore_errors=True)
    if job.file:
        ImportJob.objects.filter(pk=job.pk).update(file="")
        job.file = ""
