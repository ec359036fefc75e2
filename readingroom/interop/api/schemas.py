"""What the JSON API says about a record: pure serializers and the schemas that describe them.

Each ``*_data`` function turns a model instance (fetched by ``queries.py`` with its
relations prefetched) into plain data; the ``*Out`` schema beside it describes that data
for the OpenAPI description, and django-ninja checks every response against it. These
are the machine twins of the reader's pages: /document/110398 and
/api/documents/110398 say the same things from the same rows.

URLs are absolute and made from SITE_URL, like the permalinks, so that a record fetched
through another host name still points at the canonical addresses.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.conf import settings
from django.urls import reverse
from ninja import Schema

from readingroom.archive.dates import HistoricalDate, Precision
from readingroom.archive.models import (
    Collection,
    Document,
    Language,
    Person,
    Place,
    Rendition,
    Topic,
)
from readingroom.archive.threads import prefetched_links

PRECISIONS = {Precision.YEAR: "year", Precision.MONTH: "month", Precision.DAY: "day"}


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def api_url(name: str, *args) -> str:
    return absolute(reverse(f"api:{name}", args=args))


# --- Small pieces ---------------------------------------------------------------------


class DateOut(Schema):
    """A date with its precision: "1957-06" is June 1957, from June 1 to June 30."""

    edtf: str
    display: str
    start: dt.date
    end: dt.date
    precision: Literal["year", "month", "day"]
    approximate: bool


def date_data(date: HistoricalDate | None) -> dict | None:
    if date is None:
        return None
    return {
        "edtf": date.edtf(),
        "display": date.display(),
        "start": date.first_day,
        "end": date.last_day,
        "precision": PRECISIONS[date.precision],
        "approximate": date.approximate,
    }


class LanguageOut(Schema):
    code: str
    name: str


def language_data(language: Language) -> dict:
    return {"code": language.code, "name": language.name}


class LinksOut(Schema):
    html: str
    self: str


class EntityLinksOut(LinksOut):
    documents: str


def entity_links(entity, name: str, filter_param: str) -> dict:
    return {
        "html": absolute(entity.get_absolute_url()),
        "self": api_url(f"{name}-detail", entity.slug),
        "documents": f"{api_url('document-list')}?{filter_param}={entity.slug}",
    }


class EntityRefOut(Schema):
    """A person, place, topic or collection as a document names it."""

    slug: str
    name: str
    urls: LinksOut


def entity_ref(entity, name: str, label: str) -> dict:
    return {
        "slug": entity.slug,
        "name": label,
        "urls": {
            "html": absolute(entity.get_absolute_url()),
            "self": api_url(f"{name}-detail", entity.slug),
        },
    }


class RoleRefOut(EntityRefOut):
    role: str
    uncertain: bool


class PersonRoleRefOut(RoleRefOut):
    """A person's part, with how certain the editors are of it and why (``uncertain``
    stays for older clients: anything short of "certain")."""

    certainty: Literal["certain", "probable", "inferred", "disputed"]
    certainty_note: str


# --- Documents ------------------------------------------------------------------------


class DocumentSummaryOut(Schema):
    """A document in a list: enough to choose it, with the URL of the rest."""

    record_id: int
    title: str
    date: DateOut | None
    document_type: str
    summary: str
    modified: dt.datetime
    urls: LinksOut


def document_links(document: Document) -> dict:
    return {"html": document.permalink, "self": api_url("document-detail", document.record_id)}


def document_summary_data(document: Document) -> dict:
    return {
        "record_id": document.record_id,
        "title": document.title,
        "date": date_data(document.date),
        "document_type": document.document_type,
        "summary": document.summary,
        "modified": document.modified,
        "urls": document_links(document),
    }


class SourceOut(Schema):
    """Where the original is: the repository, the reference within it, and as cited."""

    repository: str | None
    reference: str
    citation: str


class ContributorOut(Schema):
    name: str
    role: str


class FunderOut(Schema):
    name: str
    url: str


class FootnoteOut(Schema):
    label: str
    text: str


class FileOut(Schema):
    url: str
    label: str
    content_type: str
    size: int


class RenditionOut(Schema):
    kind: Literal["translation", "transcript", "scan"]
    language: LanguageOut
    text: str
    translator: str | None
    footnotes: list[FootnoteOut]
    files: list[FileOut]


def rendition_data(rendition: Rendition) -> dict:
    return {
        "kind": rendition.kind,
        "language": language_data(rendition.language),
        "text": rendition.text,
        "translator": rendition.translator.name if rendition.translator else None,
        "footnotes": [{"label": n.label, "text": n.text} for n in rendition.footnotes.all()],
        "files": [
            {
                "url": absolute(f.file.url),
                "label": f.label,
                "content_type": f.content_type,
                "size": f.size,
            }
            for f in rendition.files.all()
        ],
    }


class RelatedOut(Schema):
    record_id: int
    title: str
    date: DateOut | None
    urls: LinksOut


class RelationOut(Schema):
    """A typed relation: "replies-to", "outgoing" ("Replies to") or "incoming" ("Replied
    to by"), with the other document."""

    type: str
    direction: Literal["outgoing", "incoming"]
    label: str
    note: str
    document: RelatedOut


class ThreadItemOut(DocumentSummaryOut):
    """A document of a thread: who wrote it, to whom (display names)."""

    senders: list[str]
    recipients: list[str]


class ThreadOut(Schema):
    """A whole exchange in date order; ``record_id`` is its first document's."""

    record_id: int
    documents: list[ThreadItemOut]
    urls: LinksOut


def thread_data(documents: list[Document]) -> dict:
    """``archive.threads.thread``'s documents (each with its senders and recipients)."""
    first = documents[0].record_id
    return {
        "record_id": first,
        "documents": [
            document_summary_data(document)
            | {
                "senders": [person.display_name for person in document.senders],
                "recipients": [person.display_name for person in document.recipients],
            }
            for document in documents
        ],
        "urls": {
            "html": settings.SITE_URL + reverse("archive:thread-detail", args=[first]),
            "self": api_url("thread-detail", first),
        },
    }


class DocumentOut(Schema):
    """Everything the document's page shows, and a little more (modified, status)."""

    record_id: int
    title: str
    status: Literal["draft", "review", "published"]
    date: DateOut | None
    date_certainty: Literal["certain", "probable", "inferred", "disputed"]
    date_certainty_note: str
    classification: str
    classification_level: Literal[
        "top-secret", "secret", "confidential", "restricted", "unclassified", ""
    ]
    declassified: str
    redactions: str
    document_type: str
    summary: str
    source: SourceOut
    printed_source: str
    contributors: list[ContributorOut]
    funders: list[FunderOut]
    original_languages: list[LanguageOut]
    people: list[PersonRoleRefOut]
    places: list[RoleRefOut]
    topics: list[EntityRefOut]
    collections: list[EntityRefOut]
    related: list[RelatedOut]
    relations: list[RelationOut]
    rights: str
    citation: str
    original_uploaded: dt.date | None
    published_at: dt.datetime | None
    modified: dt.datetime
    renditions: list[RenditionOut]
    urls: LinksOut


def _role_ref(link, entity, name: str, label: str) -> dict:
    ref = entity_ref(entity, name, label) | {"role": link.role, "uncertain": link.uncertain}
    if hasattr(link, "certainty"):
        ref |= {"certainty": link.certainty, "certainty_note": link.certainty_note}
    return ref


def document_data(document: Document) -> dict:
    """The whole document; ``related`` must have been fetched published-only."""
    repository = document.source_repository
    return {
        "record_id": document.record_id,
        "title": document.title,
        "status": document.status,
        "date": date_data(document.date),
        "date_certainty": document.date_certainty,
        "date_certainty_note": document.date_certainty_note,
        "classification": document.classification,
        "classification_level": document.classification_level,
        "declassified": document.declassified,
        "redactions": document.redactions,
        "document_type": document.document_type,
        "summary": document.summary,
        "source": {
            "repository": repository.name if repository else None,
            "reference": document.source_reference,
            "citation": document.archival_source,
        },
        "printed_source": document.printed_source,
        "contributors": [
            {"name": c.contributor.name, "role": c.role} for c in document.contributions.all()
        ],
        "funders": [{"name": f.name, "url": f.url} for f in document.funders.all()],
        "original_languages": [language_data(lang) for lang in document.original_languages.all()],
        "people": [
            _role_ref(link, link.person, "person", link.person.display_name)
            for link in document.person_links.all()
        ],
        "places": [
            _role_ref(link, link.place, "place", link.place.name)
            for link in document.place_links.all()
        ],
        "topics": [entity_ref(t, "topic", t.label) for t in document.topics.all()],
        "collections": [entity_ref(c, "collection", c.name) for c in document.collections.all()],
        "related": [
            {
                "record_id": other.record_id,
                "title": other.title,
                "date": date_data(other.date),
                "urls": document_links(other),
            }
            for other in document.related.all()
        ],
        "relations": [
            {
                "type": link.kind,
                "direction": link.direction,
                "label": link.label,
                "note": link.note,
                "document": {
                    "record_id": link.document.record_id,
                    "title": link.document.title,
                    "date": date_data(link.document.date),
                    "urls": document_links(link.document),
                },
            }
            for link in prefetched_links(document)
        ],
        "rights": document.rights,
        "citation": document.citation,
        "original_uploaded": document.original_uploaded,
        "published_at": document.published_at,
        "modified": document.modified,
        "renditions": [rendition_data(r) for r in document.renditions.all()],
        "urls": document_links(document),
    }


# --- People, places, topics, collections ----------------------------------------------


class PersonOut(Schema):
    slug: str
    display_name: str
    sort_name: str
    other_names: list[str]
    birth: DateOut | None
    death: DateOut | None
    biography: str
    document_count: int
    urls: EntityLinksOut


def person_data(person: Person) -> dict:
    return {
        "slug": person.slug,
        "display_name": person.display_name,
        "sort_name": person.sort_name,
        "other_names": list(person.other_names or []),
        "birth": date_data(person.birth),
        "death": date_data(person.death),
        "biography": person.biography,
        "document_count": person.document_count,
        "urls": entity_links(person, "person", "person"),
    }


class PlaceOut(Schema):
    slug: str
    name: str
    region: str
    other_names: list[str]
    latitude: float | None
    longitude: float | None
    description: str
    document_count: int
    urls: EntityLinksOut


def _coordinate(value) -> float | None:
    return float(value) if value is not None else None


def place_data(place: Place) -> dict:
    return {
        "slug": place.slug,
        "name": place.name,
        "region": place.region,
        "other_names": list(place.other_names or []),
        "latitude": _coordinate(place.latitude),
        "longitude": _coordinate(place.longitude),
        "description": place.description,
        "document_count": place.document_count,
        "urls": entity_links(place, "place", "place"),
    }


class TopicOut(Schema):
    slug: str
    name: str
    label: str
    span: DateOut | None
    description: str
    document_count: int
    urls: EntityLinksOut


def topic_data(topic: Topic) -> dict:
    return {
        "slug": topic.slug,
        "name": topic.name,
        "label": topic.label,
        "span": date_data(topic.span),
        "description": topic.description,
        "document_count": topic.document_count,
        "urls": entity_links(topic, "topic", "topic"),
    }


class CollectionOut(Schema):
    slug: str
    name: str
    description: str
    document_count: int
    urls: EntityLinksOut


def collection_data(collection: Collection) -> dict:
    return {
        "slug": collection.slug,
        "name": collection.name,
        "description": collection.description,
        "document_count": collection.document_count,
        "urls": entity_links(collection, "collection", "collection"),
    }


# --- Envelopes and errors -------------------------------------------------------------


class DocumentPageOut(Schema):
    """One page of a list; ``next`` is the URL of the following page, null on the last."""

    results: list[DocumentSummaryOut]
    next: str | None


class PersonPageOut(Schema):
    results: list[PersonOut]
    next: str | None


class PlacePageOut(Schema):
    results: list[PlaceOut]
    next: str | None


class TopicPageOut(Schema):
    results: list[TopicOut]
    next: str | None


class CollectionPageOut(Schema):
    results: list[CollectionOut]
    next: str | None


class ErrorOut(Schema):
    """An error: a sentence, or (422) a list of {loc, msg, type} naming each bad field."""

    detail: str | list[dict]
