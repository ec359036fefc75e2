"""OAI-PMH XML from records: pure functions, no queries (relations come prefetched).

``dublin_core`` is the mapping itself, as (element, value) pairs, so that it can be read
and tested apart from XML; the rest builds the protocol's elements with lxml.
"""

import datetime as dt
import re
from collections.abc import Iterable

from django.conf import settings
from lxml import etree

from readingroom.archive.models import Document

from .arguments import format_datestamp
from .errors import OAIError
from .repository import Record, oai_identifier, set_spec

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"

# metadataPrefix: (schema, namespace). Only oai_dc, which the protocol makes mandatory.
METADATA_FORMATS = {"oai_dc": (OAI_DC_SCHEMA, OAI_DC)}

# Characters XML 1.0 cannot carry at all; an imported text with a stray form feed must
# not break a whole page of a harvest.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    return NOT_XML.sub("", text).strip()


def _add(parent: etree._Element, tag: str, text: str | None = None, **attrs) -> etree._Element:
    element = etree.SubElement(parent, tag, {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        element.text = clean(text)
    return element


def envelope(response_date: dt.datetime, base_url: str, arguments: dict[str, str] | None):
    """<OAI-PMH> with its responseDate and request; ``arguments`` None leaves them out."""
    root = etree.Element(f"{{{OAI}}}OAI-PMH", nsmap={None: OAI, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI} {OAI_SCHEMA}")
    _add(root, f"{{{OAI}}}responseDate", format_datestamp(response_date))
    _add(root, f"{{{OAI}}}request", base_url, **(arguments or {}))
    return root


def error(problem: OAIError) -> etree._Element:
    element = etree.Element(f"{{{OAI}}}error", code=problem.code)
    element.text = problem.message
    return element


def header(record: Record) -> etree._Element:
    element = etree.Element(f"{{{OAI}}}header")
    if record.deleted:
        element.set("status", "deleted")
    _add(element, f"{{{OAI}}}identifier", oai_identifier(record.record_id))
    _add(element, f"{{{OAI}}}datestamp", format_datestamp(record.datestamp))
    if document := record.document:
        for collection in document.collections.all():
            _add(element, f"{{{OAI}}}setSpec", set_spec("collection", collection.slug))
        for topic in document.topics.all():
            _add(element, f"{{{OAI}}}setSpec", set_spec("topic", topic.slug))
    return element


def dublin_core(document: Document) -> list[tuple[str, str]]:
    """The document as unqualified Dublin Core: (element, value) pairs, in schema order."""
    authors = [link.person.sort_name for link in document.author_links]
    contributors = [
        f"{name} ({role})" for role, names in document.contributions_by_role for name in names
    ]
    places = dict.fromkeys(link.place.name for link in document.place_links.all())
    languages = dict.fromkeys(
        [language.code for language in document.original_languages.all()]
        + [rendition.language_id for rendition in document.renditions.all()]
    )
    pairs = [("title", document.title)]
    pairs += [("creator", name) for name in authors]
    pairs += [("subject", topic.label) for topic in document.topics.all()]
    pairs += [("description", document.summary)]
    pairs += [("publisher", settings.ARCHIVE_NAME)]
    pairs += [("contributor", text) for text in contributors]
    pairs += [("date", document.date.edtf() if document.date else "")]
    pairs += [("type", "Text"), ("type", document.get_document_type_display())]
    pairs += [("identifier", document.permalink), ("identifier", oai_identifier(document.pk))]
    pairs += [("source", document.archival_source), ("source", document.printed_source)]
    pairs += [("language", code) for code in languages]
    pairs += [("relation", related.permalink) for related in document.published_related]
    pairs += [("coverage", name) for name in places]
    pairs += [("rights", document.rights)]
    return [(name, clean(value)) for name, value in pairs if value and clean(value)]


def oai_dc(document: Document) -> etree._Element:
    root = etree.Element(f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} {OAI_DC_SCHEMA}")
    for name, value in dublin_core(document):
        _add(root, f"{{{DC}}}{name}", value)
    return root


def record(item: Record) -> etree._Element:
    """A <record>: its header, and its metadata unless it is deleted."""
    element = etree.Element(f"{{{OAI}}}record")
    element.append(header(item))
    if not item.deleted:
        _add(element, f"{{{OAI}}}metadata").append(oai_dc(item.document))
    return element


def resumption_token(token: str, cursor: int, total: int) -> etree._Element:
    """The token for the next page; an empty one (no more pages) carries token ``""``."""
    element = etree.Element(
        f"{{{OAI}}}resumptionToken", completeListSize=str(total), cursor=str(cursor)
    )
    element.text = token
    return element


def identify(base_url: str, earliest: dt.datetime) -> etree._Element:
    element = etree.Element(f"{{{OAI}}}Identify")
    _add(element, f"{{{OAI}}}repositoryName", settings.OAI_REPOSITORY_NAME)
    _add(element, f"{{{OAI}}}baseURL", base_url)
    _add(element, f"{{{OAI}}}protocolVersion", "2.0")
    _add(element, f"{{{OAI}}}adminEmail", settings.OAI_ADMIN_EMAIL)
    _add(element, f"{{{OAI}}}earliestDatestamp", format_datestamp(earliest))
    # Deletions are remembered for as long as the outbox is kept: forever (docs/oai-pmh.md).
    _add(element, f"{{{OAI}}}deletedRecord", "persistent")
    _add(element, f"{{{OAI}}}granularity", "YYYY-MM-DDThh:mm:ssZ")
    return element


def metadata_formats() -> etree._Element:
    element = etree.Element(f"{{{OAI}}}ListMetadataFormats")
    for prefix, (schema, namespace) in METADATA_FORMATS.items():
        entry = _add(element, f"{{{OAI}}}metadataFormat")
        _add(entry, f"{{{OAI}}}metadataPrefix", prefix)
        _add(entry, f"{{{OAI}}}schema", schema)
        _add(entry, f"{{{OAI}}}metadataNamespace", namespace)
    return element


def sets(entries: Iterable[tuple[str, str, str]]) -> etree._Element:
    """<ListSets>; a set's description goes in as Dublin Core, as the protocol suggests."""
    element = etree.Element(f"{{{OAI}}}ListSets")
    for spec, name, description in entries:
        entry = _add(element, f"{{{OAI}}}set")
        _add(entry, f"{{{OAI}}}setSpec", spec)
        _add(entry, f"{{{OAI}}}setName", name)
        if description and clean(description):
            dc = etree.Element(f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
            dc.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} {OAI_DC_SCHEMA}")
            _add(dc, f"{{{DC}}}description", description)
            _add(entry, f"{{{OAI}}}setDescription").append(dc)
    return element


def to_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
