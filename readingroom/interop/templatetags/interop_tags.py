"""Template tags that put the interop serializers on reader pages.

``{% load interop_tags %}`` then, in a document page, ``{% document_metadata document as
metadata %}``, ``{% document_coins document %}`` and ``{% document_citations document as
cite %}`` (used by the partials ``interop/_document_head.html``, ``_coins.html`` and
``_citations.html``); on any page,
``{{ data|jsonld }}`` prints a dict from ``interop.metadata`` as a JSON-LD script.
"""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from readingroom.archive.models import Collection, Document, Person, Place, Topic

from .. import formatted, metadata
from ..views_citations import FORMATS

register = template.Library()


@register.simple_tag
def document_metadata(document: Document) -> dict:
    """What _document_head.html prints: meta tags, JSON-LD and download links."""
    return {
        "highwire": metadata.highwire_tags(document),
        "dublin_core": metadata.dublin_core_tags(document),
        "jsonld": metadata.document_jsonld(document),
        "downloads": citation_downloads(document),
    }


@register.simple_tag
def document_coins(document: Document) -> str:
    """The COinS context object of _coins.html (Zotero reads it before any meta tag)."""
    return metadata.coins(document)


@register.simple_tag
def document_citations(document: Document) -> dict:
    """What _citations.html prints: the archive's citation, CSL styles, downloads."""
    return {
        "archive": document.citation,
        "permalink": document.permalink,
        # Stored when the document changed (interop/formatted.py): one query here.
        "styles": formatted.page_citations(document),
        "downloads": citation_downloads(document),
    }


def citation_downloads(document: Document) -> list[dict[str, str]]:
    return [
        {
            "label": fmt.label,
            "content_type": fmt.content_type,
            "url": reverse("interop:document-citation", args=[document.record_id, fmt.extension]),
        }
        for fmt in FORMATS.values()
    ]


@register.filter
def jsonld(data: dict) -> SafeString:
    """{{ person_data|jsonld }}: a <script type="application/ld+json"> element."""
    return metadata.jsonld_script(data)


ENTITY_JSONLD = {
    Person: metadata.person_jsonld,
    Place: metadata.place_jsonld,
    Collection: metadata.collection_jsonld,
}
INDEXES = {
    Person: ("People", "archive:person-index"),
    Place: ("Places", "archive:place-index"),
    Topic: ("Topics", "archive:topic-index"),
    Collection: ("Collections", "archive:collection-index"),
}


@register.simple_tag
def entity_jsonld(entity: Person | Place | Topic | Collection) -> SafeString:
    """{% entity_jsonld entity %}: an entity page's schema.org JSON-LD and breadcrumbs."""
    index_name, index_url = INDEXES[type(entity)]
    crumbs = [
        ("Home", reverse("archive:home")),
        (index_name, reverse(index_url)),
        (str(entity), entity.get_absolute_url()),
    ]
    scripts = [metadata.jsonld_script(metadata.breadcrumb_jsonld(crumbs))]
    if builder := ENTITY_JSONLD.get(type(entity)):
        scripts.insert(0, metadata.jsonld_script(builder(entity)))
    return mark_safe("\n".join(scripts))
