"""/document/<record_id>.tei.xml: a published document as TEI P5 (``interop.tei_export``)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from readingroom.archive.models import Document, Rendition

from .tei_export import document_tei


@require_safe
def document_tei_view(request: HttpRequest, record_id: int) -> HttpResponse:
    """The TEI file of a published document; a draft is as absent as a missing one."""
    document = get_object_or_404(
        Document.objects.published()
        .select_related("source_repository")
        .prefetch_related(
            "original_languages",
            Prefetch(
                "renditions",
                queryset=Rendition.objects.public().select_related("language"),
            ),
            "renditions__footnotes",
        ),
        record_id=record_id,
    )
    return HttpResponse(document_tei(document), content_type="application/tei+xml; charset=utf-8")
