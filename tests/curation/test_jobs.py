"""Background jobs: the database backend, the real worker command, and import progress."""

import json
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend

from readingroom.archive.models import Document
from readingroom.curation import imports
from readingroom.curation.models import ImportJob
from readingroom.importers.base import import_files
from tests.curation.jobs_support import user_with_role

LINES = "".join(f'{{"record_id": {900100 + n}, "title": "Note {n}"}}\n' for n in range(3))


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_jobs_are_kept_in_the_database():
    assert isinstance(task_backends["default"], DatabaseBackend)


@pytest.mark.django_db(transaction=True)
def test_the_worker_command_runs_a_confirmed_import():
    # given a confirmed import, committed as a web request would leave it
    editor = user_with_role("eddie", "Editor")
    upload = SimpleUploadedFile("notes.jsonl", LINES.encode())
    job = imports.confirm(imports.start(upload, editor))
    assert job.status == ImportJob.Status.QUEUED

    # when `readingroom db_worker --batch` runs what is queued
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    # then the job is done and its records are in the archive
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED
    assert sorted(Document.objects.values_list("title", flat=True)) == [
        "Note 0",
        "Note 1",
        "Note 2",
    ]


def test_the_importer_reports_progress_record_by_record(db, tmp_path):
    path = tmp_path / "notes.jsonl"
    path.write_text(LINES)
    calls = []

    import_files([path], progress_callback=lambda done, total: calls.append((done, total)))

    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_a_dry_run_reports_no_progress(db, tmp_path):
    path = tmp_path / "notes.jsonl"
    path.write_text(LINES)
    calls = []

    import_files([path], dry_run=True, progress_callback=lambda *figures: calls.append(figures))

    assert calls == []


def test_the_progress_file_is_written_now_and_then_and_at_the_end(db, monkeypatch):
    job = ImportJob.objects.create(name="notes.jsonl", status=ImportJob.Status.RUNNING)
    progress = imports.ProgressFile(job)
    clock = iter([100.0, 100.1, 100.2])
    monkeypatch.setattr(imports, "time", SimpleNamespace(monotonic=lambda: next(clock)))

    progress(1, 3)  # written: the first
    progress(2, 3)  # skipped: 0.1 s later
    assert json.loads(imports.progress_path(job).read_text()) == {"done": 1, "total": 3}
    progress(3, 3)  # written: the last, however soon
    assert json.loads(imports.progress_path(job).read_text()) == {"done": 3, "total": 3}
    assert imports.progress(job) == (3, 3)
