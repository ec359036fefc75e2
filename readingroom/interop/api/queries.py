"""The API's queries and list filters: published documents only, in a fixed number of queries.

Every relation a serializer in ``schemas.py`` reads is fetched here, with
``select_related`` or one ``Prefetch`` each, so that the number of queries behind a page
does not grow with its length. Counts of documents count published ones only.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.db.models import Prefetch, QuerySet
from ninja import Field, Schema
from pydantic import StringConstraints, field_validator

from readingroom.archive.dates import DateParseError, HistoricalDate
from readingroom.archive.models import (
    Collection,
    CollectionItem,
    Document,
    DocumentContribution,
    Person,
    PersonDocumentRelation,
    Place,
    PlaceDocumentRelation,
    Rendition,
    Topic,
)
from readingroom.archive.threads import published_relations

from .paging import DEFAULT_LIMIT, MOST_LIMIT, Key, Sort

PUBLISHED = Document.Status.PUBLISHED

# What a slug or a language code can be; anything else (a NUL, which PostgreSQL refuses
# in text, or a slash) is a 422 naming the parameter rather than a query.
SlugValue = Annotated[str, StringConstraints(pattern=r"^[-\w]+$", max_length=100)]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9-]+$", max_length=35)]

DOCUMENT_SORTS = {
    sort.name: sort
    for sort in (
        Sort("-date", (Key("date_start", True, True, dt.date), Key("record_id", kind=int))),
        Sort("date", (Key("date_start", False, True, dt.date), Key("record_id", kind=int))),
        Sort("modified", (Key("modified", kind=dt.datetime), Key("record_id", kind=int))),
        Sort("record_id", (Key("record_id", kind=int),)),
    )
}


class PageParams(Schema):
    cursor: str | None = Field(None, description="From the `next` URL of the previous page.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MOST_LIMIT, description="Records per page.")


def _check_date(value: str | None) -> str | None:
    if value:
        try:
            HistoricalDate.parse(value)
        except DateParseError as error:
            raise ValueError(str(error)) from None
    return value or None


class DocumentFilters(PageParams):
    """The filters of /api/documents: several values of one filter match any of them."""

    person: list[SlugValue] = Field([], description="Slug of a person linked in any role.")
    place: list[SlugValue] = Field([], description="Slug of a place linked in any role.")
    topic: list[SlugValue] = Field([], description="Slug of a topic.")
    collection: list[SlugValue] = Field([], description="Slug of a collection.")
    language: list[LanguageCode] = Field(
        [], description='Code of an original language: "ru", "zh".'
    )
    document_type: list[Document.Type] = Field([], description="A type of document.")
    date_from: str | None = Field(
        None, description='Documents dated on or after: "1957", "1957-06", "1957-06-03".'
    )
    date_to: str | None = Field(None, description="Documents dated on or before, as date_from.")
    modified_since: dt.datetime | None = Field(
        None, description="Documents changed at or after this time (ISO 8601)."
    )
    sort: str = Field(
        "-date",
        pattern="^(" + "|".join(DOCUMENT_SORTS) + ")$",
        description="-date (newest first), date, modified or record_id.",
    )

    _dates = field_validator("date_from", "date_to")(_check_date)


def filter_documents(documents: QuerySet, filters: DocumentFilters) -> QuerySet:
    """``documents`` narrowed by ``filters``; a document dated "1957" spans the whole year."""
    links = {
        "person": PersonDocumentRelation.objects.filter(person__slug__in=filters.person),
        "place": PlaceDocumentRelation.objects.filter(place__slug__in=filters.place),
        "topic": Document.topics.through.objects.filter(topic__slug__in=filters.topic),
        "collection": CollectionItem.objects.filter(collection__slug__in=filters.collection),
        "language": Document.original_languages.through.objects.filter(
            language_id__in=filters.language
        ),
    }
    for name, through in links.items():
        # A subquery rather than a join, so that a document linked twice is listed once.
        if getattr(filters, name):
            documents = documents.filter(record_id__in=through.values("document_id"))
    if filters.document_type:
        documents = documents.filter(document_type__in=filters.document_type)
    if filters.date_from:
        documents = documents.filter(
            date_end__gte=HistoricalDate.parse(filters.date_from).first_day
        )
    if filters.date_to:
        documents = documents.filter(date_start__lte=HistoricalDate.parse(filters.date_to).last_day)
    if filters.modified_since:
        documents = documents.filter(modified__gte=filters.modified_since)
    return documents


def document_list() -> QuerySet:
    return Document.objects.published().only(
        "record_id", "title", "date", "document_type", "summary", "modified", "date_start"
    )


def document_detail(documents: QuerySet | None = None) -> QuerySet:
    """Documents with every relation ``schemas.document_data`` reads."""
    people = PersonDocumentRelation.objects.select_related("person")
    places = PlaceDocumentRelation.objects.select_related("place")
    renditions = (
        Rendition.objects.public()
        .select_related("language", "translator")
        .prefetch_related("footnotes", "files")
    )
    related = Document.objects.published().only("record_id", "title", "date")
    return (
        (documents if documents is not None else Document.objects.all())
        .select_related("source_repository")
        .prefetch_related(
            "original_languages",
            "funders",
            "topics",
            "collections",
            Prefetch("person_links", queryset=people),
            Prefetch("place_links", queryset=places),
            Prefetch("renditions", queryset=renditions),
            Prefetch("related", queryset=related),
            Prefetch(
                "contributions",
                queryset=DocumentContribution.objects.select_related("contributor"),
            ),
            *published_relations(),
        )
    )


def people() -> QuerySet:
    """Public people with their count of published documents (kept by the actions)."""
    return Person.objects.public()


def places() -> QuerySet:
    return Place.objects.public()


def topics() -> QuerySet:
    return Topic.objects.public()


def collections() -> QuerySet:
    return Collection.objects.public()


PERSON_SORT = Sort("name", (Key("sort_name"), Key("id", kind=int)))
PLACE_SORT = Sort("name", (Key("name"), Key("id", kind=int)))
TOPIC_SORT = Sort("name", (Key("name"), Key("id", kind=int)))
COLLECTION_SORT = Sort("name", (Key("name"), Key("id", kind=int)))
