"""Citation downloads of a published document: BibTeX, RIS and CSL-JSON; and unAPI.

Thin views: the formats are made by ``interop.citations``; these only find the document,
refuse what is not published, and name the file. ``/document/110398/cite?p=4`` cites one
paragraph of the document's public text (docs/citations.md, "Citing a passage").
``/unapi`` (https://unapi.info/) offers the same RIS and BibTeX to whoever finds the
page's unAPI link: Zotero does, before its COinS and Embedded Metadata readers, and so
saves the RIS record whole (translators, recipients, archive, location, rights), which
neither of those can carry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.html import escape
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from readingroom.archive import passages, queries
from readingroom.archive.models import Document

from . import citations, formatted
from .formatted import citation_documents as citations_queryset


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
    return get_object_or_404(citations_queryset(Document.objects.published()), record_id=record_id)


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


# unAPI's names of the formats it offers, in Zotero's order of preference.
UNAPI_FORMATS = {"ris": FORMATS["ris"], "bibtex": FORMATS["bib"]}
UNAPI_DOCS = {"ris": "http://www.refman.com/support/risformat_intro.asp"}


def _unapi_formats(record_id: str | None, status: int) -> HttpResponse:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    lines.append(f'<formats id="{escape(record_id)}">' if record_id else "<formats>")
    for name, fmt in UNAPI_FORMATS.items():
        docs = f' docs="{UNAPI_DOCS[name]}"' if name in UNAPI_DOCS else ""
        lines.append(f'  <format name="{name}" type="{fmt.content_type}"{docs}/>')
    lines.append("</formats>")
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="application/xml; charset=utf-8", status=status
    )


@require_safe
def unapi(request: HttpRequest) -> HttpResponse:
    """unAPI 1.0: the formats on offer (for all documents, or one: HTTP 300), or a record.

    ``?id=`` is a record ID, as the page's <abbr class="unapi-id"> gives it.
    """
    record_id, name = request.GET.get("id"), request.GET.get("format")
    if record_id is None:
        return _unapi_formats(None, 200)
    if not record_id.isdigit():
        raise Http404("No such document")
    document = _published_document(int(record_id))
    if name is None:
        return _unapi_formats(record_id, 300)
    fmt = UNAPI_FORMATS.get(name)
    if fmt is None:
        return HttpResponse(f"No format {name!r}", status=406, content_type="text/plain")
    return HttpResponse(fmt.serialize(document), content_type=f"{fmt.content_type}; charset=utf-8")


@require_safe
def passage_cite(request: HttpRequest, record_id: int) -> HttpResponse:
    """A paragraph's citation: the archive's own and the CSL styles', with "para. 4"."""
    document = get_object_or_404(queries.document_detail(), record_id=record_id)
    found = passages.find(list(document.renditions.all()), request.GET.get("p", ""))
    if found is None:
        raise Http404("No such paragraph in this document")
    context = {
        "document": document,
        "passage": found,
        "citation": document.cite(found.locator),
        "permalink": f"{document.permalink}#{found.fragment}",
        "styles": formatted.passage_citations(document, str(found.number)),
    }
    return render(request, "interop/passage_cite.html", context)
