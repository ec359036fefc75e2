"""The queries behind the reader's pages: only published documents, in a fixed number of queries.

Every function here returns a queryset whose cost does not grow with the number of
documents or links shown: relations are fetched with ``select_related`` or with one
``Prefetch`` each (filtered to published documents), and counts are annotations.
"""

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db.models import (
    Count,
    Exists,
    Max,
    Model,
    OuterRef,
    Prefetch,
    Q,
)
from django.db.models.functions import Substr

from .models import (
    Collection,
    Document,
    DocumentChange,
    DocumentContribution,
    DocumentRelation,
    Person,
    PersonDocumentRelation,
    Place,
    PlaceDocumentRelation,
    Rendition,
    Topic,
)

PUBLISHED = Document.Status.PUBLISHED
# Enough of a rendition's text for the home page's excerpt, without loading whole documents.
OPENING_CHARS = 800
HOME_FEATURED = 5
EPOCH = dt.date(1, 1, 1)


def document_listing():
    """Published documents with just what a result line shows: date, title, summary."""
    return Document.objects.published().only(
        "record_id", "title", "date", "date_certainty", "summary"
    )


# Above this many documents, a list walks the catalog's date index and keeps the entity's
# documents (ten come after about 10 × catalog / count rows: 5,000 at a million); up to
# it, it fetches the entity's documents and sorts them (a few milliseconds). Planners
# cannot tell the two cases apart. Decided on the entity's stored count alone, so that
# no page counts the catalog to choose.
DENSE_ABOVE = 2000


def linked_documents(links, count: int):
    """Published documents that ``links`` (rows with a document_id) name; ``count`` of them
    (the entity's stored ``document_count``).

    A subquery rather than a join, since one person may hold two roles in one document.
    """
    if count > DENSE_ABOVE:
        return document_listing().filter(Exists(links.filter(document_id=OuterRef("pk"))))
    return document_listing().filter(record_id__in=links.values("document_id"))


def person_documents(person: Person):
    links = PersonDocumentRelation.objects.filter(person=person)
    return linked_documents(links, person.document_count)


def place_documents(place: Place):
    return linked_documents(PlaceDocumentRelation.objects.filter(place=place), place.document_count)


def topic_documents(topic: Topic):
    links = Document.topics.through.objects.filter(topic=topic)
    return linked_documents(links, topic.document_count)


def collection_documents(collection: Collection):
    return document_listing().filter(collectionitem__collection=collection)


def people_with_counts():
    """Public people with their count of published documents (kept by the actions)."""
    return Person.objects.public().only("slug", "sort_name", "birth", "death", "document_count")


def places_with_counts():
    return Place.objects.public().only("slug", "name", "region", "document_count")


def topics_with_counts():
    return Topic.objects.public().only("slug", "name", "span", "document_count")


def collections_with_counts():
    return Collection.objects.public().only("slug", "name", "document_count")


def featured_topics():
    """Featured public topics, with their counts."""
    topics = Topic.objects.public().defer("description")
    return cached_while_unchanged(
        "home:topics", lambda: list(featured(topics, "name")), model=Topic
    )


def featured(queryset, secondary_order: str):
    return queryset.filter(featured=True).order_by("feature_order", secondary_order)[:HOME_FEATURED]


def featured_documents():
    """Featured documents with the opening of their first rendition that has text."""
    openings = (
        Rendition.objects.public()
        .exclude(kind=Rendition.Kind.SCAN)
        .exclude(text="")
        .only("pk", "document_id", "language_id", "kind", "order")
        .annotate(opening=Substr("text", 1, OPENING_CHARS))
    )
    # The featured few come from their partial index and are ordered here: asked to
    # order them, a planner walks the whole catalog in date order looking for them.
    # The status is checked here too: given it, SQLite prefers the status index.
    featured = [
        (record_id, date_start)
        for record_id, date_start, status in Document.objects.filter(featured=True)
        .order_by()
        .values_list("record_id", "date_start", "status")[:1000]
        if status == PUBLISHED
    ]
    newest = sorted(featured, key=lambda row: (row[1] is None, -(row[1] or EPOCH).toordinal()))
    ids = [record_id for record_id, _ in newest[:HOME_FEATURED]]
    documents = (
        document_listing()
        .filter(record_id__in=ids)
        .order_by()
        .prefetch_related(Prefetch("renditions", queryset=openings, to_attr="text_renditions"))
    )
    return sorted(documents, key=lambda document: ids.index(document.record_id))


