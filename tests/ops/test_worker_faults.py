"""Background jobs under faults: a worker killed mid-job, and SQLite locked for longer
than a write may wait. Real `readingroom db_worker` processes on a real SQLite file."""

import signal
import sqlite3
import time

import pytest

from .processes import documents_file, environment, python, query, run, started, wait_for

IMPORT_JOB = """
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from readingroom.curation import imports
from readingroom.curation.roles import ensure_roles
user, _ = get_user_model().objects.get_or_create(username="reviewer")
user.groups.add(ensure_roles()["Reviewer"])
upload = SimpleUploadedFile("{name}", open("{path}", "rb").read())
job = imports.confirm(imports.start(upload, user))
print(job.pk, job.folder)
"""


@pytest.fixture
def archive(tmp_path):
    """A migrated SQLite archive in its own data folder."""
    env = environment(tmp_path / "data")
    run(env, "migrate", "--noinput", "-v0")
    return env


def queue_import(env, tmp_path, count: int, first: int = 500_000) -> tuple[int, str]:
    path = documents_file(tmp_path / f"batch-{first}.jsonl", count, first)
    output = python(env, IMPORT_JOB.format(name=path.name, path=path))
    job_id, folder = output.splitlines()[-1].split()
    return int(job_id), folder


def job_status(env, job_id: int) -> str:
    return query(env, f"ImportJob.objects.get(pk={job_id}).status")


def test_a_worker_killed_mid_import_leaves_the_archive_as_it_was_and_its_restart_finishes(
    archive, tmp_path
):
    # Given a confirmed import of 600 documents, and a worker importing it
    job_id, folder = queue_import(archive, tmp_path, 600)
    progress = tmp_path / "data" / "media" / "imports" / folder / "progress.json"
    with started(archive, "db_worker", log=tmp_path / "worker-1.log") as worker:
        wait_for(progress.exists, what="the import's progress", timeout=120)
        # When it is killed with SIGKILL in the middle
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    # Then nothing of the import is in the archive, and the job is left running
    assert query(archive, "Document.objects.count()") == 0
    assert job_status(archive, job_id) == "running"
    # When a worker starts again on this machine, it takes the job up and finishes it
    with started(archive, "db_worker", log=tmp_path / "worker-2.log"):
        wait_for(
            lambda: job_status(archive, job_id) == "succeeded", timeout=180, what="the job", every=2
        )
    assert query(archive, "Document.objects.count()") == 600
    attempts = query(
        archive, "DBTaskResult.objects.get(task_path__endswith='.run_import').worker_ids"
    )
    assert len(attempts) == 2 and attempts[0] == attempts[1]  # the same slot, twice
    assert "died while running it; queued again" in (tmp_path / "worker-2.log").read_text()


def test_a_worker_outlives_sqlite_locked_longer_than_its_timeout(archive, tmp_path):
    # Given a worker that waits at most 1 s for SQLite's write lock
    env = dict(archive, SQLITE_BUSY_TIMEOUT="1")
    database = tmp_path / "data" / "readingroom.sqlite3"
    log = tmp_path / "worker.log"
    with started(env, "db_worker", "--interval", "0.2", log=log) as worker:
        time.sleep(3)  # it has started polling
        # When another process holds the lock for 4 s
        holder = sqlite3.connect(database, timeout=30, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        time.sleep(4)
        holder.execute("COMMIT")
        holder.close()
        # Then the worker is still there, said why it waited, and runs the next job
        assert worker.poll() is None, log.read_text()
        job_id, _ = queue_import(env, tmp_path, 3)
        wait_for(lambda: job_status(env, job_id) == "succeeded", timeout=60, what="the job")
    assert "the database is unavailable" in log.read_text()
    assert query(env, "Document.objects.count()") == 3
