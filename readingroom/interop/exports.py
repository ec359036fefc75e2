"""Result sets to take away: CSV, JSON Lines, RIS, BibTeX and CSL-JSON, written as a stream.

A result set (a search, a person's, place's, topic's or collection's documents) comes
in as batches of record IDs, in the order to write them; each batch is read from the
database with what its format needs, in a fixed number of queries, and written out
before the next is read. Memory stays that of one batch, whether the set holds ten
documents or a hundred thousand (``bench/export_memory.py`` prints it).

Only published documents are written, checked here on every batch whatever the
batches' source says, and of each only what its public page shows: no rendition that
is machine output an editor has yet to confirm, no related record that is a draft.

The formats are those of one document (``citations``: RIS, BibTeX, CSL-JSON) and of the
archive's own records (``interchange.serialize``: JSON Lines, which ``readingroom
import`` reads back); CSV is a table of what a result line and a citation show.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet

from readingroom.archive.interchange.serialize import PREFIX, document_record, documents_for_records
from readingroom.archive.models import Document

from . import citations
from .formatted import citation_documents

__all__ = [
    "EXPORT_FORMATS",
    "BATCH",
    "ExportFormat",
    "download_links",
    "record_id_batches",
    "stream",
]

# Documents read from the database at once: a few MB of text at most.
BATCH = 500

CSV_COLUMNS = (
    "record_id",
    "url",
    "title",
    "date",
    "date_edtf",
    "document_type",
    "authors",
    "recipients",
    "people",
    "places",
    "topics",
    "collections",
    "original_languages",
    "archive_location",
    "printed_source",
    "summary",
)


@dataclass(frozen=True)
class ExportFormat:
    label: str
    extension: str
    content_type: str
    # documents with what the format reads -> the lines of one batch
    documents: Callable[[QuerySet], QuerySet]
    write: Callable[[list[Document]], str]
    head: str = ""
    tail: str = ""
    separator: str = ""


def _csv_row(document: Document) -> list[str]:
    people = [link.person for link in document.person_links.all()]
    return [
        str(document.record_id),
        document.permalink,
        document.title,
        document.date.display() if document.date else "",
        document.date.edtf() if document.date else "",
        document.get_document_type_display() if document.document_type else "",
        "; ".join(n.inverted for n in citations.names_in(document, "author")),
        "; ".join(n.inverted for n in citations.names_in(document, "recipient")),
        "; ".join(dict.fromkeys(person.sort_name for person in people)),
        "; ".join(dict.fromkeys(link.place.name for link in document.place_links.all())),
        "; ".join(topic.label for topic in document.topics.all()),
        "; ".join(collection.name for collection in document.collections.all()),
        "; ".join(language.code for language in document.original_languages.all()),
        document.archival_source,
        document.printed_source,
        document.summary,
    ]


def _csv(documents: list[Document]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(_csv_row(document) for document in documents)
    return buffer.getvalue()


def _csv_documents(documents: QuerySet) -> QuerySet:
    return citation_documents(documents).prefetch_related(
        "place_links__place", "topics", "collections"
    )


def _record_documents(documents: QuerySet) -> QuerySet:
    return documents_for_records() & documents


def _jsonl(documents: list[Document]) -> str:
    lines = []
    related = {other.pk for d in documents for other in getattr(d, PREFIX + "related")}
    # By key alone, the status checked here (see ``stream``).
    published = {
        pk
        for pk, status in Document.objects.filter(pk__in=related)
        .order_by()
        .values_list("pk", "status")
        if status == Document.Status.PUBLISHED
    }
    for document in documents:
        renditions = getattr(document, PREFIX + "renditions")
        setattr(document, PREFIX + "renditions", [r for r in renditions if not r.machine_generated])
        record = document_record(document)
        record["related"] = [pk for pk in record["related"] if pk in published]
        # The scans' files stay on the site (each rendition's page links them): a file
        # of records names only files it travels with, and this one travels alone.
        for rendition in record["renditions"]:
            rendition["files"] = []
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    return "".join(lines)


def _each(serialize: Callable[[Document], str]) -> Callable[[list[Document]], str]:
    return lambda documents: "".join(serialize(document) for document in documents)


def _csl_items(documents: list[Document]) -> str:
    return ",\n".join(
        json.dumps(citations.csl_item(document), ensure_ascii=False) for document in documents
    )


EXPORT_FORMATS = {
    fmt.extension: fmt
    for fmt in (
        ExportFormat(
            "CSV",
            "csv",
            "text/csv",
            _csv_documents,
            _csv,
            head=",".join(CSV_COLUMNS) + "\r\n",
        ),
        ExportFormat("JSON Lines", "jsonl", "application/jsonl", _record_documents, _jsonl),
        ExportFormat(
            "RIS",
            "ris",
            "application/x-research-info-systems",
            citation_documents,
            _each(lambda d: citations.ris(d) + "\r\n"),
        ),
        ExportFormat(
            "BibTeX",
            "bib",
            "application/x-bibtex",
            citation_documents,
            _each(lambda d: citations.bibtex(d) + "\n"),
        ),
        ExportFormat(
            "CSL-JSON",
            "csl.json",
            "application/vnd.citationstyles.csl+json",
            citation_documents,
            _csl_items,
            head="[\n",
            tail="\n]\n",
            separator=",\n",
        ),
    )
}


def record_id_batches(documents: QuerySet, size: int = BATCH) -> Iterator[list[int]]:
    """The record IDs of ``documents`` in their order, ``size`` at a time, read in
    chunks (a server-side cursor on PostgreSQL)."""
    batch: list[int] = []
    for record_id in documents.values_list("record_id", flat=True).iterator(chunk_size=size):
        batch.append(record_id)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def stream(batches: Iterable[list[int]], fmt: ExportFormat) -> Iterator[str]:
    """The export, a batch of documents at a time; published documents only."""
    yield fmt.head
    first = True
    for record_ids in batches:
        # By primary key alone, the status checked here: given "status = 'published'",
        # SQLite walks the (status, date) index over every published document instead
        # of looking up 500 keys (a hundred thousand results took ten times as long).
        found = fmt.documents(Document.objects.filter(record_id__in=record_ids)).order_by()
        by_id = {document.record_id: document for document in found if document.is_published}
        documents = [by_id[record_id] for record_id in record_ids if record_id in by_id]
        if not documents:
            continue
        if not first:
            yield fmt.separator
        first = False
        yield fmt.write(documents)
    yield fmt.tail


def download_links(path: str, query: str = "") -> list[tuple[str, str]]:
    """(label, URL) of each format of the result set at ``path`` + extension: the
    "Download" line of a results page."""
    suffix = f"?{query}" if query else ""
    return [(fmt.label, f"{path}.{fmt.extension}{suffix}") for fmt in EXPORT_FORMATS.values()]


def filename(stem: str, fmt: ExportFormat) -> str:
    """ "zhou-enlai-documents.ris": findable among a reader's downloads."""
    site = settings.SITE_NAME.lower().replace(" ", "-")[:30] or "archive"
    return f"{stem[:60].strip('-') or site}.{fmt.extension}"
