"""Threads: a document's typed links to others, and the whole exchange it belongs to.

A document's links are read in one query, both ways: what it says of others ("Replies
to") and what others say of it ("Replied to by"). A thread is every published document
reached from one by the threading kinds (all but ``mentions``: a passing mention does not
make an exchange), breadth first, read in date order. Drafts are never followed, so a
draft between two published cables splits the thread rather than showing through it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import Prefetch, Q

from .models import Document, DocumentRelation, PersonDocumentRelation

PUBLISHED = Document.Status.PUBLISHED
# A thread longer than this is cut (in the order found): an exchange, not a catalog.
THREAD_LIMIT = 200


@dataclass(frozen=True)
class Link:
    """One relation as seen from a document: "Replied to by" <other>, with its note."""

    kind: str
    direction: str  # "outgoing": this document says it; "incoming": the other does
    label: str
    note: str
    document: Document

    @property
    def threading(self) -> bool:
        return self.kind in DocumentRelation.THREADING


def links_of(document: Document) -> list[Link]:
    """The document's relations to published documents, its own first, in one query."""
    return links_from(document, links_query(document))


def links_query(document: Document):
    rows = (
        DocumentRelation.objects.filter(
            Q(document=document, other__status=PUBLISHED)
            | Q(other=document, document__status=PUBLISHED)
        )
        .select_related("document", "other")
        .defer("document__summary", "other__summary")
        .order_by("order", "pk")
    )
    return rows


def links_from(document: Document, rows) -> list[Link]:
    """Links of a document from relation rows that touch it (their documents read)."""
    links = []
    for row in rows:
        outgoing = row.document_id == document.pk
        links.append(
            Link(
                kind=row.kind,
                direction="outgoing" if outgoing else "incoming",
                label=DocumentRelation.label_for(row.kind, inverse=not outgoing),
                note=row.note,
                document=row.other if outgoing else row.document,
            )
        )
    return sorted(links, key=lambda link: link.direction != "outgoing")


def published_relations() -> list[Prefetch]:
    """Prefetches of a document's relations to and from published documents only, for
    ``prefetched_links``: two queries for a page of documents."""
    return [
        Prefetch(
            "relations_from",
            DocumentRelation.objects.filter(other__status=PUBLISHED).select_related("other"),
            to_attr="published_relations_from",
        ),
        Prefetch(
            "relations_to",
            DocumentRelation.objects.filter(document__status=PUBLISHED).select_related("document"),
            to_attr="published_relations_to",
        ),
    ]


def prefetched_links(document: Document) -> list[Link]:
    """The links ``published_relations`` fetched, else read now."""
    outgoing = getattr(document, "published_relations_from", None)
    incoming = getattr(document, "published_relations_to", None)
    if outgoing is None or incoming is None:
        return links_of(document)
    return links_from(document, [*outgoing, *incoming])


def thread_ids(record_id: int, *, limit: int = THREAD_LIMIT) -> list[int]:
    """Record IDs of the published documents in this one's thread, itself included.

    One recursive query, whatever the thread's length; ``UNION`` rather than ``UNION
    ALL`` keeps a cycle of replies from going round.
    Empty when the document is not published.
    """
    if not Document.objects.published().filter(record_id=record_id).exists():
        return []
    relations, documents = DocumentRelation._meta.db_table, Document._meta.db_table
    kinds = sorted(DocumentRelation.THREADING)
    marks = ", ".join(["%s"] * len(kinds))
    # Every document reached is published, so only the next one's status is checked.
    # Each step is one index look-up each way: on PostgreSQL through a LATERAL pair of
    # look-ups (an OR join would scan the relations at each step); on SQLite, which has
    # no LATERAL, CROSS JOIN fixes the join order and an OR of two indexes serves it.
    if connection.vendor == "postgresql":
        step = f"""
            SELECT n.record_id FROM reached CROSS JOIN LATERAL (
                SELECT r.other_id AS id FROM {relations} r
                WHERE r.document_id = reached.id AND r.kind IN ({marks})
                UNION ALL
                SELECT r.document_id FROM {relations} r
                WHERE r.other_id = reached.id AND r.kind IN ({marks})
            ) e JOIN {documents} n ON n.record_id = e.id
            WHERE n.status = %s
        """
        params = [record_id, *kinds, *kinds, PUBLISHED, limit]
    else:
        step = f"""
            SELECT n.record_id
            FROM reached CROSS JOIN {relations} r CROSS JOIN {documents} n
            WHERE (r.document_id = reached.id OR r.other_id = reached.id)
            AND r.kind IN ({marks})
            AND n.record_id
                = CASE WHEN r.document_id = reached.id THEN r.other_id ELSE r.document_id END
            AND n.status = %s
        """
        params = [record_id, *kinds, PUBLISHED, limit]
    start = "SELECT CAST(%s AS integer)"
    sql = f"WITH RECURSIVE reached(id) AS ({start} UNION {step}) SELECT id FROM reached LIMIT %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def thread(record_id: int) -> list[Document]:
    """The thread's published documents in date order (undated last), each with its
    authors and recipients (``senders``, ``recipients``)."""
    ids = thread_ids(record_id)
    if not ids:
        return []
    people = PersonDocumentRelation.objects.filter(
        role__in=[PersonDocumentRelation.Role.AUTHOR, PersonDocumentRelation.Role.RECIPIENT]
    ).select_related("person")
    documents = list(
        Document.objects.filter(record_id__in=ids)
        .order_by("date_start", "record_id")
        .prefetch_related(Prefetch("person_links", queryset=people, to_attr="thread_people"))
    )
    for document in documents:
        links = document.thread_people
        document.senders = [link.person for link in links if link.role == "author"]
        document.recipients = [link.person for link in links if link.role == "recipient"]
    dated = [d for d in documents if d.date_start is not None]
    return dated + [d for d in documents if d.date_start is None]
