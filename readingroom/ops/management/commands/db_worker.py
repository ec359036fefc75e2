"""Run background jobs (django-tasks' database worker) and outlive database outages.

django-tasks' own worker exits when the database goes away (a PostgreSQL restart) or
SQLite stays locked past its timeout; nothing may be there to start it again. This one
waits and carries on: it logs the error, closes its connections, sleeps (1 s, doubling
up to 30 s) and resumes polling. A job that was running when the database went away is
taken up again (see ``readingroom.ops.workers``), like one whose worker was killed.
"""

import contextlib
import logging
import time

from django.db import Error as DatabaseError
from django.db import connections
from django_tasks_db.management.commands.db_worker import Command as TasksCommand
from django_tasks_db.management.commands.db_worker import Worker

from readingroom.ops.workers import WorkerSlot, default_worker_id, take_up_orphans

log = logging.getLogger("readingroom.ops")
FIRST_RETRY = 1.0
LAST_RETRY = 30.0


class SteadyWorker(Worker):
    """django-tasks' worker in a loop that survives the database going away."""

    def run(self) -> None:
        delay = FIRST_RETRY
        while self.running:
            try:
                take_up_orphans(self.worker_id)
                super().run()
                return  # --batch or --max-tasks ended it
            except DatabaseError as error:
                if not self.running:
                    return
                log.warning(
                    "db_worker %s: the database is unavailable (%s); trying again in %.0f s",
                    self.worker_id,
                    str(error).strip() or type(error).__name__,
                    delay,
                )
                close_connections()
                time.sleep(delay)
                delay = min(delay * 2, LAST_RETRY)
                self.startup_delay = False


def close_connections() -> None:
    for connection in connections.all(initialized_only=True):
        # A connection to a server that went away cannot be closed cleanly.
        with contextlib.suppress(DatabaseError):
            connection.close()


class Command(TasksCommand):
    help = __doc__

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # Unique on this machine and the same after a restart (see workers.py), so that a
        # restarted worker takes up the job its killed predecessor left running.
        parser.set_defaults(worker_id=None)

    def handle(self, *args, worker_id=None, **options):
        slot = None
        if worker_id is None:
            try:
                slot = WorkerSlot.take()
                worker_id = slot.worker_id
            except OSError as error:  # a read-only READINGROOM_DATA: no slots to hold
                log.warning("db_worker: no worker slot (%s); jobs of killed workers wait", error)
        import django_tasks_db.management.commands.db_worker as upstream

        upstream.Worker = SteadyWorker  # the command builds its worker from this name
        try:
            super().handle(*args, worker_id=worker_id or default_worker_id(), **options)
        finally:
            if slot:
                slot.release()
