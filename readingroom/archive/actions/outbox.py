"""Which documents a change to a person, place, topic … touches, for the outbox.

A document's page, its search entry and its OAI record show the names of the records it
links to; when one of those changes, the documents that show it are noted as changed
(``models.changes``), so that search, caches and harvesters learn of it. ``changed``
notes them and queues, in the same transaction, the refresh of what is kept ready for
their pages (their formatted citations, ``interop.tasks``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from readingroom.archive.models import (
    Collection,
    CollectionItem,
    Contributor,
    Document,
    DocumentContribution,
    Funder,
    Person,
    PersonDocumentRelation,
    Place,
    PlaceDocumentRelation,
    Rendition,
    Repository,
    Topic,
    note_changed,
)
from readingroom.interop.tasks import schedule_refresh

CHUNK = 900
# Documents a citation refresh job takes at once: an import of a million makes a
# thousand jobs, each a few seconds' work, rather than one holding a worker for hours.
REFRESH_JOB = 1000
# Per model: the rows (with a document's record ID in ``column``) that name one record.
NAMED_BY = {
    Person: (PersonDocumentRelation.objects, "person_id", "document_id"),
    Place: (PlaceDocumentRelation.objects, "place_id", "document_id"),
    Topic: (Document.topics.through.objects, "topic_id", "document_id"),
    Collection: (CollectionItem.objects, "collection_id", "document_id"),
    Funder: (Document.funders.through.objects, "funder_id", "document_id"),
    Contributor: (DocumentContribution.objects, "contributor_id", "document_id"),
    Repository: (Document.objects, "source_repository_id", "record_id"),
}


def changed(record_ids: Iterable[int]) -> None:
    """These documents changed, or something they show did: the outbox row that search,
    page caches and OAI-PMH read, and the job that renders their citations again."""
    ids = sorted(set(record_ids))
    note_changed(ids)
    for start in range(0, len(ids), REFRESH_JOB):
        schedule_refresh(ids[start : start + REFRESH_JOB])


def documents_naming(entities: Mapping[type, set[int]]) -> list[int]:
    """Record IDs of the documents that show any of these records (by model, keys)."""
    ids: set[int] = set()
    for model, pks in entities.items():
        if model not in NAMED_BY or not pks:
            continue
        rows, column, document = NAMED_BY[model]
        keys = sorted(pks)
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start : start + CHUNK]
            ids.update(rows.filter(**{f"{column}__in": chunk}).values_list(document, flat=True))
    ids.update(_translated_by(entities.get(Contributor, set())))
    return sorted(ids)


def _translated_by(pks: set[int]) -> set[int]:
    """A translator named on a rendition shows on its document too."""
    if not pks:
        return set()
    rows = Rendition.objects.filter(translator_id__in=sorted(pks))
    return set(rows.values_list("document_id", flat=True))
