"""Downloads of whole result sets: /search/export.csv?q=…, /people/<slug>/documents.ris.

Thin views: the record IDs come from the search index (``search.matches``) or from the
reader's pages' queries, the formats from ``interop.exports``; these only find the set,
refuse what is not public, and stream the file.
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from readingroom.archive import periods, queries, reading_lists
from readingroom.archive.models import Collection, Person, Place, Topic
from readingroom.archive.pagination import OLDEST_FIRST
from readingroom.search import matches
from readingroom.search.engine import SearchParams
from readingroom.search.indexer import ensure_background_indexer

from .course_pack import course_pack
from .exports import EXPORT_FORMATS, ExportFormat, filename, record_id_batches, stream

# kind in the URL -> (model, its published documents)
ENTITY_DOCUMENTS = {
    "people": (Person, queries.person_documents),
    "places": (Place, queries.place_documents),
    "topics": (Topic, queries.topic_documents),
    "collections": (Collection, queries.collection_documents),
}


def export_format(extension: str) -> ExportFormat:
    if (fmt := EXPORT_FORMATS.get(extension)) is None:
        raise Http404(f"No export format {extension!r}")
    return fmt


def streamed(batches, fmt: ExportFormat, stem: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        stream(batches, fmt), content_type=f"{fmt.content_type}; charset=utf-8"
    )
    response.headers["Content-Disposition"] = content_disposition_header(True, filename(stem, fmt))
    return response


@require_safe
def search_export(request: HttpRequest, extension: str) -> StreamingHttpResponse:
    """Every match of the search in the query string (not only the page shown)."""
    fmt = export_format(extension)
    ensure_background_indexer()
    params = SearchParams.from_query(request.GET)
    return streamed(matches.record_id_batches(params), fmt, "search-results")


@require_safe
def catalog_export(request: HttpRequest, extension: str, period: str = ""):
    """The catalog's published documents, or a decade's, year's or month's, oldest first."""
    fmt = export_format(extension)
    documents = queries.document_listing()
    if period:
        found = periods.Period.parse(period)
        if found is None:
            raise Http404(f"No period {period!r}")
        documents = found.documents(documents)
    stem = f"catalog-{period}" if period else "catalog"
    return streamed(record_id_batches(documents.order_by(*OLDEST_FIRST)), fmt, stem)


@require_safe
def entity_export(request: HttpRequest, kind: str, slug: str, extension: str):
    """A public person's, place's, topic's or collection's published documents: oldest
    first, a collection's in its editors' order."""
    fmt = export_format(extension)
    model, documents_of = ENTITY_DOCUMENTS[kind]
    entity = get_object_or_404(model.objects.public(), slug=slug)
    documents = documents_of(entity)
    if model is Collection:
        documents = documents.order_by("collectionitem__order", "record_id")
    else:
        documents = documents.order_by(*OLDEST_FIRST)
    return streamed(record_id_batches(documents), fmt, f"{slug}-documents")


@require_safe
def reading_list_export(request: HttpRequest, extension: str) -> StreamingHttpResponse:
    """A reading list's published documents (``?ids=…``), in the reader's order."""
    fmt = export_format(extension)
    ids = reading_lists.listed_ids(request.GET.get("ids", ""))
    return streamed([ids] if ids else [], fmt, "reading-list")


@require_safe
def reading_list_course_pack(request: HttpRequest) -> HttpResponse:
    """A reading list as an EPUB book (``interop.course_pack``)."""
    ids = reading_lists.listed_ids(request.GET.get("ids", ""))
    address = f"{settings.SITE_URL}/list?ids={reading_lists.ids_parameter(ids)}"
    response = HttpResponse(course_pack(ids, address), content_type="application/epub+zip")
    response.headers["Content-Disposition"] = content_disposition_header(True, "reading-list.epub")
    return response
