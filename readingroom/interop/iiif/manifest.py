"""IIIF Presentation 3 manifests, made from records: pure functions from models to dicts.

A document with scans is a Manifest; each page (an image file, or a page of a PDF) is a
Canvas painted by one Image, which points at its Image API service. Translations and
transcripts are linked as plain-text renderings, the document page as the homepage.

``rights`` must be a Creative Commons or RightsStatements.org URI in IIIF 3. Our rights
statements are free text, so ``rights`` is set only when the text names such a URI; the
statement itself always appears in ``metadata`` (and the citation in
``requiredStatement``), where a viewer shows it.
"""

from __future__ import annotations

import re
from collections import Counter

from django.conf import settings
from django.urls import reverse

from readingroom.archive.models import Document, Rendition

from .image import Limits, confined_size
from .pages import Page

PRESENTATION_CONTEXT = "http://iiif.io/api/presentation/3/context.json"
THUMBNAIL_SIZE = 200
RIGHTS_URI = re.compile(
    r"https?://(?P<path>creativecommons\.org/(?:licenses|publicdomain)/[^\s\"'<>)]+"
    r"|rightsstatements\.org/(?:vocab|page)/[^\s\"'<>)]+)"
)


def english(*values: str) -> dict[str, list[str]]:
    return {"en": list(values)}


def entry(label: str, value: str, language: str = "en") -> dict:
    return {"label": english(label), "value": {language: [value]}}


def rights_uri(statement: str) -> str | None:
    """The CC or RightsStatements.org URI in a rights statement, as IIIF spells it.

    Both vocabularies' canonical URIs are http, and RightsStatements.org's are /vocab/.
    """
    match = RIGHTS_URI.search(statement)
    if not match:
        return None
    path = match["path"].replace("rightsstatements.org/page/", "rightsstatements.org/vocab/")
    return "http://" + path.rstrip(".,;")


def service_id(base_url: str, page: Page) -> str:
    return base_url + reverse("interop:iiif:image-base", args=[page.identifier])


def image_service(base_url: str, page: Page) -> list[dict]:
    return [{"id": service_id(base_url, page), "type": "ImageService3", "profile": "level1"}]


def thumbnail(base_url: str, page: Page) -> list[dict]:
    width, height = confined_size(THUMBNAIL_SIZE, THUMBNAIL_SIZE, page.width, page.height)
    return [
        {
            "id": f"{service_id(base_url, page)}/full/{width},{height}/0/default.jpg",
            "type": "Image",
            "format": "image/jpeg",
            "width": width,
            "height": height,
            "service": image_service(base_url, page),
        }
    ]


def page_labels(pages: list[Page]) -> list[str]:
    """ "Page 3" for a page of its own; "Original scan, page 2" for a page of a labelled PDF."""
    per_file = Counter(page.file.pk for page in pages)
    labels = []
    for position, page in enumerate(pages, start=1):
        if per_file[page.file.pk] == 1:
            labels.append(page.file.label or f"Page {position}")
        elif page.file.label:
            labels.append(f"{page.file.label}, page {page.number}")
        else:
            labels.append(f"Page {position}")
    return labels


def canvas(base_url: str, manifest_id: str, page: Page, label: str) -> dict:
    """One page: a Canvas the size of the page image, painted by that image."""
    canvas_id = f"{manifest_id.removesuffix('/manifest.json')}/canvas/{page.identifier}"
    # "max" is as large as the server answers (IIIF_MAX_WIDTH…), perhaps less than the page.
    width, height = Limits.from_settings().fit(page.width, page.height)
    image = {
        "id": f"{service_id(base_url, page)}/full/max/0/default.jpg",
        "type": "Image",
        "format": "image/jpeg",
        "width": width,
        "height": height,
        "service": image_service(base_url, page),
    }
    painting = {
        "id": f"{canvas_id}/annotation/painting",
        "type": "Annotation",
        "motivation": "painting",
        "target": canvas_id,
        "body": image,
    }
    return {
        "id": canvas_id,
        "type": "Canvas",
        "label": english(label),
        "width": page.width,
        "height": page.height,
        "thumbnail": thumbnail(base_url, page),
        "items": [{"id": f"{canvas_id}/page", "type": "AnnotationPage", "items": [painting]}],
    }


def metadata(document: Document) -> list[dict]:
    """The facts a viewer lists beside the scans, as on the document page."""
    languages = ", ".join(language.name for language in document.original_languages.all())
    facts = [
        ("Date", document.date.display() if document.date else ""),
        ("Document Type", document.get_document_type_display() if document.document_type else ""),
        ("Original Language", languages),
        ("Source", document.archival_source),
        ("Printed Source", document.printed_source),
        ("Credits", document.credit_line),
        ("Rights", document.rights),
    ]
    entries = [entry(label, value) for label, value in facts if value]
    entries.insert(1, entry("Record ID", str(document.record_id), language="none"))
    return entries


def renderings(base_url: str, document: Document) -> list[dict]:
    """The translation and transcript texts, as plain-text downloads."""
    texts = document.renditions.public().exclude(kind=Rendition.Kind.SCAN).exclude(text="")
    return [
        {
            "id": base_url + reverse("interop:iiif:rendition-text", args=[document.pk, r.pk]),
            "type": "Text",
            "label": english(r.label),
            "format": "text/plain",
            "language": [r.language_id],
        }
        for r in texts.select_related("language")
    ]


def manifest(document: Document, pages: list[Page], base_url: str) -> dict:
    """The document's Presentation 3 manifest; ``base_url`` is "https://host", no slash."""
    manifest_id = base_url + reverse("interop:iiif:manifest", args=[document.pk])
    data = {
        "@context": PRESENTATION_CONTEXT,
        "id": manifest_id,
        "type": "Manifest",
        "label": english(document.title),
        "metadata": metadata(document),
    }
    if document.summary:
        data["summary"] = english(document.summary)
    data["requiredStatement"] = {
        "label": english("Attribution"),
        "value": english(f"{settings.ARCHIVE_NAME}. Cite as: {document.citation}"),
    }
    if uri := rights_uri(document.rights):
        data["rights"] = uri
    data["provider"] = [
        {"id": settings.SITE_URL + "/", "type": "Agent", "label": english(settings.ARCHIVE_NAME)}
    ]
    data["homepage"] = [
        {
            "id": document.permalink,
            "type": "Text",
            "label": english(document.title),
            "format": "text/html",
        }
    ]
    if texts := renderings(base_url, document):
        data["rendering"] = texts
    data["thumbnail"] = thumbnail(base_url, pages[0])
    labels = page_labels(pages)
    data["items"] = [
        canvas(base_url, manifest_id, page, label)
        for page, label in zip(pages, labels, strict=True)
    ]
    return data
