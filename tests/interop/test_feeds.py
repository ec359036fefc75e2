"""Atom feeds of new documents and of a topic, collection or person, valid against RFC 4287."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from lxml import etree

from readingroom.archive.actions.counts import recount_all
from readingroom.archive.models import (
    Collection,
    CollectionItem,
    Document,
    Person,
    PersonDocumentRelation,
    Topic,
)
from readingroom.interop.feeds import feed_url

from .xml_schemas import assert_valid, atom_schema

ATOM = {"a": "http://www.w3.org/2005/Atom"}


@pytest.fixture
def schema(shared_dir):
    return atom_schema(shared_dir)


@pytest.fixture
def archive(db):
    """Three published documents a day apart, a draft, and a topic, collection and person."""
    topic = Topic.objects.create(name="Korean War", span="1950-1953")
    collection = Collection.objects.create(name="周恩来 papers")
    zhou = Person.objects.create(sort_name="Zhou, Enlai", display_name="Zhou Enlai")
    for record_id, day in [(1, 1), (2, 2), (3, 3)]:
        document = Document.objects.create(
            record_id=record_id,
            title=f"Telegram {record_id}",
            summary="Lüshun & Dalian",
            status=Document.Status.PUBLISHED,
        )
        Document.objects.filter(record_id=record_id).update(
            published_at=dt.datetime(2024, 5, day, tzinfo=dt.UTC)
        )
        document.topics.add(topic)
    CollectionItem.objects.create(collection=collection, document_id=2)
    PersonDocumentRelation.objects.create(person=zhou, document_id=3, role="author")
    draft = Document.objects.create(record_id=4, title="Draft", status=Document.Status.DRAFT)
    draft.topics.add(topic)
    recount_all()  # as the domain actions keep the counts
    return {"topic": topic, "collection": collection, "person": zhou}


def entries(root) -> list[str]:
    return root.xpath("a:entry/a:link/@href", namespaces=ATOM)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/feeds/documents.atom", [3, 2, 1]),
        ("/feeds/topics/korean-war-1950-1953.atom", [3, 2, 1]),
        ("/feeds/collections/周恩来-papers.atom", [2]),
        ("/feeds/people/zhou-enlai.atom", [3]),
    ],
    ids=["new-documents", "topic", "collection", "person"],
)
def test_feeds_list_published_documents_newest_first(client, archive, schema, url, expected):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = assert_valid(schema, response.content)
    assert entries(root) == [f"http://127.0.0.1:8000/document/{n}" for n in expected]
    assert root.xpath("a:link[@rel='self']/@href", namespaces=ATOM) == [
        "http://127.0.0.1:8000" + url.replace("周恩来", "%E5%91%A8%E6%81%A9%E6%9D%A5")
    ]


def test_an_entry_carries_title_dates_summary_and_topics(client, archive, schema):
    root = assert_valid(schema, client.get("/feeds/documents.atom").content)
    entry = root.xpath("a:entry", namespaces=ATOM)[0]
    assert entry.findtext("a:title", namespaces=ATOM) == "Telegram 3"
    assert entry.findtext("a:published", namespaces=ATOM) == "2024-05-03T00:00:00+00:00"
    # the summary is HTML-escaped text: read as HTML it is the plain summary again
    assert entry.findtext("a:summary", namespaces=ATOM) == "Lüshun &amp; Dalian"
    assert entry.xpath("a:category/@term", namespaces=ATOM) == ["Korean War, 1950-1953"]


def test_an_unknown_slug_has_no_feed(client, archive):
    assert client.get("/feeds/topics/no-such-topic.atom").status_code == 404


def test_the_feed_link_snippet_points_readers_to_the_feed(archive):
    html = render_to_string(
        "interop/_feed_link.html",
        {"feed_url": feed_url(archive["topic"]), "feed_title": "Korean War"},
    )
    link = etree.fromstring(html.strip().replace(">", "/>", 1))
    assert dict(link.attrib) == {
        "rel": "alternate",
        "type": "application/atom+xml",
        "title": "Korean War",
        "href": "/feeds/topics/korean-war-1950-1953.atom",
    }
