"""Metadata embedded in reader pages for Zotero, Google Scholar and search engines.

A document page carries its record four times over, each for the reader that looks for
it: COinS (Zotero reads it first), Highwire Press ``citation_*`` meta tags (Google
Scholar, then Zotero), Dublin Core meta tags (``DC.type`` decides Zotero's item type)
and schema.org JSON-LD (search engines). All are pure functions of the records; the
templates in ``interop/`` only print them. docs/citations.md explains the choices.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString

from readingroom.archive.dates import HistoricalDate
from readingroom.archive.models import (
    Collection,
    Document,
    Person,
    PersonDocumentRelation,
    Place,
)
from readingroom.archive.names import NameOrder, NameParts

from .citations import creators, zotero_type

__all__ = [
    "archive_organization",
    "breadcrumb_jsonld",
    "coins",
    "collection_jsonld",
    "document_jsonld",
    "dublin_core_tags",
    "highwire_tags",
    "jsonld_script",
    "person_jsonld",
    "place_jsonld",
]

SCHEMA_CONTEXT = "https://schema.org"


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def _authors(document: Document) -> list[Person]:
    return [
        link.person
        for link in document.person_links.all()
        if link.role == PersonDocumentRelation.Role.AUTHOR
    ]


def _author_names(document: Document) -> list[str]:
    """ "Mao, Zedong", "Wolff, David": the comma tells Zotero which name is the family's."""
    return [parts.inverted for role, parts in creators(document) if role == "author"]


def _languages(document: Document) -> list[str]:
    return [language.code for language in document.original_languages.all()]


# --- Meta tags ------------------------------------------------------------------------


def highwire_date(date: HistoricalDate) -> str:
    """Highwire's "1956/01/15", "1957/06" or "1957": as precise as the date is known."""
    return date.start.edtf().replace("-", "/")


def highwire_tags(document: Document) -> list[tuple[str, str]]:
    """(name, content) pairs of the ``citation_*`` tags Google Scholar and Zotero read."""
    tags = [("citation_title", document.title)]
    tags += [("citation_author", name) for name in _author_names(document)]
    if document.date:
        tags.append(("citation_date", highwire_date(document.date)))
    tags += [("citation_language", code) for code in _languages(document)[:1]]
    if document.summary:
        tags.append(("citation_abstract", document.summary))
    tags.append(("citation_public_url", document.permalink))
    return tags


def dublin_core_tags(document: Document) -> list[tuple[str, str]]:
    """(name, content) pairs of the ``DC.*`` tags; Zotero takes its item type from DC.type."""
    tags = [("DC.title", document.title), ("DC.type", zotero_type(document))]
    tags += [("DC.creator", name) for name in _author_names(document)]
    if document.date:
        tags.append(("DC.date", document.date.start.edtf()))
    tags += [("DC.language", code) for code in _languages(document)]
    if document.summary:
        tags.append(("DC.description", document.summary))
    if source := document.archival_source:
        tags.append(("DC.source", source))
        # Zotero's RDF import reads dc:coverage as "Loc. in Archive"; nothing else does.
        tags.append(("DC.coverage", source))
    tags.append(("DC.publisher", settings.ARCHIVE_NAME))
    if document.rights:
        tags.append(("DC.rights", document.rights))
    tags.append(("DC.identifier", document.permalink))
    return tags


def coins(document: Document) -> str:
    """The OpenURL ContextObject for a COinS span's title attribute (unescaped).

    Dublin Core format with ``rft.type`` set to a Zotero item type: Zotero takes the
    type from it, and the title from ``rft.title`` (``rft.btitle`` would be dropped).
    """
    pairs = [
        ("ctx_ver", "Z39.88-2004"),
        ("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"),
        ("rfr_id", f"info:sid/{settings.SITE_URL.split('://')[-1]}"),
        ("rft.type", zotero_type(document)),
        ("rft.title", document.title),
    ]
    pairs += [("rft.au", name) for name in _author_names(document)]
    if document.date:
        pairs.append(("rft.date", document.date.start.edtf()))
    pairs += [("rft.language", code) for code in _languages(document)[:1]]
    if document.summary:
        pairs.append(("rft.description", document.summary))
    if document.rights:
        pairs.append(("rft.rights", document.rights))
    pairs.append(("rft.identifier", document.permalink))
    return "&".join(f"{key}={quote(value, safe='')}" for key, value in pairs)


# --- schema.org JSON-LD ---------------------------------------------------------------


