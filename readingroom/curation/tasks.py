"""The back office's background jobs (django-tasks), run by ``readingroom db_worker``.

Tasks are thin: they load what their arguments name (only IDs cross the queue, as JSON)
and call the module that does the work. Each is safe to run twice: an import job runs
only from "queued", and OCR makes one more draft at worst, which an editor deletes.
See docs/background-jobs.md.
"""

from django.contrib.auth import get_user_model
from django_tasks import task

from readingroom.archive.models import Rendition

from . import imports, ocr
from .models import ImportJob


@task()
def run_import(job_id: int) -> str:
    """Import a confirmed job's file; returns the job's final status."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    # RUNNING: a worker died in the middle of this task (its transaction rolled back, so
    # nothing was imported) and the task was queued again (ops/workers.py).
    if job.status in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING):
        imports.run(job)
    return job.status


@task()
def transcribe_scan(scan_id: int, user_id: int | None = None) -> int:
    """OCR a scan rendition into a draft transcript; returns the transcript's ID."""
    scan = Rendition.objects.select_related("document", "language").get(pk=scan_id)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return ocr.make_transcript(scan, user).pk
