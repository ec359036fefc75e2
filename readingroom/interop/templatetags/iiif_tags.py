"""The IIIF viewer on a document page: ``{% load iiif_tags %}{% iiif_viewer document %}``.

Renders ``interop/_viewer.html`` with the document's pages (nothing at all for a
document without scans, or a draft, except in the back office's preview of it).
"""

from __future__ import annotations

from django import template
from django.urls import reverse

from readingroom.archive.models import Document

from ..iiif.image import confined_size
from ..iiif.manifest import page_labels
from ..iiif.pages import document_pages

register = template.Library()

THUMBNAIL_SIZE = 160
LARGE_SIZE = 1600


@register.inclusion_tag("interop/_viewer.html", takes_context=True)
def iiif_viewer(context, document: Document) -> dict:
    """The viewer's context: the manifest, and for each page its info.json and images."""
    # The preview (an editor's view of a draft) shows the scans the IIIF views serve them.
    shown = document.is_published or context.get("preview")
    pages = document_pages(document) if shown else []
    viewer_pages = []
    for page, label in zip(pages, page_labels(pages), strict=True):
        base = reverse("interop:iiif:image-base", args=[page.identifier])
        width, height = confined_size(THUMBNAIL_SIZE, THUMBNAIL_SIZE, page.width, page.height)
        viewer_pages.append(
            {
                "label": label,
                "info_url": f"{base}/info.json",
                "thumbnail_url": f"{base}/full/{width},{height}/0/default.jpg",
                "thumbnail_width": width,
                "thumbnail_height": height,
                "large_url": f"{base}/full/!{LARGE_SIZE},{LARGE_SIZE}/0/default.jpg",
            }
        )
    return {
        "document": document,
        "pages": viewer_pages,
        "tile_sources": [page["info_url"] for page in viewer_pages],
        "sources_id": f"iiif-sources-{document.pk}",
        "manifest_url": reverse("interop:iiif:manifest", args=[document.pk]) if pages else "",
    }
