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
  transcript, footnote markers written ``[n]`` and the footnotes kept; its
  cross-references (``<ref target="#d42">``, ``target="frus1961-63v05#d17"``) become
  ``mentions`` relations, noted with the reference's text ("Document 42").

FRUS documents have no record IDs. Each document's printed source names the volume and
the document with its permanent URL (``…/historicaldocuments/frus1955-57v03/d12``);
re-importing a volume finds the documents imported before by that printed source and
updates them instead of adding others.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from lxml import etree

from .base import Record, RecordError
from .limits import CHUNK, Budget, TooLarge

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
SKIPPED = {"note", "pb"}
# "12. ", "12A. ", "No. 462 " (the 1950s volumes): the document's number before its title.
_NUMBER = re.compile(r"^(?:No\.\s*\d+[A-Za-z]?\.?|\d+[A-Za-z]?\.)\s+")
_SOURCE_PREFIX = re.compile(r"^Source:\s*", re.IGNORECASE)
# A line break (``lb``, a list's lines) and a nested list's indent, until a block is done.
BREAK = "\x00"
INDENT = "\x01"
# A note's paragraph break, until the note is done.
PARAGRAPH = "\x02"
# Where a printed page begins (``<pb n="123"/>``), kept in the text: "[p. 123]".
PAGE = "[p. {}]"
_spaces = re.compile(r" {2,}")
_indent = re.compile(r"^\s*\n\s*")
_dedent = re.compile(r"\s*\n\s*$")
_nothing = re.compile(r"(?!)")
# A word of a name printed after it, in a list of persons: "Ngo Dinh Nhu, Madame, …".
_NAME_WORD = re.compile(r"^([A-Z][a-z]+\.?),\s*")
_SEE = re.compile(r"^see\s+(.+?)\.?$", re.IGNORECASE)
# A cross-reference to a document (or one of its footnotes) of this or another volume:
# "#d42", "#d42fn3", "frus1961-63v05#d17". Page references ("#pg_12") are not documents.
_DOCUMENT_REF = re.compile(r"^(?P<volume>frus[\w-]+)?#(?P<document>d\d+[a-z]?)(?:fn\w+)?$")


SUFFIXES = (".xml", ".tei", ".xml.gz", ".tei.gz")


def claims(path: Path, head: str) -> bool:
    """A file named .xml or .xml.gz (so that any XML file gets a TEI error), or one with
    a TEI root."""
    return path.name.lower().endswith(SUFFIXES) or f'xmlns="{TEI_NS}"' in head


def read(path: Path, budget: Budget) -> tuple[list[Record], list[RecordError]]:
    """The volume's people, topics, collection and documents, or why it cannot be read.

    A ``.gz`` volume is unpacked as a stream. Each volume on its own may unpack to at
    most IMPORT_MAX_BYTES (its tree is dropped once it is read into records, which
    IMPORT_MAX_RECORDS bounds for the whole import), so a series of volumes larger
    together than the bound is imported in one command, and a gzip bomb is refused as
    soon as it unpacks past it.
    """
    try:
        # huge_tree: a FRUS volume's text nodes can exceed libxml2's default limits, so
        # the file's size (IMPORT_MAX_BYTES) is what bounds the tree instead.
        tree = etree.parse(BytesIO(unpack(path, budget.for_one_file())), parser())
    except TooLarge as error:
        return [], [RecordError(str(path), None, "", str(error))]
    except etree.XMLSyntaxError as error:
        line = error.lineno or None
        return [], [RecordError(str(path), line, "", f"malformed XML: {error.msg}")]
    except (OSError, EOFError, zlib.error) as error:
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
    if recovered := duplicate_ids(root):
        next(r for r in records if r.kind == "collection").notes.append(recovered)
    try:
        budget.take_records(len(records))
    except TooLarge as error:
        return [], [RecordError(str(path), None, "", str(error))]
    return records, []


def unpack(path: Path, budget: Budget) -> bytes:
    """The file's bytes, a .gz unpacked; TooLarge as soon as they pass the budget."""
    if not path.name.lower().endswith(".gz"):
        budget.spend_file(path)
        return path.read_bytes()
    chunks = []
    with gzip.open(path, "rb") as stream:
        while chunk := stream.read(CHUNK):
            budget.spend(len(chunk))
            chunks.append(chunk)
    return b"".join(chunks)


