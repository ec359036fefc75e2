"""Citation downloads of a published document: BibTeX, RIS and CSL-JSON.

Thin views: the formats are made by ``interop.citations``; these only find the document,
refuse what is not published, and name the file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from readingroom.archive.models import Document

from . import citations


@dataclass(frozen=True)
class CitationFormat:
    label: str
    extension: str
    content_type: str
    serialize: Callable[[Document], str]


FORMATS = {
    fmt.extension: fmt
    for fmt in (
        CitationFormat("BibTeX", "bib", "application/x-bibtex", citations.bibtex),
        CitationFormat("RIS", "ris", "application/x-research-info-systems", citations.ris),
        CitationFormat(
            "CSL-JSON", "csl.json", "application/vnd.citationstyles.csl+json", citations.csl_json
        ),
    )
}


def _published_document(record_id: int) -> Document:
    return get_object_or_404(
        Document.objects.published().prefetch_related(
            "person_links__person", "contributions__contributor", "original_languages"
        ),
        record_id=record_id,
    )


@require_safe
def document_citation(request: HttpRequest, record_id: int, extension: str) -> HttpResponse:
    """The document's citation in one format, as a file to save."""
    fmt = FORMATS.get(extension)
    if fmt is None:
        raise Http404(f"No citation format {extension!r}")
    document = _published_document(record_id)
    response = HttpResponse(
        fmt.serialize(document), content_type=f"{fmt.content_type}; charset=utf-8"
    )
    # "request-by-the-chinese-leadership-to-the-soviet-110398.ris": findable among downloads.
    stem = document.slug[:50].rstrip("-") or "document"
    filename = f"{stem}-{document.record_id}.{fmt.extension}"
    response.headers["Content-Disposition"] = content_disposition_header(True, filename)
    return response
