"""A document's formatted citations (Chicago note and bibliography, MLA, APA), kept ready.

citeproc-js (interop/citeproc.py) renders them when a document changes, and
``FormattedCitation`` rows keep them, so a reader's page reads them in one query:

- ``refresh_citations(record_ids)``: the write side. The domain layer calls it (or
  ``schedule_refresh`` for a background job) after documents, or the people and
  contributors they name, change; ``readingroom refresh_citations`` does all of them.
- ``page_citations(document)``: the read side. A row counts only while its digest (of
  the document's CSL-JSON item and of the processor and styles) matches the document as
  it is now, so a missed refresh never shows an out-of-date citation: the page renders
  afresh instead, keeps the result in the cache, and leaves the rows to the next refresh.

Without Node (``citeproc.available()`` false) nothing is rendered and the page shows the
archive's own citation and the downloads only (docs/citations.md, "Without Node").
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import Prefetch, QuerySet

from readingroom.archive.models import (
    Document,
    DocumentContribution,
    PersonDocumentRelation,
    Rendition,
)

from . import citeproc
from .citations import csl_item
from .models import FormattedCitation

__all__ = [
    "CitationText",
    "PassageCitation",
    "citation_documents",
    "digest",
    "page_citations",
    "passage_citations",
    "refresh_citations",
    "render_documents",
]

logger = logging.getLogger(__name__)

# Items sent to citeproc-js at once: one answer line stays a few hundred kilobytes.
BATCH = 200
CACHE_SECONDS = 3600


@dataclass(frozen=True)
class CitationText:
    """One formatted citation as the page shows it: HTML, and the same as plain text."""

    key: str
    label: str
    html: str
    text: str


def digest(item: dict) -> str:
    """Of the CSL-JSON item and of what renders it: equal digests, equal strings."""
    payload = json.dumps(item, sort_keys=True, ensure_ascii=False) + citeproc.fingerprint()
    return hashlib.sha256(payload.encode()).hexdigest()


def citation_documents(documents: QuerySet | None = None) -> QuerySet:
    """Documents with what ``csl_item`` reads, in a fixed number of queries."""
    people = PersonDocumentRelation.objects.select_related("person").defer("person__biography")
    return (
        (documents if documents is not None else Document.objects.all())
        .select_related("source_repository")
        .prefetch_related(
            "original_languages",
            Prefetch("person_links", queryset=people),
            Prefetch(
                "contributions",
                queryset=DocumentContribution.objects.select_related("contributor"),
            ),
            Prefetch(
                "renditions",
                queryset=Rendition.objects.public()
                .select_related("translator")
                .only("document_id", "machine_generated", "translator"),
            ),
        )
    )


def _texts(forms: dict[str, tuple[str, str]]) -> list[CitationText]:
    return [
        CitationText(form.key, form.label, *forms[form.key])
        for form in citeproc.FORMS
        if forms.get(form.key, ("", ""))[1]
    ]


def render_documents(documents: Iterable[Document]) -> dict[int, tuple[str, dict]]:
    """{record ID: (digest, {form key: (html, text)})}, through citeproc-js in batches."""
    items = {document.record_id: csl_item(document) for document in documents}
    rendered: dict[int, tuple[str, dict]] = {}
    ids = list(items)
    for start in range(0, len(ids), BATCH):
        batch = [items[record_id] for record_id in ids[start : start + BATCH]]
        for item_id, forms in citeproc.render_items(batch).items():
            rendered[int(item_id)] = (digest(items[int(item_id)]), forms)
    return rendered


def page_citations(document: Document) -> list[CitationText]:
    """The formatted citations of ``document`` (fetched with its links), in FORMS' order.

    One query when they are stored and current; otherwise rendered now and cached.
    Empty without Node.
    """
    if not citeproc.available():
        return []
    item_digest = digest(csl_item(document))
    stored = {
        row.form: (row.html, row.text)
        for row in FormattedCitation.objects.filter(document=document, digest=item_digest)
    }
    if len(stored) == len(citeproc.FORMS):
        return _texts(stored)
    key = f"readingroom:formatted:{document.record_id}:{item_digest}"
    forms = cache.get(key)
    if forms is None:
        try:
            _, forms = render_documents([document]).get(document.record_id, ("", {}))
        except citeproc.CiteprocError:
            logger.exception("citeproc-js failed on document %s", document.record_id)
            return []
        cache.set(key, forms, CACHE_SECONDS)
    return _texts(forms)


@dataclass(frozen=True)
class PassageCitation:
    """One style's citation of a passage: the entry or note, and the in-text citation."""

    key: str
    label: str
    html: str
    text: str
    cite_html: str
    cite_text: str


def passage_citations(document: Document, locator: str) -> list[PassageCitation]:
    """The formatted citations of a passage (``locator``: a paragraph's number), in
    FORMS' order; rendered on request and cached, empty without Node."""
    if not citeproc.available():
        return []
    item = csl_item(document)
    key = f"readingroom:passage:{document.record_id}:{locator}:{digest(item)}"
    forms = cache.get(key)
    if forms is None:
        try:
            forms = citeproc.render_passage(item, locator)
        except citeproc.CiteprocError:
            logger.exception("citeproc-js failed on a passage of %s", document.record_id)
            return []
        cache.set(key, forms, CACHE_SECONDS)
    return [
        PassageCitation(form.key, form.label, **forms[form.key])
        for form in citeproc.FORMS
        if form.key in forms and forms[form.key]["text"]
    ]


def refresh_citations(record_ids: Iterable[int]) -> int:
    """Render and store the citations of these documents where they are out of date.

    Returns how many documents were rendered. Idempotent; documents that no longer exist
    are skipped (their rows went with them). Without Node, renders nothing and returns 0.
    """
    record_ids = sorted(set(record_ids))
    if not record_ids or not citeproc.available():
        return 0
    done = 0
    for start in range(0, len(record_ids), BATCH):
        documents = citation_documents().filter(record_id__in=record_ids[start : start + BATCH])
        done += _refresh(list(documents))
    return done


def _refresh(documents: list[Document]) -> int:
    current = {
        (row["document_id"], row["form"]): row["digest"]
        for row in FormattedCitation.objects.filter(document__in=documents).values(
            "document_id", "form", "digest"
        )
    }
    digests = {document.record_id: digest(csl_item(document)) for document in documents}
    stale = [
        document
        for document in documents
        if any(
            current.get((document.record_id, form.key)) != digests[document.record_id]
            for form in citeproc.FORMS
        )
    ]
    if not stale:
        return 0
    rendered = render_documents(stale)
    rows = [
        FormattedCitation(document_id=record_id, form=key, digest=item_digest, html=html, text=text)
        for record_id, (item_digest, forms) in rendered.items()
        for key, (html, text) in forms.items()
    ]
    with transaction.atomic():
        FormattedCitation.objects.filter(document_id__in=list(rendered)).delete()
        FormattedCitation.objects.bulk_create(rows)
    return len(rendered)
