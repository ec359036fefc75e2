"""Middleware for operators: one log line and one metric per request, and the endpoints
that load balancers and Prometheus ask (/healthz, /readyz, /metrics).

The endpoints are answered here, before Django's host check and HTTPS redirect, because
probes ask by address and over plain HTTP from inside the network.
"""

import errno
import logging
import re
import time
import uuid

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse, JsonResponse

from readingroom.search.indexer import ensure_background_indexer

from . import health, metrics

log = logging.getLogger("readingroom.requests")
# A request ID from the proxy in front is kept (one ID across the proxy's and our logs)
# when it looks like one; anything else is replaced.
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,100}")


class RequestLogMiddleware:
    """Times each request, gives it an ID (the X-Request-ID header, both ways), counts it
    for /metrics and writes one log line (JSON with LOG_FORMAT=json)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        request.request_id = given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        response = self.get_response(request)
        seconds = time.perf_counter() - started
        response["X-Request-ID"] = request.request_id
        view = route_name(request)
        metrics.observe(view, response.status_code, seconds)
        log.info(
            "%s %s %s %.1fms",
            request.method,
            request.path,
            response.status_code,
            seconds * 1000,
            extra={
                "request_id": request.request_id,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round(seconds * 1000, 2),
                "view": view,
                "remote_addr": request.META.get("REMOTE_ADDR", ""),
            },
        )
        return response


def route_name(request) -> str:
    """A label with few values: the URL's name, not its path (one per document would be
    millions of series)."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name or match._func_path
    if request.path.startswith(settings.STATIC_URL):
        return "static"
    if request.path in OpsEndpointsMiddleware.PATHS:
        return request.path.strip("/")
    return "unmatched"


class OpsEndpointsMiddleware:
    PATHS = ("/healthz", "/readyz", "/metrics")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # With SEARCH_INDEXER=thread a web process keeps this machine's index: it catches
        # up from its first request (a load balancer's probe), not its first search, and a
        # thread that died is started again. (At each request, not at start: settings may
        # differ by then, as in tests.) Costs a lock and a check once it runs.
        ensure_background_indexer(wait=0)
        if request.path == "/healthz":
            return HttpResponse("ok\n", content_type="text/plain")
        if request.path == "/readyz":
            return readyz()
        if request.path == "/metrics":
            return metrics_page(request)
        return self.get_response(request)


def readyz() -> JsonResponse:
    checks = health.readiness()
    ready = all(result == "ok" for result in checks.values())
    response = JsonResponse({"ready": ready, "checks": checks}, status=200 if ready else 503)
    response["Cache-Control"] = "no-store"
    # Not an error of the site's: the body says what is not ready, the request log has it.
    response._has_been_logged = True
    return response


def metrics_page(request) -> HttpResponse:
    if not metrics.allowed(request):
        return HttpResponse(
            "Metrics are for the operator's scraper (see METRICS_TOKEN, METRICS_ALLOWED_IPS).\n",
            status=403,
            content_type="text/plain",
        )
    body, content_type = metrics.exposition()
    return HttpResponse(body, content_type=content_type)


# SQLite's and PostgreSQL's words for a full disk, and the operating system's.
DISK_FULL = ("database or disk is full", "no space left on device", "could not extend file")


def disk_full(error: BaseException) -> bool:
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    return isinstance(error, DatabaseError) and any(w in str(error).lower() for w in DISK_FULL)


class DiskFullMiddleware:
    """A full disk answers 507 with a message to pass on, not a generic error page.

    The view's transaction has rolled back by the time this runs (the exception left its
    ``atomic`` block), and the file store removed what it half wrote: nothing of the
    request was kept, and nothing stored before it was touched.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not disk_full(exception):
            return None
        log.error("disk full while answering %s %s: %s", request.method, request.path, exception)
        message = (
            "The server's disk is full, so nothing of this request was saved; what was saved "
            "before is safe. Please tell the archive's administrator, and try again later."
        )
        response = HttpResponse(message + "\n", status=507, content_type="text/plain")
        response._has_been_logged = True
        return response