def document_detail(documents=None):
    """Published ``documents`` (any, for an editor's preview) with everything a document's
    page shows, in a fixed number of queries."""
    # Whole people and places: the page's citations and metadata need more than their names.
    people = PersonDocumentRelation.objects.select_related("person").defer("person__biography")
    places = PlaceDocumentRelation.objects.select_related("place").defer("place__description")
    renditions = (
        Rendition.objects.public()
        .select_related("language", "translator")
        .prefetch_related("footnotes", "files")
    )
    related = document_listing().defer("summary")
    return (
        (Document.objects.published() if documents is None else documents)
        .select_related("source_repository")
        .prefetch_related(
            "original_languages",
            "funders",
            Prefetch("topics", queryset=Topic.objects.only("slug", "name", "span")),
            Prefetch("collections", queryset=Collection.objects.only("slug", "name")),
            Prefetch("person_links", queryset=people),
            Prefetch("place_links", queryset=places),
            Prefetch("renditions", queryset=renditions),
            Prefetch("related", queryset=related),
            Prefetch(
                "contributions",
                queryset=DocumentContribution.objects.select_related("contributor"),
            ),
        )
    )


# A cached page lives this long at most: what leaves no trace in its record's version
# (the header's links, a language's name) shows within this time.
PAGE_SECONDS = 600
# The largest record ID a database column holds (a positive integer on every backend).
MAX_RECORD_ID = 2**31 - 1


def document_version(record_id: int) -> int:
    """The newest outbox row of this document or of a related one its page lists.

    Every change to what a document's page shows writes one (a person it names renamed,
    a collection it is in, its own text or status): the key of its cached page, read off
    an index in one query.
    """
    if record_id > MAX_RECORD_ID:  # no document has it (and SQLite could not compare it)
        return 0
    related = Document.related.through.objects.filter(from_document_id=record_id)
    # The Thread section: the documents it relates to and those related to it.
    said = DocumentRelation.objects.filter(document_id=record_id)
    told = DocumentRelation.objects.filter(other_id=record_id)
    rows = DocumentChange.objects.filter(
        Q(record_id=record_id)
        | Q(record_id__in=related.values("to_document_id"))
        | Q(record_id__in=said.values("other_id"))
        | Q(record_id__in=told.values("document_id"))
    )
    return rows.aggregate(v=Max("id"))["v"] or 0


def cached_page(name: str, version: int, build: Callable[[], bytes]) -> bytes:
    """A reader's page, rendered once for each ``version`` of what it shows.

    Only the record's own version is in the key: an edit elsewhere leaves this page
    cached. ``build`` may raise (Http404): nothing is cached then.
    """
    key = f"readingroom:page:{name}:{version}"
    html = cache.get(key)
    if html is None:
        html = build()
        cache.set(key, html, PAGE_SECONDS)
    return html


T = TypeVar("T")
# How long a cached value may lag behind an edit that leaves no trace in the outbox
# (renaming a person who has no documents, featuring a topic).
CACHE_SECONDS = 60


def archive_version() -> int:
    """The newest row of the outbox: it changes whenever any document changes."""
    return DocumentChange.objects.aggregate(v=Max("id"))["v"] or 0


def cached_while_unchanged(
    name: str, build: Callable[[], T], model: type[Model] | None = None
) -> T:
    """``build()``, cached until a document changes (the outbox grows) or, if given,
    ``model`` gains or loses rows.

    Counting published documents over every link is worth doing once per change, not
    once per reader. The key costs one or two indexed look-ups.
    """
    key = f"readingroom:{name}:{archive_version()}"
    if model is not None:
        rows = model._default_manager.aggregate(n=Count("pk"), top=Max("pk"))
        key += f":{rows['n']}:{rows['top']}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, CACHE_SECONDS)
    return value


def cached_count(queryset) -> int:
    """``queryset.count()``, cached until a document changes."""
    sql, params = queryset.query.sql_with_params()
    digest = hashlib.sha1(f"{sql}{params!r}".encode()).hexdigest()
    return cached_while_unchanged(f"count:{digest}", queryset.count)
