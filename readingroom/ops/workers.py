"""Which background worker is which, and taking up the jobs of workers that died.

A worker claims a job by marking it RUNNING with its ID; killed (``kill -9``, the machine
lost), it leaves the job RUNNING for ever, and django-tasks never looks at it again. So
each worker gets an ID that is unique on its machine and the same after a restart: the
first free *slot* of this machine (``<host>-1``, ``<host>-2``…), held by an advisory file
lock in ``READINGROOM_DATA/workers/`` that the kernel releases when the process dies.
A starting worker (or one whose database came back) puts back in the queue every RUNNING
job whose worker was one of this machine's slots that nobody holds now, or itself.

Jobs are safe to run again (``curation/tasks.py``): an import is all or nothing, so the
killed run left nothing behind. A job taken up ``MOST_ATTEMPTS`` times fails instead, so
that a job that kills its worker (memory) does not kill every worker in turn.
"""

import fcntl
import logging
import os
import socket

from django.conf import settings
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

log = logging.getLogger("readingroom.ops")
MOST_ATTEMPTS = 3


def host_name() -> str:
    return socket.gethostname().split(".")[0][:48] or "localhost"


def default_worker_id() -> str:
    return f"{host_name()}-{os.getpid()}"


class WorkerSlot:
    """This machine's worker number N, held while this process lives."""

    def __init__(self, number: int, fd: int):
        self.number, self.fd = number, fd
        self.worker_id = f"{host_name()}-{number}"

    @staticmethod
    def folder():
        path = settings.DATA_DIR / "workers"
        path.mkdir(parents=True, exist_ok=True)
        return path

    @classmethod
    def take(cls) -> "WorkerSlot":
        number = 1
        while True:
            fd = _lock(cls.folder() / f"slot-{number}.lock")
            if fd is not None:
                return cls(number, fd)
            number += 1

    @classmethod
    def is_free(cls, number: int) -> bool:
        fd = _lock(cls.folder() / f"slot-{number}.lock")
        if fd is None:
            return False
        os.close(fd)
        return True

    def release(self) -> None:
        os.close(self.fd)


def _lock(path) -> int | None:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def dead_here(worker_id: str, me: str) -> bool:
    """Whether ``worker_id`` was this machine's and its process is gone."""
    if worker_id == me:
        return True
    host, _, number = worker_id.rpartition("-")
    return host == host_name() and number.isdigit() and WorkerSlot.is_free(int(number))


def take_up_orphans(me: str) -> int:
    """Queue again (or fail, after MOST_ATTEMPTS) the jobs dead workers of this machine
    left RUNNING; how many."""
    taken = 0
    for task in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING):
        last = task.worker_ids[-1] if task.worker_ids else ""
        if not dead_here(last, me):
            continue
        if len(task.worker_ids) >= MOST_ATTEMPTS:
            error = RuntimeError(f"its worker died {len(task.worker_ids)} times while running it")
            task.set_failed(error)
            log.error("job %s failed: %s", task.id, error)
        else:
            DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.READY
            )
            log.warning("job %s: worker %s died while running it; queued again", task.id, last)
        taken += 1
    return taken