def archive_organization() -> dict:
    """The archive itself, as the organization that holds and publishes its documents."""
    return {"@type": "ArchiveOrganization", "name": settings.ARCHIVE_NAME, "url": _absolute("/")}


def _name_jsonld(parts: NameParts) -> dict:
    """A schema.org Person (an Organization for a name kept in one piece) with its parts."""
    if parts.order == NameOrder.LITERAL:
        return {"@type": "Organization", "name": parts.family}
    data = {"@type": "Person", "name": parts.spoken, "familyName": parts.family}
    if parts.given:
        data["givenName"] = parts.given
    return data


def _person_reference(person: Person) -> dict:
    return {**_name_jsonld(person.name_parts), "url": _absolute(person.get_absolute_url())}


def _document_dates(date: HistoricalDate) -> dict:
    # ISO 8601 keeps reduced precision ("1957-06"); a span becomes an ISO interval in
    # temporalCoverage, since dateCreated holds one date. schema.org has no "circa".
    dates = {"dateCreated": date.start.edtf()}
    if date.end is not None:
        dates["temporalCoverage"] = f"{date.start.edtf()}/{date.end.edtf()}"
    return dates


def document_jsonld(document: Document) -> dict:
    """A document as a schema.org ArchiveComponent."""
    data: dict = {
        "@context": SCHEMA_CONTEXT,
        "@type": "ArchiveComponent",
        "@id": document.permalink,
        "url": document.permalink,
        "identifier": str(document.record_id),
        "name": document.title,
        "holdingArchive": archive_organization(),
    }
    if document.document_type:
        data["genre"] = document.get_document_type_display()
    if document.date:
        data.update(_document_dates(document.date))
    if authors := _authors(document):
        data["author"] = [_person_reference(person) for person in authors]
    if source := document.archival_source:
        data["itemLocation"] = source
    if document.summary:
        data["description"] = document.summary
    if languages := _languages(document):
        data["inLanguage"] = languages
    for role in ("editor", "translator"):
        if names := [_name_jsonld(parts) for kind, parts in creators(document) if kind == role]:
            data[role] = names
    if topics := [{"@type": "Thing", "name": topic.label} for topic in document.topics.all()]:
        data["about"] = topics
    if funders := [{"@type": "Organization", "name": f.name} for f in document.funders.all()]:
        data["funder"] = funders
    if document.rights:
        data["copyrightNotice"] = document.rights
    return data


def _entity_jsonld(kind: str, record, name: str) -> dict:
    """The schema.org head every entity page shares: type, address, name, other names."""
    url = _absolute(record.get_absolute_url())
    data: dict = {"@context": SCHEMA_CONTEXT, "@type": kind, "@id": url, "url": url, "name": name}
    if record.other_names:
        data["alternateName"] = list(record.other_names)
    return data


def person_jsonld(person: Person) -> dict:
    """A person's page as a schema.org Person."""
    data = _entity_jsonld("Person", person, person.display_name)
    if person.birth:
        data["birthDate"] = person.birth.start.edtf()
    if person.death:
        data["deathDate"] = person.death.start.edtf()
    if person.biography:
        data["description"] = person.biography
    return data


def place_jsonld(place: Place) -> dict:
    """A place's page as a schema.org Place, with its coordinates when known."""
    data = _entity_jsonld("Place", place, place.name)
    if place.latitude is not None and place.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(place.latitude),
            "longitude": float(place.longitude),
        }
    if place.description:
        data["description"] = place.description
    return data


def collection_jsonld(collection: Collection) -> dict:
    """A collection's page as a schema.org Collection held by the archive."""
    data: dict = {
        "@context": SCHEMA_CONTEXT,
        "@type": "Collection",
        "@id": _absolute(collection.get_absolute_url()),
        "url": _absolute(collection.get_absolute_url()),
        "name": collection.name,
        "publisher": archive_organization(),
    }
    if collection.description:
        data["description"] = collection.description
    return data


def breadcrumb_jsonld(crumbs: list[tuple[str, str]]) -> dict:
    """A BreadcrumbList from [(name, path or URL)], outermost first."""
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": url if "://" in url else _absolute(url),
            }
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }


# The characters that could end a <script> early or open a comment, as in json_script.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def jsonld_script(data: dict) -> SafeString:
    """``data`` in a <script type="application/ld+json">, safe against "</script>"."""
    text = json.dumps(data, ensure_ascii=False, indent=2).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', SafeString(text))
