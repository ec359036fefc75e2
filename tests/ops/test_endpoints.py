"""The operator's endpoints: /healthz, /readyz, /metrics, request IDs and log lines,
and the security headers every page carries."""

import json
import logging

import pytest
from pythonjsonlogger.json import JsonFormatter

from readingroom.archive.models import note_changed
from readingroom.search.indexer import build_generation

pytestmark = pytest.mark.django_db


def test_healthz_answers_whatever_the_host(client):
    # A load balancer asks by address: the host check must not turn it away.
    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_readyz_names_what_is_missing_until_the_index_exists(client, settings):
    # Given a database but no search index yet on this machine
    response = client.get("/readyz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["migrations"] == "ok"
    assert body["checks"]["search_index"].startswith("no search index in ")
    # When the indexer has built one
    build_generation(settings.SEARCH_INDEX_DIR)
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "ready": True,
        "checks": {"database": "ok", "migrations": "ok", "search_index": "ok"},
    }


def test_metrics_are_refused_through_the_proxy_and_from_elsewhere(client, settings):
    settings.METRICS_TOKEN = ""
    # Through the reverse proxy REMOTE_ADDR is the proxy's loopback address: refused.
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 200
    settings.METRICS_ALLOWED_IPS = ["10.1.0.0/16"]
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 403


def test_metrics_with_the_token_from_anywhere(client, settings):
    settings.METRICS_TOKEN = "s3cret-scraper-token"
    wrong = client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer nope")
    assert wrong.status_code == 403
    right = client.get(
        "/metrics",
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
        HTTP_AUTHORIZATION="Bearer s3cret-scraper-token",
    )
    assert right.status_code == 200


def metric(text: str, name: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{name} is not in the metrics")


def test_metrics_count_requests_and_the_outbox_lag(client, settings, records):
    # Given an index that has taken in the first change, and two changes after it
    document = records.document("Memorandum of Conversation")
    build_generation(settings.SEARCH_INDEX_DIR)
    note_changed([document.record_id])
    note_changed([document.record_id])
    before = client.get("/metrics").content.decode()
    client.get(f"/document/{document.record_id}")
    text = client.get("/metrics").content.decode()
    assert metric(text, "readingroom_outbox_lag_changes") == 2
    # the newest row and the cursor themselves (on PostgreSQL IDs are not reused, so the
    # difference may count rolled-back gaps; the lag counts rows)
    newest = metric(text, "readingroom_outbox_newest_change")
    assert newest >= metric(text, "readingroom_search_cursor_change") + 2
    assert metric(text, "readingroom_outbox_lag_seconds") >= 0
    assert metric(text, "readingroom_search_index_age_seconds") >= 0
    assert 'readingroom_jobs{status="READY"} 0.0' in text
    name = 'readingroom_http_requests_total{status="200",view="archive:document-detail"}'
    seen_before = metric(before, name) if name in before else 0
    assert metric(text, name) == seen_before + 1
    assert "readingroom_http_request_duration_seconds_bucket" in text


def test_every_response_carries_a_request_id_kept_from_the_proxy(client, caplog):
    caplog.set_level(logging.INFO, logger="readingroom.requests")
    response = client.get("/healthz", HTTP_X_REQUEST_ID="proxy-abc-123")
    assert response["X-Request-ID"] == "proxy-abc-123"
    # Something that is not an ID is replaced, not echoed.
    response = client.get("/healthz", HTTP_X_REQUEST_ID="<script>")
    assert len(response["X-Request-ID"]) == 32
    line = caplog.records[-1]
    assert (line.request_id, line.status, line.path) == (response["X-Request-ID"], 200, "/healthz")
    assert line.duration_ms >= 0


def test_a_request_log_line_in_json(settings, client, caplog):
    # LOG_FORMAT=json: the formatter settings.py configures writes one object a line.
    caplog.set_level(logging.INFO, logger="readingroom.requests")
    client.get("/healthz")
    options = dict(settings.LOGGING["formatters"]["json"])
    options.pop("()")
    line = JsonFormatter(**options).format(caplog.records[-1])
    fields = json.loads(line)
    assert "\n" not in line
    assert fields["logger"] == "readingroom.requests"
    assert fields["status"] == 200
    assert fields["path"] == "/healthz"
    assert {"time", "level", "request_id", "duration_ms", "method"} <= set(fields)


def test_pages_carry_a_strict_content_security_policy(client, sample_archive):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
