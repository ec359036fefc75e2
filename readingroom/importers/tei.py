"""FRUS volumes in TEI P5 (``.xml``), as the US Office of the Historian publishes them.

One volume gives, in the JSON Lines shape of docs/import-formats.md:

- a ``person`` record for each entry of the volume's list of persons (``div[@xml:id=
  "persons"]``): the name as printed is the sort name, the identification after it the
  biography; an entry "Zhou Enlai, see Chou En-lai" becomes another name of its target;
- a ``topic`` for each chapter heading (``div[@type="chapter" or "compilation"]``) and a
  ``collection`` for the volume;
- a ``document`` for each ``div[@type="document"]``: its heading (without footnotes) as
  title, the dateline's date (or the ``frus:doc-dateTime-min/max`` attributes) with its
  precision, the source note as the source citation, and the text as an English
  transcript, footnote markers written ``[n]`` and the footnotes kept.

FRUS documents have no record IDs. Each document's printed source names the volume and
the document with its permanent URL (``…/historicaldocuments/frus1955-57v03/d12``);
re-importing a volume finds the documents imported before by that printed source and
updates them instead of adding others.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from .base import Record, RecordError

TEI_NS = "http://www.tei-c.org/ns/1.0"
FRUS_NS = "http://history.state.gov/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
NS = {"t": TEI_NS, "frus": FRUS_NS}
RIGHTS = (
    "Foreign Relations of the United States, U.S. Department of State, Office of the"
    " Historian; public domain"
)
DOCUMENT_URL = "https://history.state.gov/historicaldocuments/{volume}/{document}"
# Topic and collection names are at most 300 characters (the models' max_length).
NAME_LENGTH = 300
# A document's type, from the first words of its heading.
DOCUMENT_TYPES = [
    ("editorial note", "editorial-note"),
    ("telegram", "telegram"),
    ("memorandum of a conversation", "conversation"),
    ("memorandum of conversation", "conversation"),
    ("memorandum of discussion", "minutes"),
    ("minutes", "minutes"),
    ("memorandum", "memorandum"),
    ("letter", "letter"),
    ("report", "report"),
    ("national intelligence estimate", "report"),
    ("special national intelligence estimate", "report"),
    ("diary", "diary"),
    ("note", "note"),
]
# Elements whose text is not part of the running text.
SKIPPED = {"note", "pb", "figure"}
_NUMBER = re.compile(r"^\d+[A-Za-z]?\.\s+")
_SOURCE_PREFIX = re.compile(r"^Source:\s*", re.IGNORECASE)
# A line break (``lb``, a list's lines) and a nested list's indent, until a block is done.
BREAK = "\x00"
INDENT = "\x01"
_indent = re.compile(r"^\s*\n\s*")
_dedent = re.compile(r"\s*\n\s*$")
_SEE = re.compile(r"^see\s+(.+?)\.?$", re.IGNORECASE)


def claims(path: Path, head: str) -> bool:
    """A file named .xml (so that any XML file gets a TEI error), or one with a TEI root."""
    return path.name.lower().endswith((".xml", ".tei")) or f'xmlns="{TEI_NS}"' in head


def read(path: Path) -> tuple[list[Record], list[RecordError]]:
    """The volume's people, topics, collection and documents, or why it cannot be read."""
    try:
        # huge_tree: a FRUS volume's text nodes can exceed libxml2's default limits.
        tree = etree.parse(str(path), etree.XMLParser(huge_tree=True, resolve_entities=False))
    except etree.XMLSyntaxError as error:
        line = error.lineno or None
        return [], [RecordError(str(path), line, "", f"malformed XML: {error.msg}")]
    except OSError as error:
        return [], [RecordError(str(path), None, "", f"cannot be read: {error}")]
    root = tree.getroot()
    if root.tag != f"{{{TEI_NS}}}TEI":
        message = f"not TEI P5: the root element is <{etree.QName(root).localname}>, not <TEI>"
        return [], [RecordError(str(path), root.sourceline, "", message)]
    volume = Volume.read(root, path)
    if not volume.documents:
        message = 'a TEI file without any div[@type="document"] (not a FRUS volume?)'
        return [], [RecordError(str(path), root.sourceline, "", message)]
    records = volume.records(str(path), path.parent)
    return records, []


# The volume ---------------------------------------------------------------------------


