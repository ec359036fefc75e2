"""Prometheus metrics: requests and their latency, and the archive's background state.

Request figures are counted in each web process. Under ``readingroom serve`` (several
gunicorn processes) ``PROMETHEUS_MULTIPROC_DIR`` is set, each process writes its counts to
a file there and a scrape adds them up, whichever process answers it. The archive's state
(outbox lag, the index's age, the job queue) is read from the database and this machine's
index when scraped.
"""

import ipaddress
import os
import secrets
import time

from django.conf import settings
from django.db.models import Count, Max
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from readingroom.archive.models import DocumentChange
from readingroom.search.index import current_generation, index_root
from readingroom.search.models import IndexCursor

REQUESTS = Counter(
    "readingroom_http_requests",
    "HTTP requests answered, by URL name and status.",
    ["view", "status"],
    registry=None,
)
LATENCY = Histogram(
    "readingroom_http_request_duration_seconds",
    "Time to answer a request, by URL name.",
    ["view"],
    buckets=(0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30),
    registry=None,
)


def observe(view: str, status: int, seconds: float) -> None:
    REQUESTS.labels(view, str(status)).inc()
    LATENCY.labels(view).observe(seconds)


class ArchiveCollector:
    """Figures read at scrape time: how far this machine's index is behind, and the jobs."""

    def collect(self):
        newest = DocumentChange.objects.aggregate(top=Max("id"))["top"] or 0
        generation = current_generation(index_root())
        cursor = IndexCursor.objects.filter(generation=generation).first() if generation else None
        taken_in = cursor.last_change_id if cursor else 0
        yield gauge("readingroom_outbox_newest_change", "The newest outbox row's ID.", newest)
        yield gauge(
            "readingroom_search_cursor_change",
            "The last outbox row this machine's search index has taken in.",
            taken_in,
        )
        # Rows, not the difference of IDs: a rolled-back write leaves a gap in the sequence.
        pending = DocumentChange.objects.filter(id__gt=taken_in)
        yield gauge(
            "readingroom_outbox_lag_changes",
            "Outbox rows after this machine's search index cursor (not yet taken in).",
            pending.count(),
        )
        oldest_pending = pending.order_by("id").values("at").first()
        lag = time.time() - oldest_pending["at"].timestamp() if oldest_pending else 0.0
        yield gauge(
            "readingroom_outbox_lag_seconds",
            "Age of the oldest change not yet in this machine's search index (0: none).",
            lag,
        )
        yield gauge(
            "readingroom_search_index_age_seconds",
            "Seconds since this machine's search index last committed (NaN: no index).",
            index_age(generation),
        )
        yield job_counts()


def gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)


def index_age(generation: str | None) -> float:
    if generation is None:
        return float("nan")
    try:
        committed = (index_root() / generation / "meta.json").stat().st_mtime
    except FileNotFoundError:
        return float("nan")
    return max(0.0, time.time() - committed)


def job_counts() -> GaugeMetricFamily:
    """Background jobs by state: READY is the queue, FAILED the failures kept."""
    from django_tasks_db.models import DBTaskResult

    family = GaugeMetricFamily(
        "readingroom_jobs", "Background jobs (django-tasks) by status.", labels=["status"]
    )
    counts = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("id")).order_by())
    for status in ("READY", "RUNNING", "FAILED", "SUCCESSFUL"):
        family.add_metric([status], counts.get(status, 0))
    return family


def exposition() -> tuple[bytes, str]:
    """The metrics page: this process's (or every process's) counts and the archive's."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REQUESTS)
        registry.register(LATENCY)
    registry.register(ArchiveCollector())
    return generate_latest(registry), CONTENT_TYPE_LATEST


def allowed(request) -> bool:
    """The scraper's token, or an allowed address that did not come through a proxy."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if settings.METRICS_TOKEN and header.startswith("Bearer "):
        return secrets.compare_digest(header[7:].strip(), settings.METRICS_TOKEN)
    if "HTTP_X_FORWARDED_FOR" in request.META or "HTTP_FORWARDED" in request.META:
        return False  # through the reverse proxy: REMOTE_ADDR is the proxy's own
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    networks = (ipaddress.ip_network(net, strict=False) for net in settings.METRICS_ALLOWED_IPS)
    return any(address in network for network in networks)