def parser() -> etree.XMLParser:
    """Nothing outside the file is read: no entities expanded (no "billion laughs"), no
    DTD loaded, nothing fetched from the network."""
    # collect_ids=False: a volume that gives one xml:id twice (three FRUS volumes do) is
    # read whole; ``duplicate_ids`` says which, for the report.
    return etree.XMLParser(
        huge_tree=True,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        collect_ids=False,
    )


def duplicate_ids(root: etree._Element) -> str:
    """ "2 duplicate xml:ids: d173fn4 (lines 20610, 20620), …", or ""."""
    lines: dict[str, list[int]] = {}
    for element in root.iter():
        if (value := element.get(XML_ID)) is not None:
            lines.setdefault(value, []).append(element.sourceline)
    twice = {value: found for value, found in lines.items() if len(found) > 1}
    if not twice:
        return ""
    listed = ", ".join(
        f"{value} (lines {', '.join(map(str, found))})" for value, found in list(twice.items())[:5]
    )
    more = f", and {len(twice) - 5} more" if len(twice) > 5 else ""
    noun = "xml:id" if len(twice) == 1 else "xml:ids"
    return f"{len(twice)} duplicate {noun}: {listed}{more}, read as they are"


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
        self.same_names()

    def same_names(self) -> None:
        """A name the list gives twice: "Ngo Dinh Nhu, Madame" or "Pham Van Dong, General"
        (a word of the name printed after it) is another person, named with that word;
        otherwise it is one person listed twice (in two offices), one record with both
        identifications."""
        first: dict[str, str] = {}
        for person_id, person in list(self.people.items()):
            key = person["sort_name"].casefold()
            if key not in first:
                first[key] = person_id
                continue
            earlier = self.people[first[key]]
            if _NAME_WORD.match(person["biography"]) or _NAME_WORD.match(earlier["biography"]):
                for one in (earlier, person):
                    if match := _NAME_WORD.match(one["biography"]):
                        one["sort_name"] = f"{one['sort_name']}, {match[1]}"[:NAME_LENGTH]
                        one["biography"] = one["biography"][match.end() :]
                continue
            both = [earlier["biography"], person["biography"]]
            earlier["biography"] = "; ".join(filter(None, both))
            self.aliases[person_id] = first[key]
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
            data, lines = self.document(div)
            record = Record(data, file, div.sourceline, base_dir, field_lines=lines)
            here, record.relations_if_found = self.mentions(div, data["external_id"])
            if here:  # none given: an editor's relations of the document are kept
                data["relations"] = here
            records.append(record)
        return records

    def mentions(
        self, div: etree._Element, own: str
    ) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
        """The documents the document refers to, as ``mentions`` relations noted with the
        reference's text: those of this volume, and those of other volumes (kept by the
        import only where the other volume is imported with it or already stored)."""
        documents = {d.get(XML_ID) for d in self.documents}
        here: dict[str, dict[str, str]] = {}
        elsewhere: dict[str, dict[str, str]] = {}
        for ref in div.iter(f"{{{TEI_NS}}}ref"):
            match = _DOCUMENT_REF.match((ref.get("target") or "").strip())
            if not match:
                continue
            volume, document = match["volume"] or self.id, match["document"]
            other = f"{volume}/{document}"
            if other == own or (volume == self.id and document not in documents):
                continue
            found = here if volume == self.id else elsewhere
            relation = {"type": "mentions", "document": other}
            if note := clean(text_of(ref)):
                relation["note"] = note
            found.setdefault(other, relation)
        return list(here.values()), list(elsewhere.values())

    def document(self, div: etree._Element) -> tuple[dict[str, Any], dict[str, int]]:
        """One div[@type="document"] as a document record, and the line of each of its
        notes (where an error about one points)."""
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
            if marking := classification_marking(data["source"]["citation"]):
                data["classification"] = marking
        lines = {f"renditions[0].footnotes[{n}]": line for n, line in enumerate(text.note_lines)}
        return data, lines

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


