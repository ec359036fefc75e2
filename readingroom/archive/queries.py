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
    IntegerField,
    Max,
    Model,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce, Substr

from .models import (
    Collection,
    Document,
    DocumentChange,
    DocumentContribution,
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
    return Document.objects.published().only("record_id", "title", "date", "summary")


# Above this share of the catalog, a list walks the catalog's date index and keeps the
# entity's documents (the first ten come at once); below it, it fetches the entity's
# documents and sorts them (few to sort). Planners cannot tell the two cases apart.
DENSE_SHARE = 0.02


def linked_documents(links):
    """Published documents that ``links`` (rows with a document_id) name.

    A subquery rather than a join, since one person may hold two roles in one document.
    """
    sparse = document_listing().filter(record_id__in=links.values("document_id"))
    if cached_count(sparse) > DENSE_SHARE * cached_count(document_listing()):
        return document_listing().filter(Exists(links.filter(document_id=OuterRef("pk"))))
    return sparse


def person_documents(person: Person):
    return linked_documents(PersonDocumentRelation.objects.filter(person=person))


def place_documents(place: Place):
    return linked_documents(PlaceDocumentRelation.objects.filter(place=place))


def topic_documents(topic: Topic):
    return linked_documents(Document.topics.through.objects.filter(topic=topic))


def collection_documents(collection: Collection):
    return document_listing().filter(collectionitem__collection=collection)


def people_with_counts():
    published = Q(document_links__document__status=PUBLISHED)
    return Person.objects.only("slug", "sort_name", "birth", "death").annotate(
        document_count=Count("document_links__document", filter=published, distinct=True)
    )


def places_with_counts():
    published = Q(document_links__document__status=PUBLISHED)
    return Place.objects.only("slug", "name", "region").annotate(
        document_count=Count("document_links__document", filter=published, distinct=True)
    )


def topics_with_counts():
    return Topic.objects.only("slug", "name", "span").annotate(
        document_count=Count("documents", filter=Q(documents__status=PUBLISHED))
    )


def collections_with_counts():
    return Collection.objects.only("slug", "name").annotate(
        document_count=Count("items", filter=Q(items__document__status=PUBLISHED))
    )


def featured_topics():
    """Featured topics with their published documents counted one topic at a time.

    A correlated subquery per topic, rather than the index's GROUP BY over every link,
    because only a handful of topics is featured.
    """
    links = (
        Document.topics.through.objects.filter(topic_id=OuterRef("pk"), document__status=PUBLISHED)
        .order_by()
        .values("topic_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    counted = Topic.objects.defer("description").annotate(
        document_count=Coalesce(Subquery(links, output_field=IntegerField()), 0)
    )
    return cached_while_unchanged(
        "home:topics", lambda: list(featured(counted, "name")), model=Topic
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
        Rendition.objects.public().select_related("language").prefetch_related("footnotes", "files")
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


def cached_for_document(record_id: int, name: str, build: Callable[[], T]) -> T:
    """``build()`` for one document, cached until that document's next change.

    For what depends on the document alone and the records it names (its citations):
    other documents' changes leave it be.
    """
    version = DocumentChange.objects.filter(record_id=record_id).aggregate(v=Max("id"))["v"]
    key = f"readingroom:{name}:{record_id}:{version or 0}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, CACHE_SECONDS * 60)
    return value


def cached_count(queryset) -> int:
    """``queryset.count()``, cached until a document changes."""
    sql, params = queryset.query.sql_with_params()
    digest = hashlib.sha1(f"{sql}{params!r}".encode()).hexdigest()
    return cached_while_unchanged(f"count:{digest}", queryset.count)
