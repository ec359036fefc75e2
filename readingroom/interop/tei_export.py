"""A document as TEI P5: ``document_tei(document)`` → the bytes of a TEI file.

The header says what the archive knows about the document (title, archive and permalink,
archival and printed source, languages, the date with its precision, the people and
places it names); the body holds one ``div`` per text rendition, its paragraphs, and its
footnotes as ``<note place="foot" n="1">`` where the text references ``[1]``. Scans have
no text and are not in the body. A pure serializer: no request, no template.
"""

from __future__ import annotations

import re

from django.conf import settings
from lxml import etree

from readingroom.archive.dates import HistoricalDate
from readingroom.archive.models import Document, Rendition

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
T = f"{{{TEI_NS}}}"
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"
# "[1]", "[a]", "[*]": a reference to a footnote of the rendition (see Rendition).
_REFERENCE = re.compile(r"\[([^\[\]]{1,10})\]")
# Characters XML 1.0 cannot hold at all (text pasted from old word processors has them).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def document_tei(document: Document) -> bytes:
    """The document as a TEI P5 file, UTF-8, with an XML declaration."""
    tei = etree.Element(f"{T}TEI", nsmap={None: TEI_NS})
    tei.append(header(document))
    text = sub(tei, "text")
    body = sub(text, "body")
    renditions = [r for r in document.renditions.all() if r.kind != Rendition.Kind.SCAN]
    for rendition in renditions:
        body.append(rendition_div(rendition))
    if not renditions:
        sub(sub(body, "div"), "p")  # TEI wants something in a body
    return etree.tostring(tei, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# The header ---------------------------------------------------------------------------


def header(document: Document) -> etree._Element:
    tei_header = etree.Element(f"{T}teiHeader")
    file_desc = sub(tei_header, "fileDesc")
    sub(sub(file_desc, "titleStmt"), "title", document.title)
    publication = sub(file_desc, "publicationStmt")
    sub(publication, "publisher", settings.ARCHIVE_NAME)
    sub(publication, "idno", document.permalink, type="URI")
    if document.rights:
        sub(sub(publication, "availability"), "p", document.rights)
    file_desc.append(source_desc(document))
    profile = sub(tei_header, "profileDesc")
    creation = sub(profile, "creation")
    if document.date:
        creation.append(tei_date(document.date))
    lang_usage = sub(profile, "langUsage")
    languages = {language.code: language for language in document.original_languages.all()}
    for rendition in document.renditions.all():
        languages.setdefault(rendition.language_id, rendition.language)
    for code, language in languages.items():
        sub(lang_usage, "language", language.name, ident=code)
    if (particulars := particulars_desc(document)) is not None:
        profile.append(particulars)
    return tei_header


def source_desc(document: Document) -> etree._Element:
    """The archival source (repository, reference, citation) and the printed source."""
    desc = etree.Element(f"{T}sourceDesc")
    if document.archival_source or document.source_repository:
        bibl = sub(desc, "bibl", type="archival")
        if document.source_repository:
            sub(bibl, "orgName", document.source_repository.name, role="repository")
        if document.source_reference:
            sub(bibl, "idno", document.source_reference)
        if document.source_citation:
            sub(bibl, "note", document.source_citation, type="source")
    if document.printed_source:
        sub(desc, "bibl", document.printed_source, type="printed")
    if not len(desc):
        sub(desc, "p", f"Published by the {settings.ARCHIVE_NAME}.")
    return desc


def tei_date(date: HistoricalDate) -> etree._Element:
    """<date when="1957-06"> / from-to for a span / notBefore-notAfter when approximate."""
    element = etree.Element(f"{T}date")
    element.text = date.display()
    if date.approximate:
        element.set("notBefore", date.first_day.isoformat())
        element.set("notAfter", date.last_day.isoformat())
        element.set("precision", "low")
    elif date.end is not None:
        element.set("from", date.start.edtf())
        element.set("to", date.end.edtf())
    else:
        element.set("when", date.start.edtf())
    return element


def particulars_desc(document: Document) -> etree._Element | None:
    """The people and places the document names, with the role of each."""
    person_links = list(document.person_links.select_related("person"))
    place_links = list(document.place_links.select_related("place"))
    if not (person_links or place_links):
        return None
    particulars = etree.Element(f"{T}particDesc")
    if person_links:
        people = sub(particulars, "listPerson")
        for person, roles in _by_entity(person_links, "person").items():
            entry = sub(people, "person", role=" ".join(roles), **{XML_ID: f"person-{person.pk}"})
            sub(entry, "persName", person.display_name or person.sort_name)
            if person.sort_name != person.display_name:
                sub(entry, "persName", person.sort_name, type="sort")
    if place_links:
        places = sub(particulars, "listPlace")
        for place, roles in _by_entity(place_links, "place").items():
            entry = sub(places, "place", type=" ".join(roles), **{XML_ID: f"place-{place.pk}"})
            sub(entry, "placeName", place.name)
    return particulars


def _by_entity(links, name: str) -> dict:
    roles: dict = {}
    for link in links:
        roles.setdefault(getattr(link, name), []).append(link.role)
    return roles


# The body -----------------------------------------------------------------------------


def rendition_div(rendition: Rendition) -> etree._Element:
    """One rendition: paragraphs, line breaks as <lb/>, footnotes at their references."""
    div = etree.Element(
        f"{T}div", type=rendition.kind, **{XML_LANG: rendition.language_id, "n": rendition.label}
    )
    footnotes = {note.label: note.text for note in rendition.footnotes.all()}
    for paragraph in re.split(r"\n\s*\n", rendition.text.strip()):
        if paragraph.strip():
            p = sub(div, "p")
            for number, line in enumerate(paragraph.split("\n")):
                if number:
                    sub(p, "lb")
                _append_text(p, line, footnotes)
    if not len(div):
        sub(div, "p")
    return div


def _append_text(parent: etree._Element, text: str, footnotes: dict[str, str]) -> None:
    """Text with "[1]" replaced by <note place="foot" n="1">; other brackets stay."""
    position = 0
    for match in _REFERENCE.finditer(text):
        if match[1] not in footnotes:
            continue
        _add_text(parent, text[position : match.start()])
        note = sub(parent, "note", place="foot", n=match[1])
        for number, paragraph in enumerate(footnotes[match[1]].split("\n\n")):
            if number:
                sub(note, "lb")
            _add_text(note, paragraph)
        position = match.end()
    _add_text(parent, text[position:])


def _add_text(parent: etree._Element, text: str) -> None:
    """Append text after the parent's last child (or as its text)."""
    if not text:
        return
    text = _NOT_XML.sub("", text)
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def sub(parent: etree._Element, tag: str, text: str | None = None, **attributes) -> etree._Element:
    element = etree.SubElement(parent, f"{T}{tag}", {k: str(v) for k, v in attributes.items()})
    if text is not None:
        element.text = _NOT_XML.sub("", text)
    return element
