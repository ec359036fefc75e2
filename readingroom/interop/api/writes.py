"""Editors' writes through the API: what a new or changed document may say, and saving it.

Input is checked in two passes before anything is written: the schemas below (types,
lengths, a readable ``date``, no unknown fields), then the model's own ``full_clean``.
Every error names its field, as ``{"loc": ["body", "document", "date"], "msg": …}``,
and a rejected request changes nothing. A write and its note in the outbox of changes
(``note_changed`` / ``note_deleted``) commit in one transaction.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError as ModelValidationError
from django.db import transaction
from ninja import Field, Schema
from ninja.errors import ValidationError
from pydantic import ConfigDict, field_validator

from readingroom.archive.dates import DateParseError, HistoricalDate
from readingroom.archive.models import Document, Language, Topic, note_changed, note_deleted

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


def _resolve(model, lookup: str, values: list[str], field: str, errors: dict) -> list:
    found = {getattr(row, lookup): row for row in model.objects.filter(**{f"{lookup}__in": values})}
    if missing := [value for value in values if value not in found]:
        errors[field] = [f"No such {model._meta.verbose_name}: {', '.join(missing)}"]
    return [found[value] for value in values if value in found]


def save_document(document: Document, changes: dict) -> Document:
    """Apply ``changes`` (validated schema data) to ``document`` and save it, or raise 422."""
    errors: dict[str, list[str]] = {
        field: ["This field cannot be null."]
        for field, value in changes.items()
        if field in NOT_NULL and value is None
    }
    changes = {field: value for field, value in changes.items() if field not in errors}
    relations = {}
    if (codes := changes.pop("original_languages", None)) is not None:
        relations["original_languages"] = _resolve(
            Language, "code", codes, "original_languages", errors
        )
    if (slugs := changes.pop("topics", None)) is not None:
        relations["topics"] = _resolve(Topic, "slug", slugs, "topics", errors)
    if changes.get("document_type", "") is None:
        changes["document_type"] = ""
    for field, value in changes.items():
        setattr(document, field, value)
    try:
        # ``date`` was checked by the schema; the model's CharField validators would take
        # len() of a HistoricalDate (a TypeError), so it is left out here.
        document.full_clean(exclude=["date"])
    except ModelValidationError as error:
        errors |= error.message_dict
    if errors:
        raise invalid(errors)
    with transaction.atomic():
        document.save()
        for field, rows in relations.items():
            getattr(document, field).set(rows)
        note_changed([document.record_id])
    return document


def delete_document(document: Document) -> None:
    with transaction.atomic():
        record_id = document.record_id
        document.delete()
        note_deleted([record_id])
