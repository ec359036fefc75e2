"""What /healthz and /readyz check.

``/healthz`` says the process answers (nothing else: a database outage must not make a
supervisor restart every web process). ``/readyz`` says this process can serve readers:
every database it reads is reachable, the migrations of this code are applied, and the
search index of this machine opens. A load balancer sends readers only to ready processes.
"""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from readingroom.search.index import reader

# Once applied, migrations stay applied for the life of a process (new code means a new
# process), so the migration graph is loaded once, not at every probe.
_migrated = False


def check_databases() -> str | None:
    """None when every configured database answers, else what failed."""
    for alias in settings.DATABASES:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
        except Exception as error:  # any driver error means "not reachable"
            connections[alias].close_if_unusable_or_obsolete()
            return f"{alias}: {type(error).__name__}: {error}".strip()
    return None


def check_migrations() -> str | None:
    global _migrated
    if _migrated:
        return None
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        names = ", ".join(f"{migration.app_label}.{migration.name}" for migration, _ in plan[:5])
        return f"{len(plan)} migration(s) not applied: {names}"
    _migrated = True
    return None


def check_search_index() -> str | None:
    try:
        view = reader().view()
    except Exception as error:  # a damaged or unreadable index
        return f"{type(error).__name__}: {error}"
    if view is None:
        return f"no search index in {settings.SEARCH_INDEX_DIR} yet (the indexer builds one)"
    return None


def readiness() -> dict[str, str]:
    """Each check's result: "ok" or what is wrong. The database first: the others need it."""
    checks = {"database": check_databases()}
    if checks["database"] is None:
        checks["migrations"] = check_migrations()
    checks["search_index"] = check_search_index()
    return {name: problem or "ok" for name, problem in checks.items()}
