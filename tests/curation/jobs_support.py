"""Helpers for the tests of background jobs: users with a role, and a worker run in-process."""

from django.contrib.auth import get_user_model
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from readingroom.curation.roles import ensure_roles


def user_with_role(username: str, role: str | None):
    """A signed-up user holding ``role`` ("Editor", "Reviewer", …), or none."""
    groups = ensure_roles()
    user = get_user_model().objects.create_user(username, password="not-a-real-password")
    if role:
        user.groups.add(groups[role])
    return user


def run_queued_tasks() -> int:
    """Run every queued task as `readingroom db_worker` would, in this test's transaction.

    The worker's own loop closes "old" connections between tasks, which would end a
    test's transaction; its ``run_task`` is the same step without that.
    """
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while (result := DBTaskResult.objects.ready().first()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
    return ran