@dataclass
class Volume:
    """What one FRUS volume holds, read once; ``records`` turns it into import records."""

    id: str
    title: str
    people: dict[str, dict[str, Any]] = field(default_factory=dict)  # by xml:id
    aliases: dict[str, str] = field(default_factory=dict)  # xml:id → xml:id it refers to
    documents: list[etree._Element] = field(default_factory=list)

    @classmethod
    def read(cls, root: etree._Element, path: Path) -> Volume:
        idno = first(root, "t:teiHeader/t:fileDesc/t:publicationStmt/t:idno[@type='frus']")
        title = first(root, "t:teiHeader/t:fileDesc/t:titleStmt/t:title[@type='complete']")
        title = title or first(root, "t:teiHeader/t:fileDesc/t:titleStmt/t:title")
        volume = cls(
            id=(idno or "").strip() or path.name.split(".")[0],
            title=clean(title or path.stem),
        )
        volume.read_people(root)
        volume.documents = root.xpath("//t:div[@type='document']", namespaces=NS)
        return volume

    def read_people(self, root: etree._Element) -> None:
        """The list of persons: "Allen, George V., Director of the …" → name, identification."""
        names = root.xpath(
            "//t:div[@xml:id='persons']//t:item/descendant::t:persName[@xml:id][1]",
            namespaces=NS,
        )
        by_name = {}
        for name in names:
            item = next(name.iterancestors(f"{{{TEI_NS}}}item"))
            sort_name = clean(text_of(name))
            identification = clean(text_of(item)).removeprefix(sort_name).lstrip(" ,;:")
            if not sort_name:
                continue
            self.people[name.get(XML_ID)] = {
                "type": "person",
                "sort_name": sort_name[:NAME_LENGTH],
                "biography": identification,
                "_line": name.sourceline,
            }
            by_name[sort_name.casefold()] = name.get(XML_ID)
        # "Zhou Enlai, see Chou En-lai": another name of the person it points to.
        for person_id, person in list(self.people.items()):
            match = _SEE.match(person["biography"])
            target = find_name(by_name, match[1]) if match else None
            if target and target != person_id:
                self.people[target].setdefault("other_names", []).append(person["sort_name"])
                self.aliases[person_id] = target
                del self.people[person_id]

    def person_name(self, reference: str) -> str | None:
        person_id = reference.strip().removeprefix("#")
        person = self.people.get(self.aliases.get(person_id, person_id))
        return person["sort_name"] if person else None

    def records(self, file: str, base_dir: Path) -> list[Record]:
        """People and topics first, the collection, then the documents in volume order."""
        records = []
        for person in self.people.values():
            data = {key: value for key, value in person.items() if not key.startswith("_")}
            records.append(Record(data, file, person["_line"], base_dir))
        topics: dict[str, Record] = {}
        for div in self.documents:
            for heading in chapter_headings(div):
                if (name := topic_name(heading[0])) not in topics:
                    data = {"type": "topic", "name": name, "description": heading[0]}
                    topics[name] = Record(data, file, heading[1], base_dir)
        records += topics.values()
        collection = {"type": "collection", "name": self.title[:NAME_LENGTH]}
        collection["description"] = f"{self.title} ({self.id}). {RIGHTS}."
        records.append(Record(collection, file, self.documents[0].sourceline, base_dir))
        for div in self.documents:
            records.append(Record(self.document(div), file, div.sourceline, base_dir))
        return records

    def document(self, div: etree._Element) -> dict[str, Any]:
        """One div[@type="document"] as a document record."""
        head = div.find("t:head", NS)
        title = _NUMBER.sub("", clean(text_of(head))) if head is not None else ""
        doc_id = div.get(XML_ID) or f"d{div.get('n', '')}"
        text = Text()
        text.read_blocks(div)
        data: dict[str, Any] = {
            "type": "document",
            "title": title or f"Document {div.get('n', doc_id)}",
            "date": document_date(div),
            "document_type": document_type(title),
            "printed_source": self.printed_source(div, doc_id),
            "external_id": f"{self.id}/{doc_id}",
            "original_languages": ["en"],
            "rights": RIGHTS,
            "topics": [topic_name(heading) for heading, _ in chapter_headings(div)],
            "collections": [self.title[:NAME_LENGTH]],
            "people": self.document_people(div),
            "places": dateline_places(div),
            "renditions": [text.rendition()],
        }
        if (source := source_note(div)) is not None:
            data["source"] = {"citation": _SOURCE_PREFIX.sub("", clean(text_of(source)))}
        return data

    def printed_source(self, div: etree._Element, doc_id: str) -> str:
        """ "Foreign Relations …, Volume III, Document 12, https://history.state.gov/…/d12"."""
        url = DOCUMENT_URL.format(volume=self.id, document=doc_id)
        return f"{self.title}, Document {div.get('n', doc_id.lstrip('d'))}, {url}"

    def document_people(self, div: etree._Element) -> list[dict[str, str]]:
        """People of the list of persons the document refers to; sender and recipient
        by the heading's persName[@type="from" / "to"]."""
        roles = {"from": "author", "to": "recipient"}
        people: dict[tuple[str, str], dict[str, str]] = {}
        named: set[str] = set()
        in_head = set(div.xpath("t:head//t:persName", namespaces=NS))
        for name in div.xpath(".//t:persName[@corresp]", namespaces=NS):
            role = roles.get(name.get("type", ""), "mentioned") if name in in_head else "mentioned"
            for reference in name.get("corresp").split():
                if sort_name := self.person_name(reference):
                    people.setdefault((sort_name, role), {"name": sort_name, "role": role})
                    if role != "mentioned":
                        named.add(sort_name)
        # An author or a recipient is not also listed as mentioned.
        return [
            link
            for (name, role), link in people.items()
            if role != "mentioned" or name not in named
        ]


