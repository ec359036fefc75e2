"""What the repository holds: published documents, and the deleted records the outbox recalls.

A record is a document's record ID with a datestamp. A published document's datestamp is
its ``modified``; a record ID that has a ``DocumentChange`` but is no longer a published
document is a deleted record, dated by its latest change. Documents that exist but were
never published (``published_at`` is empty) are left out: they were never disseminated,
and a draft must not show even as a deleted header. Every function here costs a fixed
number of queries, whatever the page size: relations come with one prefetch each.
"""

import dataclasses
import datetime as dt
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Max, Min, Prefetch, Q, QuerySet

from readingroom.archive.models import (
    Collection,
    Document,
    DocumentChange,
    DocumentContribution,
    PersonDocumentRelation,
    PlaceDocumentRelation,
    Rendition,
    Topic,
)

SET_KINDS = ("collection", "topic")
# What the OAI-PMH schema allows in one part of a setSpec; other slugs go as punycode.
SET_PART = re.compile(r"^[A-Za-z0-9\-_.!~*'()]+$")
PUNYCODE_PREFIX = "xn--"


@dataclasses.dataclass(frozen=True)
class Record:
    record_id: int
    datestamp: dt.datetime
    # The document with its relations prefetched; None for a deleted record.
    document: Document | None = None

    @property
    def deleted(self) -> bool:
        return self.document is None


def repository_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def oai_identifier(record_id: int) -> str:
    """ "oai:archive.example.org:110398": the host of SITE_URL and the record ID."""
    return f"oai:{repository_host()}:{record_id}"


def record_id_from(identifier: str) -> int | None:
    prefix = f"oai:{repository_host()}:"
    local = identifier.removeprefix(prefix)
    if local == identifier or not local.isascii() or not local.isdigit():
        return None
    return int(local)


def set_spec(kind: str, slug: str) -> str:
    """ "topic:korean-war-1950-1953"; a slug in another script ("周恩来") goes as punycode."""
    if SET_PART.match(slug):
        return f"{kind}:{slug}"
    return f"{kind}:{PUNYCODE_PREFIX}{slug.encode('punycode').decode('ascii')}"


def parse_set_spec(spec: str) -> tuple[str, str] | None:
    kind, _, part = spec.partition(":")
    if kind not in SET_KINDS or not part:
        return None
    if part.startswith(PUNYCODE_PREFIX):
        try:
            part = part.removeprefix(PUNYCODE_PREFIX).encode("ascii").decode("punycode")
        except UnicodeError:
            return None
    return kind, part


def all_sets() -> list[tuple[str, str, str]]:
    """(setSpec, setName, description) of every collection, then every topic."""
    # Sets are public collections and topics: one only a draft names is no set yet.
    collections = Collection.objects.public().only("slug", "name", "description").order_by("name")
    topics = Topic.objects.public().only("slug", "name", "span", "description").order_by("name")
    return [
        (set_spec("collection", collection.slug), collection.name, collection.description)
        for collection in collections
    ] + [(set_spec("topic", topic.slug), topic.label, topic.description) for topic in topics]


def in_set(documents: QuerySet, spec: str | None) -> QuerySet:
    if spec is None:
        return documents
    parsed = parse_set_spec(spec)
    if parsed is None:
        return documents.none()
    kind, slug = parsed
    if kind == "topic":
        return documents.filter(topics__slug=slug)
    return documents.filter(collections__slug=slug)


def with_headers(documents: QuerySet) -> QuerySet:
    """Documents with what a header needs: the slugs of their sets."""
    return documents.only("record_id", "modified").prefetch_related(
        Prefetch("topics", queryset=Topic.objects.only("slug")),
        Prefetch("collections", queryset=Collection.objects.only("slug")),
    )


