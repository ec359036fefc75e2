"""Editors' writes through the API: what a new or changed document may say, and saving it.

Input is checked in two passes before anything is written: the schemas below (types,
lengths, a readable ``date``, no unknown fields), then the domain action that every
writer goes through (``readingroom.archive.actions``: the record's checks and the role
table). Every error names its field, as ``{"loc": ["body", "document", "date"], "msg":
…}``, and a rejected request changes nothing. The action writes the change, its
revision, its workflow event and its outbox row in one transaction.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError as DjangoValidationError
from ninja import Field, Schema
from ninja.errors import HttpError, ValidationError
from pydantic import ConfigDict, field_validator

from readingroom.archive import actions
from readingroom.archive.actions import Actor
from readingroom.archive.dates import DateParseError, HistoricalDate
from readingroom.archive.models import Document, Topic

BODY = "document"  # the name of the body in error locations


def invalid(errors: dict[str, list[str]]) -> ValidationError:
    """A 422 naming each field of the body that was refused."""
    return ValidationError(
        [
            {"loc": ["body", BODY, field], "msg": message, "type": "value_error"}
            for field, messages in errors.items()
            for message in messages
        ]
    )


def _readable_date(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    try:
        return HistoricalDate.parse(value).edtf()
    except DateParseError as error:
        raise ValueError(str(error)) from None


def _no_nul(value):
    # PostgreSQL cannot store a NUL in text: refuse it here, by field, not with a 500.
    texts = value if isinstance(value, list) else [value]
    if any(isinstance(text, str) and "\x00" in text for text in texts):
        raise ValueError("contains a NUL character")
    return value


class DocumentPatch(Schema):
    """Fields of a document an editor may change; those left out stay as they are."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(None, min_length=1, max_length=1000)
    date: str | None = Field(
        None, description='"1957", "June 1957", "June 3, 1957", "ca. 1956", "1956-1957".'
    )
    document_type: Document.Type | None = None
    summary: str | None = None
    source_reference: str | None = Field(None, max_length=500)
    source_citation: str | None = None
    printed_source: str | None = None
    rights: str | None = None
    status: Document.Status | None = None
    original_uploaded: dt.date | None = None
    original_languages: list[str] | None = Field(None, description='Language codes: ["ru"].')
    topics: list[str] | None = Field(None, description="Topic slugs.")

    _date = field_validator("date")(_readable_date)
    _nul = field_validator("*")(_no_nul)


class DocumentIn(DocumentPatch):
    """A new document: a title is required; the record ID is given unless one is set."""

    record_id: int | None = Field(None, ge=1, le=2_147_483_647)
    title: str = Field(min_length=1, max_length=1000)


# Fields that may be absent but not null: text fields are blank, never null, in the model.
NOT_NULL = {"title", "summary", "source_reference", "source_citation", "printed_source", "rights"}
# Body fields and where they go in a record of the JSON Lines form.
SOURCE_FIELDS = {"source_reference": "reference", "source_citation": "citation"}


def save_document(record_id: int | None, changes: dict, actor: Actor) -> Document:
    """Create (``record_id`` None) or change a document through the domain action.

    Raises a 422 naming each refused field, or a 403 when the actor's role may not.
    """
    errors: dict[str, list[str]] = {
        field: ["This field cannot be null."]
        for field, value in changes.items()
        if field in NOT_NULL and value is None
    }
    record = _record(changes, errors)
    if record_id is not None:
        record["record_id"] = record_id
        # A record of the JSON Lines form always has its title: the stored one, unless
        # the body changes it.
        if "title" not in record and "title" not in errors:
            stored = Document.objects.filter(record_id=record_id).values_list("title", flat=True)
            record["title"] = stored.first() or ""
    elif Document.objects.filter(record_id=record.get("record_id")).exists():
        # Creating never changes another document: a record ID in use is refused.
        errors["record_id"] = [f"record ID {record['record_id']} is taken by another document"]
    if errors:
        raise invalid(errors)
    try:
        return actions.save_document(record, actor=actor, source="API")
    except actions.ImportFailed as failure:
        raise _failure(failure) from None


def _record(changes: dict, errors: dict) -> dict:
    """The body as a record of the JSON Lines form (docs/import-formats.md)."""
    record: dict = {}
    for field, value in changes.items():
        if field in errors:
            continue
        if field in SOURCE_FIELDS:
            record.setdefault("source", {})[SOURCE_FIELDS[field]] = value
        elif field == "topics":
            record["topics"] = _topic_names(value, errors)
        elif field == "original_uploaded":
            record[field] = value.isoformat() if value else None
        elif field == "document_type":
            record[field] = value or ""
        else:
            record[field] = value
    return record


def _topic_names(slugs: list[str], errors: dict) -> list[str]:
    found = dict(Topic.objects.filter(slug__in=slugs).values_list("slug", "name"))
    if missing := [slug for slug in slugs if slug not in found]:
        errors["topics"] = [f"No such topic: {', '.join(missing)}"]
    return [found[slug] for slug in slugs if slug in found]


def _failure(failure: actions.ImportFailed):
    """A 403 if the role table refused, else a 422 naming each field."""
    refused = [error.message for error in failure.errors if error.refused]
    if refused:
        return HttpError(403, " ".join(dict.fromkeys(refused)))
    errors: dict[str, list[str]] = {}
    for error in failure.errors:
        top = re.split(r"[.\[]", error.field, maxsplit=1)[0]
        field = API_NAMES.get(error.field, top) or "document"
        errors.setdefault(field, []).append(error.message)
    return invalid(errors)


# Fields a record nests, by the name the API gives them.
API_NAMES = {"source.reference": "source_reference", "source.citation": "source_citation"}


def delete_document(document: Document, actor: Actor) -> None:
    """To the trash (an Administrator's), from where it can be restored."""
    actions.trash_document(document, actor=actor)


# --- People, places, topics, collections -------------------------------------------------


class EntityPatch(Schema):
    """Fields of a person, place, topic or collection; those left out stay as they are.

    Each kind takes its own: ``sort_name``, ``display_name``, ``birth``, ``death``,
    ``biography`` (people); ``name`` (the others); ``other_names`` (people, places);
    ``region``, ``latitude``, ``longitude`` (places); ``span`` (topics);
    ``description`` (places, topics, collections); ``published`` (Reviewers).
    """

    model_config = ConfigDict(extra="forbid")

    sort_name: str | None = Field(None, min_length=1, max_length=300)
    display_name: str | None = Field(None, max_length=300)
    name: str | None = Field(None, min_length=1, max_length=300)
    other_names: list[str] | None = None
    birth: str | None = None
    death: str | None = None
    span: str | None = None
    biography: str | None = None
    description: str | None = None
    region: str | None = Field(None, max_length=100)
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    published: bool | None = None

    _dates = field_validator("birth", "death", "span")(_readable_date)
    _nul = field_validator("*")(_no_nul)


def save_entity(obj, changes: dict, actor: Actor):
    """Change a person, place, topic or collection through the domain action."""
    fields = {field.name for field in obj._meta.concrete_fields}
    errors = {
        field: [f"{obj._meta.verbose_name_plural} have no field {field!r}"]
        for field in changes
        if field not in fields
    }
    errors |= {
        field: ["This field cannot be null."]
        for field, value in changes.items()
        if value is None and field in fields and not obj._meta.get_field(field).null
    }
    if errors:
        raise invalid(errors)
    try:
        return actions.save_entity(obj, changes, actor=actor)
    except actions.Refused as refused:
        raise HttpError(403, str(refused)) from None
    except DjangoValidationError as error:
        raise invalid(error.message_dict) from None