# The classification marking that ends a FRUS source note's first sentence(s): "…, POL 15
# S VIET. Top Secret; Immediate; Eyes Only. Received at …". A level, then handling words
# ("Noforn", "Eyes Only for Rusk", "U.S. Eyes Only"), each capitalized, up to the end of
# a sentence.
MARKING_LENGTH = 200  # Document.classification
_LEVELS = ["Top Secret", "Secret", "Confidential", "Limited Official Use", "Official Use Only"]
_LEVELS += ["Restricted", "Unclassified"]
_MARKING = re.compile(
    r"(?<![\w-])(?:{})(?:\s*[;,—]\s*[A-Z](?:[\w/ –-]|\.(?=\w)|(?<=\b[A-Z])\.){{0,60}})*"
    r"(?=\.(?:\s|$)|$)".format(
        "|".join(word for level in _LEVELS for word in (level, level.upper(), level.capitalize()))
    )
)


def classification_marking(citation: str) -> str:
    """The marking in a source note ("Secret; Noforn"), or "" where it gives none (older
    volumes, and "No classification marking")."""
    found = _MARKING.search(citation)
    # Longer than a document's classification field holds: prose, not a marking.
    return found.group() if found and len(found.group()) <= MARKING_LENGTH else ""


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
        self.note_lines: list[int] = []  # each footnote's line in the file
        self.source: etree._Element | None = None
        self.pending: list[str] = []  # markers of the heading's notes, for the first paragraph
        self.page = ""  # a page break between paragraphs, for the start of the next

    def read_blocks(self, div: etree._Element) -> None:
        if self.source is None:
            self.source = source_note(div)
            if self.source is not None:
                # The source note is the citation; a note inside it is still a footnote.
                for note in outermost_notes(self.source):
                    self.pending.append(self.footnote(note))
        for child in div:
            if not isinstance(child.tag, str):
                continue
            name = etree.QName(child).localname
            if name == "head" and div.get("type") == "document":
                # The title; its notes other than the source note are still footnotes.
                for note in outermost_notes(child):
                    if note is not self.source:
                        self.pending.append(self.footnote(note))
            elif name == "div":
                self.read_blocks(child)
            elif name == "note" and child is not self.source:
                # A note between paragraphs (an editor's note at the end): after the last.
                marker = self.footnote(child)
                if self.paragraphs and not self.pending:
                    self.paragraphs[-1] += marker
                else:
                    self.pending.append(marker)
            elif name in ("list", "table"):
                self.add(BREAK.join(self.lines(child)))
            elif name == "figure":
                self.add(self.inline(child, paragraphs=True).replace(PARAGRAPH, BREAK))
            elif name == "pb":
                self.page = page_marker(child)
            elif name not in SKIPPED:
                self.add(self.inline(child))

    def add(self, text: str) -> None:
        if paragraph := finish(text):
            if self.pending:
                paragraph, self.pending = paragraph + "".join(self.pending), []
            if self.page:
                paragraph, self.page = f"{self.page} {paragraph}", ""
            self.paragraphs.append(paragraph)

    def lines(self, element: etree._Element, depth: int = 0) -> Iterator[str]:
        """A list's items as "- item" lines (nested lists indented; a ``label`` before
        its item: "- 1. item"), a table's rows as "cell | cell" lines; anything else in
        them (a ``head``, a misspelt ``itemitem``) a line of its own."""
        indent = INDENT * depth
        label = ""
        for child in element:
            if not isinstance(child.tag, str):
                continue
            kind = etree.QName(child).localname
            if kind == "label":
                label = " ".join(filter(None, [label, finish(self.inline(child), joiner=" ")]))
            elif kind == "item":
                own = finish(self.inline(child, nested=False), joiner=" ")
                if own := " ".join(filter(None, [label, own])):
                    yield f"{indent}- {own}"
                label = ""
                for nested in child.iterchildren(f"{{{TEI_NS}}}list", f"{{{TEI_NS}}}table"):
                    yield from self.lines(nested, depth + 1)
            elif kind == "row":
                cells = [finish(self.inline(cell), joiner=" ") for cell in child]
                while cells and not cells[-1]:
                    cells.pop()
                if cells:
                    yield indent + " | ".join(cells)
            elif kind in ("list", "table"):
                yield from self.lines(child, depth + 1)
            elif kind not in SKIPPED and (other := finish(self.inline(child), joiner=" ")):
                yield indent + other
        if label:
            yield f"{indent}- {label}"

    def inline(
        self,
        element: etree._Element,
        nested: bool = True,
        paragraphs: bool = False,
        block: bool = True,
    ) -> str:
        """The element's text, footnote markers in place, line breaks written BREAK;
        with ``paragraphs`` (a note), each ``p`` child is set apart by PARAGRAPH."""
        # Whitespace with a line break at either end of a block is the file's indent; at
        # the start of a phrase ("See<ref>⏎ <hi>Foreign Relations") it is a space between
        # words, at its end ("<placeName>Geneva⏎ </placeName>,") still the file's.
        indent = _indent if block else _nothing
        parts = [_space(indent.sub("", element.text or ""))]
        last = element[-1] if len(element) else None
        for child in element:
            if isinstance(child.tag, str):
                name = etree.QName(child).localname
                if name == "note":
                    if child is not self.source:
                        parts.append(self.footnote(child))
                elif name == "lb":
                    parts.append(BREAK)
                elif name == "pb":
                    # "Bao Dai<pb n="352"/>from": the words apart, the page between
                    parts.append(f" {page_marker(child)} " if page_marker(child) else " ")
                elif name == "p" and paragraphs:
                    parts.append(PARAGRAPH + self.inline(child) + PARAGRAPH)
                elif name in ("list", "table"):
                    if nested:
                        parts.append(BREAK + BREAK.join(self.lines(child)) + BREAK)
                elif name not in SKIPPED:
                    parts.append(self.inline(child, block=False))
            tail = child.tail or ""
            parts.append(_space(_dedent.sub("", tail) if child is last else tail))
        if last is None:
            parts[0] = _space(_dedent.sub("", element.text or ""))
        return "".join(parts)

    def footnote(self, note: etree._Element) -> str:
        """Keep the note; return its marker, "[3]". Labels repeat in no document."""
        label = (note.get("n") or "").strip() or str(len(self.footnotes) + 1)
        taken = {footnote["label"] for footnote in self.footnotes}
        if label in taken:  # "*" of each row of a table: "*", "*.2", "*.3"
            label = next(f"{label}.{n}" for n in range(2, 1000) if f"{label}.{n}" not in taken)
        # In the volume's order: a note nested in this one comes after it.
        footnote = {"label": label}
        self.footnotes.append(footnote)
        self.note_lines.append(note.sourceline)
        # A note of several paragraphs keeps them apart, and what stands between them.
        paragraphs = self.inline(note, paragraphs=True).split(PARAGRAPH)
        text = "\n\n".join(filter(None, map(finish, paragraphs)))
        footnote["text"] = text or "(empty note)"
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