# Documents' parts -----------------------------------------------------------------------


def find_name(by_name: dict[str, str], name: str) -> str | None:
    """ "Chou En-lai" finds "Chou En-lai" or, failing that, "Chou En-lai (Zhou Enlai)"."""
    name = clean(name).casefold()
    if name in by_name:
        return by_name[name]
    return next((v for k, v in by_name.items() if k.startswith((name + " (", name + ","))), None)


def chapter_headings(div: etree._Element) -> list[tuple[str, int]]:
    """The headings of the chapters around a document, outermost first, with their lines."""
    headings = []
    for ancestor in div.iterancestors(f"{{{TEI_NS}}}div"):
        if ancestor.get("type") in ("chapter", "compilation"):
            head = ancestor.find("t:head", NS)
            if head is not None and (heading := clean(text_of(head))):
                headings.append((heading, head.sourceline))
    return headings[::-1]


def topic_name(heading: str) -> str:
    """The heading, or, beyond 300 characters, its words that fit and "…"."""
    if len(heading) <= NAME_LENGTH:
        return heading
    return heading[: NAME_LENGTH - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def document_type(title: str) -> str:
    lowered = title.casefold()
    return next((kind for prefix, kind in DOCUMENT_TYPES if lowered.startswith(prefix)), "")


def source_note(div: etree._Element) -> etree._Element | None:
    """note[@type="source"] or note[@n="0"]; else a heading's note that starts "Source:"."""
    found = div.xpath(".//t:note[@type='source' or @n='0']", namespaces=NS)
    if found:
        return found[0]
    for note in div.xpath("t:head//t:note", namespaces=NS):
        if _SOURCE_PREFIX.match(clean(text_of(note))):
            return note
    return None


def document_date(div: etree._Element) -> str | None:
    """The date, keeping its precision: a day, a month, a year or a span; None if undated.

    The dateline's date/@when (a dateTime gives its day), @from/@to or
    @notBefore/@notAfter (a span), else the div's frus:doc-dateTime-min/max.
    """
    for date in div.xpath("t:dateline//t:date | t:opener/t:dateline//t:date", namespaces=NS):
        if when := date.get("when"):
            return day_of(when)
        start = date.get("from") or date.get("notBefore")
        end = date.get("to") or date.get("notAfter")
        if start or end:
            return span(start or end, end or start)
    low = div.get(f"{{{FRUS_NS}}}doc-dateTime-min")
    high = div.get(f"{{{FRUS_NS}}}doc-dateTime-max")
    if low or high:
        return span(low or high, high or low)
    return None


def day_of(value: str) -> str:
    """ "1955-08-01T19:00:00-05:00" → "1955-08-01"; "1957-06" stays a month."""
    return value.strip().split("T", 1)[0]


def span(start: str, end: str) -> str:
    start, end = day_of(start), day_of(end)
    return start if start == end else f"{start}/{end}"


def dateline_places(div: etree._Element) -> list[dict[str, str]]:
    """Where the document was written: the dateline's placeName."""
    places = div.xpath("t:dateline//t:placeName", namespaces=NS)
    names = dict.fromkeys(clean(text_of(place)).rstrip(",") for place in places)
    return [{"name": name, "role": "origin"} for name in names if name]


class Text:
    """A document's running text: paragraphs, with its footnotes as ``[n]`` markers.

    Paragraphs (and the dateline, headings of attachments, closers) are separated by a
    blank line; list items and table rows are lines of their own. The source note is
    the document's source citation, not a footnote. The file's own line breaks are
    indentation, not the document's: whitespace is collapsed, and only ``lb`` and lists
    start a new line (written BREAK, and INDENT for a nested list, until a block is done).
    """

    def __init__(self):
        self.paragraphs: list[str] = []
        self.footnotes: list[dict[str, str]] = []
        self.source: etree._Element | None = None
        self.pending: list[str] = []  # markers of the heading's notes, for the first paragraph

    def read_blocks(self, div: etree._Element) -> None:
        if self.source is None:
            self.source = source_note(div)
        for child in div:
            if not isinstance(child.tag, str):
                continue
            name = etree.QName(child).localname
            if name == "head" and div.get("type") == "document":
                # The title; its notes other than the source note are still footnotes.
                for note in child.iter(f"{{{TEI_NS}}}note"):
                    if note is not self.source:
                        self.pending.append(self.footnote(note))
            elif name == "div":
                self.read_blocks(child)
            elif name in ("list", "table"):
                self.add(BREAK.join(self.lines(child)))
            elif name not in SKIPPED:
                self.add(self.inline(child))

    def add(self, text: str) -> None:
        if paragraph := finish(text):
            if self.pending:
                paragraph, self.pending = paragraph + "".join(self.pending), []
            self.paragraphs.append(paragraph)

    def lines(self, element: etree._Element, depth: int = 0) -> Iterator[str]:
        """A list's items as "- item" lines (nested lists indented), a table's rows as
        "cell | cell" lines."""
        indent = INDENT * depth
        for child in element:
            if not isinstance(child.tag, str):
                continue
            kind = etree.QName(child).localname
            if kind == "item":
                if own := finish(self.inline(child, nested=False), joiner=" "):
                    yield f"{indent}- {own}"
                for nested in child.iterchildren(f"{{{TEI_NS}}}list", f"{{{TEI_NS}}}table"):
                    yield from self.lines(nested, depth + 1)
            elif kind == "row":
                cells = [finish(self.inline(cell), joiner=" ") for cell in child]
                while cells and not cells[-1]:
                    cells.pop()
                if cells:
                    yield indent + " | ".join(cells)
            elif kind == "head" and (heading := finish(self.inline(child), joiner=" ")):
                yield indent + heading

    def inline(self, element: etree._Element, nested: bool = True) -> str:
        """The element's text, footnote markers in place, line breaks written BREAK."""
        # Whitespace with a line break at either end of an element is the file's indent.
        parts = [_space(_indent.sub("", element.text or ""))]
        last = element[-1] if len(element) else None
        for child in element:
            if isinstance(child.tag, str):
                name = etree.QName(child).localname
                if name == "note":
                    if child is not self.source:
                        parts.append(self.footnote(child))
                elif name == "lb":
                    parts.append(BREAK)
                elif name in ("list", "table"):
                    if nested:
                        parts.append(BREAK + BREAK.join(self.lines(child)) + BREAK)
                elif name not in SKIPPED:
                    parts.append(self.inline(child))
            tail = child.tail or ""
            parts.append(_space(_dedent.sub("", tail) if child is last else tail))
        if last is None:
            parts[0] = _space(_dedent.sub("", element.text or ""))
        return "".join(parts)

    def footnote(self, note: etree._Element) -> str:
        """Keep the note; return its marker, "[3]". Labels repeat in no document."""
        label = (note.get("n") or "").strip() or str(len(self.footnotes) + 1)
        taken = {footnote["label"] for footnote in self.footnotes}
        while label in taken:
            label += "*"
        if note.find("t:p", NS) is not None:
            # A note of several paragraphs keeps them apart.
            paragraphs = [_space(note.text)]
            paragraphs += [self.inline(p) for p in note.iterchildren(f"{{{TEI_NS}}}p")]
            text = "\n\n".join(filter(None, map(finish, paragraphs)))
        else:
            text = finish(self.inline(note))
        self.footnotes.append({"label": label, "text": text or "(empty note)"})
        return f"[{label}]"

    def rendition(self) -> dict[str, Any]:
        if self.pending:  # a document of a heading alone: its notes still need markers
            self.paragraphs.append("".join(self.pending))
        rendition: dict[str, Any] = {
            "kind": "transcript",
            "language": "en",
            "text": "\n\n".join(self.paragraphs),
        }
        if self.footnotes:
            rendition["footnotes"] = self.footnotes
        return rendition


def finish(text: str, joiner: str = "\n") -> str:
    """A block's text as stored: each BREAK a line break (or ``joiner``), INDENT two spaces."""
    lines = (line.strip().replace(INDENT, "  ") for line in text.split(BREAK))
    return joiner.join(line for line in lines if line).strip()


# Text helpers ---------------------------------------------------------------------------


def text_of(element: etree._Element) -> str:
    """All text of an element but its notes (footnotes are not part of a heading)."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and etree.QName(child).localname not in SKIPPED:
            parts.append(text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _space(text: str | None) -> str:
    return re.sub(r"\s+", " ", text) if text else ""


def clean(text: str) -> str:
    return " ".join(text.split())


def first(root: etree._Element, path: str) -> str | None:
    found = root.find(path, NS)
    return text_of(found) if found is not None else None
