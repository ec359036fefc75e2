"""Which database a request reads: a replica for readers, the primary for everything that
must see a write just made (ops/routers.py)."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from readingroom.archive.models import Document
from readingroom.ops.routers import PIN_COOKIE, ReplicaMiddleware, ReplicaRouter


@pytest.fixture
def with_replica(settings):
    settings.DATABASE_REPLICA_URLS = ["postgresql://replica.internal/readingroom"]
    settings.DATABASES = {**settings.DATABASES, "replica1": settings.DATABASES["default"]}


def read_database(request) -> tuple[str, HttpResponse]:
    """The database a model read goes to while ``request`` is handled."""
    seen = []

    def view(request):
        seen.append(ReplicaRouter().db_for_read(Document))
        return HttpResponse("ok")

    response = ReplicaMiddleware(view)(request)
    return seen[0], response


@pytest.mark.parametrize(
    "method, path, cookies, expected",
    [
        ("get", "/document/110398", {}, "replica1"),
        ("head", "/search", {}, "replica1"),
        ("get", "/editor/documents/", {}, "default"),
        ("get", "/admin/", {}, "default"),
        ("post", "/api/documents", {}, "default"),
        ("patch", "/api/documents/110398", {}, "default"),
        ("get", "/document/110398", {PIN_COOKIE: "1"}, "default"),
    ],
    ids=["reader", "head", "back office", "admin", "api create", "api change", "after a post"],
)
def test_reads_go_to_the_replica_only_for_readers(with_replica, method, path, cookies, expected):
    request = getattr(RequestFactory(), method)(path)
    request.COOKIES.update(cookies)
    assert read_database(request)[0] == expected


def test_a_post_pins_the_browser_to_the_primary_for_a_while(with_replica):
    _, response = read_database(RequestFactory().post("/editor/documents/1/"))
    cookie = response.cookies[PIN_COOKIE]
    assert cookie["max-age"] == 30 and cookie["httponly"]


def test_without_replicas_everything_reads_the_primary(settings):
    settings.DATABASE_REPLICA_URLS = []
    database, response = read_database(RequestFactory().get("/document/110398"))
    assert database == "default" and PIN_COOKIE not in response.cookies


def test_commands_and_threads_read_the_primary(with_replica):
    # outside any request: importers, workers, the search indexer
    assert ReplicaRouter().db_for_read(Document) == "default"
    assert ReplicaRouter().db_for_write(Document) == "default"