def with_metadata(documents: QuerySet) -> QuerySet:
    """Documents with everything Dublin Core says of them, in one query per relation."""
    return documents.select_related("source_repository").prefetch_related(
        "topics",
        "original_languages",
        Prefetch("collections", queryset=Collection.objects.only("slug")),
        Prefetch(
            "person_links",
            queryset=PersonDocumentRelation.objects.filter(
                role=PersonDocumentRelation.Role.AUTHOR
            ).select_related("person"),
            to_attr="author_links",
        ),
        Prefetch("place_links", queryset=PlaceDocumentRelation.objects.select_related("place")),
        Prefetch(
            "contributions", queryset=DocumentContribution.objects.select_related("contributor")
        ),
        Prefetch(
            "renditions",
            # The translator too: a translation's translator is credited as a contributor.
            queryset=Rendition.objects.public()
            .select_related("translator")
            .only("document_id", "language_id", "machine_generated", "translator"),
        ),
        Prefetch(
            "related",
            queryset=Document.objects.published().only("record_id"),
            to_attr="published_related",
        ),
    )


def deleted_changes() -> QuerySet:
    """Outbox rows of record IDs that were published once and are not now."""
    published = Document.objects.published().values("record_id")
    never_published = Document.objects.filter(published_at__isnull=True).values("record_id")
    return DocumentChange.objects.exclude(record_id__in=published).exclude(
        record_id__in=never_published
    )


def deleted_records(changes: QuerySet) -> QuerySet:
    """(record_id, datestamp) rows: one per record ID, dated by its latest change."""
    return changes.values("record_id").annotate(datestamp=Max("at"))


def get_record(record_id: int, *, metadata: bool = True) -> Record | None:
    prepare = with_metadata if metadata else with_headers
    document = prepare(Document.objects.published()).filter(record_id=record_id).first()
    if document is not None:
        return Record(document.record_id, document.modified, document)
    changes = deleted_changes().filter(record_id=record_id)
    row = deleted_records(changes).order_by("record_id").first()
    return Record(row["record_id"], row["datestamp"]) if row else None


def after(datestamp_field: str, last: tuple[dt.datetime, int] | None) -> Q:
    """Strictly after the last record sent, in (datestamp, record_id) order."""
    if last is None:
        return Q()
    moment, record_id = last
    return Q(**{f"{datestamp_field}__gt": moment}) | Q(
        **{datestamp_field: moment, "record_id__gt": record_id}
    )


def list_page(harvest, size: int, *, metadata: bool) -> tuple[list[Record], bool, int]:
    """One page of a harvest: its records, whether more follow, and the list's full size.

    Published and deleted records come from two queries of at most ``size + 1`` rows
    each, merged in (datestamp, record_id) order.
    """
    documents = Document.objects.published().filter(modified__lt=harvest.upper)
    gone = deleted_records(in_set_changes(harvest.set_spec)).filter(datestamp__lt=harvest.upper)
    if harvest.lower:
        documents = documents.filter(modified__gte=harvest.lower)
        gone = gone.filter(datestamp__gte=harvest.lower)
    documents = in_set(documents, harvest.set_spec)
    total = harvest.total
    if total is None:
        total = documents.count() + gone.count()
    prepare = with_metadata if metadata else with_headers
    page_documents = prepare(documents.filter(after("modified", harvest.after)))
    page_documents = page_documents.order_by("modified", "record_id")[: size + 1]
    page_gone = gone.filter(after("datestamp", harvest.after)).order_by("datestamp", "record_id")
    records = [Record(d.record_id, d.modified, d) for d in page_documents] + [
        Record(row["record_id"], row["datestamp"]) for row in page_gone[: size + 1]
    ]
    records.sort(key=lambda record: (record.datestamp, record.record_id))
    return records[:size], len(records) > size, total


def in_set_changes(spec: str | None) -> QuerySet:
    """Deletions within a set: only documents unpublished but kept still know their sets."""
    changes = deleted_changes()
    if spec is None:
        return changes
    return changes.filter(record_id__in=in_set(Document.objects.all(), spec).values("record_id"))


def earliest_datestamp() -> dt.datetime | None:
    """A lower limit of all datestamps: the earliest modification or change."""
    moments = [
        Document.objects.published().aggregate(first=Min("modified"))["first"],
        DocumentChange.objects.aggregate(first=Min("at"))["first"],
    ]
    return min((moment for moment in moments if moment), default=None)