def outermost_notes(element: etree._Element) -> list[etree._Element]:
    """The notes inside ``element`` that are inside no other note of it (a note's own
    notes are read with it)."""
    tag = f"{{{TEI_NS}}}note"
    found = []
    for note in element.iter(tag):
        for ancestor in note.iterancestors():
            if ancestor is element:
                found.append(note)
                break
            if ancestor.tag == tag:
                break
    return found


def page_marker(pb: etree._Element) -> str:
    """ "[p. 123]" for ``<pb n="123"/>``; "" for a page break without a number."""
    number = clean(pb.get("n") or "")
    return PAGE.format(number) if re.fullmatch(r"[\w.-]{1,20}", number) else ""


def finish(text: str, joiner: str = "\n") -> str:
    """A block's text as stored: each BREAK a line break (or ``joiner``), INDENT two spaces."""
    lines = (_spaces.sub(" ", line).strip().replace(INDENT, "  ") for line in text.split(BREAK))
    return joiner.join(line for line in lines if line).strip()


# Text helpers ---------------------------------------------------------------------------


def text_of(element: etree._Element) -> str:
    """All text of an element but its notes (footnotes are not part of a heading)."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            name = etree.QName(child).localname
            if name in ("lb", "pb"):
                parts.append(" ")  # "No. 462<lb/>The Secretary": words apart
            elif name not in SKIPPED:
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
