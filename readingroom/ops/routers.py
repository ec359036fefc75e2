"""Read replicas: readers' pages read from a replica, everything else from the primary.

With ``DATABASE_REPLICA_URLS`` set, a request may read from a replica only when nothing it
shows must reflect a write just made: a GET or HEAD outside the back office (``/editor/``,
``/admin/``), from a browser that has not posted anything in the last few seconds (a
POST sets a short-lived cookie that pins its next requests to the primary, so an editor
sees their own change at once; a replica lags by a fraction of a second). Commands,
background jobs and the search indexer never run inside such a request, so they always
use the primary. Writes always go to the primary.
"""

import random
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

# Set only while a reader's request is handled; threads and commands start without it.
_reader_request: ContextVar[bool] = ContextVar("readingroom_reader_request", default=False)

PIN_COOKIE = "readingroom_primary"
PIN_SECONDS = 30
PRIMARY_PATHS = ("/editor/", "/admin/")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def replicas() -> list[str]:
    return [alias for alias in settings.DATABASES if alias != DEFAULT_DB_ALIAS]


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reader_request.get():
            choices = replicas()
            if choices:
                return random.choice(choices)
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every database holds the same rows

    def allow_migrate(self, db, app_label, **hints):
        return db == DEFAULT_DB_ALIAS


def may_read_replica(request) -> bool:
    return (
        request.method in SAFE_METHODS
        and not request.path.startswith(PRIMARY_PATHS)
        and PIN_COOKIE not in request.COOKIES
    )


class ReplicaMiddleware:
    """Marks a reader's request as one that may read a replica; pins a poster's next reads."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.DATABASE_REPLICA_URLS:
            return self.get_response(request)
        token = _reader_request.set(may_read_replica(request))
        try:
            response = self.get_response(request)
        finally:
            _reader_request.reset(token)
        if request.method not in SAFE_METHODS:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
