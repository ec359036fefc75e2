"""Thin views for IIIF: manifests, the Image API, and rendition texts for manifests.

Everything here is readable from other sites (``Access-Control-Allow-Origin: *``, and
OPTIONS answered), since viewers such as Mirador load manifests and tiles across origins.
Errors are plain text with the same headers, so a viewer can read why. Only published
documents are served to readers; a draft's manifest, pages and texts are 404, as if
absent, except to the back office's roles previewing it (``visibility.may_see_drafts``),
who get them marked private so that no shared cache keeps them.
"""

from __future__ import annotations

import functools
import json
import logging

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods

from readingroom.archive.models import Document, Rendition
from readingroom.archive.visibility import document_is_public, may_see_drafts

from . import image as image_api
from .manifest import PRESENTATION_CONTEXT, manifest
from .pages import Page, PageTooLarge, document_pages, find_page

logger = logging.getLogger(__name__)

# Browsers and proxies may keep descriptions an hour; pixels, once made, a day.
DESCRIPTION_MAX_AGE = 3600
IMAGE_MAX_AGE = 86400
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Range",
    "Access-Control-Max-Age": "86400",
}


# Refusals, as HTTP statuses: the Image API asks 400 for a bad request and 501 for a
# feature we lack; an image we cannot decode safely is the server's failing, 500.
ERROR_STATUS = {
    Http404: 404,
    image_api.BadRequest: 400,
    image_api.NotImplementedFeature: 501,
    PageTooLarge: 500,
    image_api.UnreadableImage: 500,
}


def iiif_view(view):
    """GET/HEAD/OPTIONS with CORS headers on every answer, refusals included."""

    @require_http_methods(["GET", "HEAD", "OPTIONS"])
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
        else:
            try:
                response = view(request, *args, **kwargs)
            except tuple(ERROR_STATUS) as error:
                response = refusal(error)
        for header, value in CORS_HEADERS.items():
            response[header] = value
        return response

    return wrapper


def refusal(error: Exception) -> HttpResponse:
    """The error as plain text, so that a viewer (or a person) can read what went wrong."""
    status = next(code for kind, code in ERROR_STATUS.items() if isinstance(error, kind))
    if status == 500:
        logger.warning("IIIF: %s", error, exc_info=isinstance(error, image_api.UnreadableImage))
    return plain_text(str(error) or "Not found", status=status)


def plain_text(text: str, status: int = 200) -> HttpResponse:
    return HttpResponse(text + "\n", status=status, content_type="text/plain; charset=utf-8")


def json_ld(request: HttpRequest, data: dict, context: str) -> HttpResponse:
    """JSON, or JSON-LD with the context as profile when the client asks for it."""
    if "application/ld+json" in request.headers.get("Accept", ""):
        content_type = f'application/ld+json;profile="{context}"'
    else:
        content_type = "application/json"
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Cache-Control"] = f"public, max-age={DESCRIPTION_MAX_AGE}"
    response["Vary"] = "Accept"
    return response


def base_url(request: HttpRequest) -> str:
    """The scheme and host the client used: viewers must fetch tiles from where they are."""
    return request.build_absolute_uri("/").rstrip("/")


def visible_page(request: HttpRequest, identifier: str) -> Page:
    """The page, if the asker may see its document; else 404, as for no page at all."""
    page = find_page(identifier, drafts=may_see_drafts(request.user))
    if page is None:
        raise Http404(f"No image {identifier!r}")
    page.ensure_decodable()
    return page


def cache_for(response: HttpResponse, document: Document, max_age: int) -> HttpResponse:
    """Public documents may be kept by any cache; a draft shown in a preview by none."""
    if document_is_public(document):
        response["Cache-Control"] = f"public, max-age={max_age}"
    else:
        response["Cache-Control"] = "private, no-cache, no-store"
        patch_vary_headers(response, ["Cookie"])
    return response


@iiif_view
def manifest_view(request: HttpRequest, record_id: int) -> HttpResponse:
    documents = Document.objects.all()
    if not may_see_drafts(request.user):
        documents = documents.published()
    document = get_object_or_404(documents, record_id=record_id)
    pages = document_pages(document)
    if not pages:
        raise Http404(f"Document {record_id} has no scans")
    response = json_ld(request, manifest(document, pages, base_url(request)), PRESENTATION_CONTEXT)
    return cache_for(response, document, DESCRIPTION_MAX_AGE)


@iiif_view
def image_base(request: HttpRequest, identifier: str) -> HttpResponse:
    """The image's base URI leads to its info.json (303, as the Image API asks)."""
    visible_page(request, identifier)
    return HttpResponseRedirect(reverse("interop:iiif:image-info", args=[identifier]), status=303)


@iiif_view
def image_info(request: HttpRequest, identifier: str) -> HttpResponse:
    page = visible_page(request, identifier)
    service_id = base_url(request) + reverse("interop:iiif:image-base", args=[identifier])
    response = json_ld(request, image_api.info(page, service_id), image_api.IMAGE_CONTEXT)
    return cache_for(response, page.file.rendition.document, DESCRIPTION_MAX_AGE)


@iiif_view
def image_view(
    request: HttpRequest,
    identifier: str,
    region: str,
    size: str,
    rotation: str,
    quality: str,
    image_format: str,
) -> HttpResponse:
    page = visible_page(request, identifier)
    image_request = image_api.ImageRequest.parse(
        page, region, size, rotation, quality, image_format
    )
    image = image_api.derivative(page, image_request)
    response = FileResponse(image, content_type=image_request.media_type)
    cache_for(response, page.file.rendition.document, IMAGE_MAX_AGE)
    # The canonical form of this request, so caches and clients can share one copy.
    response["Link"] = (
        f"<{base_url(request)}{reverse('interop:iiif:image-base', args=[identifier])}/"
        f'{image_request.canonical}>;rel="canonical"'
    )
    return response


@iiif_view
def rendition_text(request: HttpRequest, record_id: int, pk: int) -> HttpResponse:
    """A translation or transcript as plain text, with its notes: a manifest's rendering."""
    rendition = get_object_or_404(
        Rendition.objects.public().exclude(kind=Rendition.Kind.SCAN).select_related("document"),
        pk=pk,
        document_id=record_id,
        document__status=Document.Status.PUBLISHED,
    )
    document = rendition.document
    parts = [document.title, rendition.label, rendition.text.strip()]
    if notes := [f"[{note.label}] {note.text}" for note in rendition.footnotes.all()]:
        parts.append("Notes\n\n" + "\n".join(notes))
    parts.append(document.citation + "\n" + document.permalink)
    response = plain_text("\n\n".join(parts))
    response["Content-Language"] = rendition.language_id
    response["Cache-Control"] = f"public, max-age={DESCRIPTION_MAX_AGE}"
    return response
