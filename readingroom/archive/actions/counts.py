"""Each person's, place's, topic's and collection's count of published documents.

``document_count`` decides what is public (``PublicEntity``: a person only a draft names
is not) and is what indexes and pages show, so it is kept exact by the actions, in the
transaction that changes a document's status or links: they note the records linked
before and after the change (``linked_entities``) and recount those (``recount``).
``recount_all`` rebuilds every count (``readingroom recount``, and migrations). The same
update raises each record's ``page_version``, the key of its cached pages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from readingroom.archive.models import (
    Collection,
    CollectionItem,
    Document,
    Person,
    PersonDocumentRelation,
    Place,
    PlaceDocumentRelation,
    Topic,
)

PUBLISHED = Document.Status.PUBLISHED
TopicLink = Document.topics.through
# Per counted model: its link model and the link's field naming it.
LINKS = {
    Person: (PersonDocumentRelation, "person"),
    Place: (PlaceDocumentRelation, "place"),
    Topic: (TopicLink, "topic"),
    Collection: (CollectionItem, "collection"),
}
# SQLite allows 999 parameters in a query.
CHUNK = 900

Linked = dict[type, set[int]]


def linked_entities(record_ids: Iterable[int]) -> Linked:
    """The people, places, topics and collections these documents link to, by model."""
    ids = list(record_ids)
    found: Linked = defaultdict(set)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for model, (link, field) in LINKS.items():
            found[model].update(
                link.objects.filter(document_id__in=chunk)
                .values_list(f"{field}_id", flat=True)
                .distinct()
            )
    return found


def merge(*linked: Linked) -> Linked:
    together: Linked = defaultdict(set)
    for one in linked:
        for model, pks in one.items():
            together[model] |= pks
    return together


def _published_count(model: type) -> Subquery:
    link, field = LINKS[model]
    counted = (
        link.objects.filter(**{field: OuterRef("pk")}, document__status=PUBLISHED)
        .order_by()
        .values(field)
        .annotate(n=Count("document", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def recount(linked: Linked) -> None:
    """Count again the published documents of these records, and mark their pages changed.

    Called with every record a change touches (linked before and after it, or changed
    itself), so ``page_version`` is also what keys their cached pages (``queries``).
    """
    for model, pks in linked.items():
        if model not in LINKS:
            continue  # repositories, funders, contributors: no public page to count for
        keys = sorted(pks)
        for start in range(0, len(keys), CHUNK):
            model.objects.filter(pk__in=keys[start : start + CHUNK]).update(
                document_count=_published_count(model), page_version=F("page_version") + 1
            )


def recount_all() -> None:
    """Every record's count, from scratch."""
    for model in LINKS:
        model.objects.update(
            document_count=_published_count(model), page_version=F("page_version") + 1
        )
