"""The whole FRUS series (95 volumes, ../shared/corpus/frus/tei/), compared with its TEI.

For every document of every volume, read as `readingroom import` reads it: every word
of the body and of the notes is stored (in the title, the source citation, the text or a
footnote), every note is kept, and each is referenced from its place: the text, or, for a
note inside a note, that note. The TEI is read here on its own terms (lxml, XPath), not
with the importer's helpers, so that the two can disagree.

Parse level, so that CI can check all 95 volumes; a few volumes are imported into the
database below (nested notes, duplicate xml:ids).
"""

import gzip
import re
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from readingroom.archive.models import Document, DocumentChange, Footnote, Revision
from readingroom.importers import tei
from readingroom.importers.base import import_files
from readingroom.importers.limits import Budget
from tests.fixtures.paths import SHARED

TEI_DIR = SHARED / "corpus" / "frus" / "tei"
VOLUMES = sorted(TEI_DIR.glob("*.xml.gz")) if TEI_DIR.is_dir() else []
T = "{http://www.tei-c.org/ns/1.0}"
NS = {"t": T[1:-1]}
# Elements whose text runs on into the next without a space ("Wash<hi>ington</hi>");
# every other element's text is a word apart from what is around it.
INLINE = {
    f"{T}{name}"
    for name in [
        *("hi", "persName", "placeName", "orgName", "gloss", "ref", "date", "rs", "seg"),
        *("term", "num", "foreign", "emph", "title", "name", "time", "measure", "abbr"),
        *("expan", "sic", "corr", "choice", "unclear", "add", "del", "supplied"),
    ]
}
WORD = re.compile(r"\w+")
NOTE = f"{T}note"
LAYOUT = re.compile(r"\s*\n\s*$")
SOFT = "\x01"
AT_SOFT = re.compile(r"(\w+)(?=\x01)|(?<=\x01)(\w+)")


def words(element: etree._Element, skip=lambda element: False, soft=None) -> Counter:
    """The words of an element's text, its descendants' included but those ``skip``s.

    Whitespace with a line break before a phrase's end tag may be the file's layout
    ("<gloss>⏎ <hi>ky</hi>⏎ </gloss>s": "kys") or a space ("<gloss>Central Intelligence
    Agency⏎ </gloss>Station"): the words either side are counted apart, and listed in
    ``soft`` so that either reading is accepted.
    """
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if isinstance(node.tag, str) and not skip(node):
            spacer = "" if node.tag in INLINE else " "
            parts.append(spacer + (node.text or ""))
            for child in node:
                walk(child)
                parts.append(child.tail or "")
            if not spacer and LAYOUT.search(parts[-1]):
                parts[-1] = LAYOUT.sub(SOFT, parts[-1])
            parts.append(spacer)

    walk(element)
    text = "".join(parts)
    if soft is not None:
        soft.update(word for pair in AT_SOFT.findall(text) for word in pair if word)
    return Counter(WORD.findall(text))


def documents_of(path: Path) -> list[etree._Element]:
    with gzip.open(path) as stream:
        root = etree.parse(stream, tei.parser()).getroot()
    return root.xpath("//t:div[@type='document']", namespaces=NS)


def outermost(element: etree._Element) -> list[etree._Element]:
    """The notes in ``element`` that are in no other note in it."""
    return [
        note
        for note in element.iter(NOTE)
        if note is not element
        and next(a for a in note.iterancestors() if a is element or a.tag == NOTE) is element
    ]


def source_note(div: etree._Element) -> etree._Element | None:
    found = div.xpath(".//t:note[@type='source' or @n='0']", namespaces=NS)
    if found:
        return found[0]
    for note in div.xpath("t:head//t:note", namespaces=NS):
        if " ".join(note.xpath("string()").split()).lower().startswith("source:"):
            return note
    return None


def stored_words(data: dict) -> Counter:
    rendition = data["renditions"][0]
    texts = [data["title"], data.get("source", {}).get("citation", ""), rendition["text"]]
    texts += [footnote["text"] for footnote in rendition.get("footnotes", [])]
    return Counter(WORD.findall("\n".join(texts)))


def check_document(div: etree._Element, data: dict) -> list[str]:
    """What the record of ``div`` lost of it, or where its notes are not referenced."""
    problems = []
    head = div.find(f"{T}head")
    source = source_note(div)
    notes = [note for note in div.iter(f"{T}note") if note is not source]

    # every word: the heading is the title without its number ("12.", "No. 12"), the
    # source note the citation without "Source:"; their notes are footnotes
    soft: set[str] = set()
    expected = words(div, skip=lambda element: element is head or element is source, soft=soft)
    for part in (head, source):
        if part is not None:
            expected += words(part, lambda e, part=part: e.tag == NOTE and e is not part, soft)
            inner = [note for note in outermost(part) if note is not source]
            expected += sum((words(note, soft=soft) for note in inner), Counter())
    if source is not None and (prefix := re.match(r"\s*source:", source.xpath("string()"), re.I)):
        expected -= Counter(WORD.findall(prefix[0]))
    number = re.search(r"Document ([^,]+), https://", data["printed_source"])[1]
    expected -= Counter(["No", *WORD.findall(number), *WORD.findall(number.lower())])
    stored = stored_words(data)
    missing = expected - stored
    # a word at a phrase's line break may be stored joined to its neighbour, or apart
    joined = "\n".join(stored)
    missing = Counter({w: n for w, n in missing.items() if not (w in soft and w in joined)})
    if missing:
        problems.append(f"words lost: {dict(list(missing.items())[:8])}")

    # every note, in the volume's order, each referenced from its place
    footnotes = data["renditions"][0].get("footnotes", [])
    if len(footnotes) != len(notes):
        problems.append(f"{len(notes)} notes, {len(footnotes)} footnotes")
        return problems
    text = data["renditions"][0]["text"]
    for note, footnote in zip(notes, footnotes, strict=True):
        label = footnote["label"]
        if (printed := (note.get("n") or "").strip()) and label.split(".")[0] != printed:
            problems.append(f"note {printed!r} (line {note.sourceline}) stored as {label!r}")
        outer = next((a for a in note.iterancestors(f"{T}note") if a in notes), None)
        where = footnotes[notes.index(outer)]["text"] if outer is not None else text
        if source is not None and outer is None and source in note.iterancestors():
            where = text  # a note in the source note: the citation has no markers
        if f"[{label}]" not in where:
            place = (
                f"note {footnotes[notes.index(outer)]['label']}" if outer is not None else "text"
            )
            problems.append(f"note {label} (line {note.sourceline}) not referenced in its {place}")
    return problems


@pytest.mark.parametrize(
    "path",
    VOLUMES or [pytest.param(None, marks=pytest.mark.skip(reason=f"{TEI_DIR} is absent"))],
    ids=[path.name.split(".")[0] for path in VOLUMES] or ["absent"],
)
def test_every_word_and_note_of_the_volume_is_kept(path: Path):
    # given the volume's TEI, read on its own
    divs = documents_of(path)

    # when the importer reads it
    records, errors = tei.read(path, Budget.from_settings())

    # then it is read, a record for each document, and nothing of any document is lost
    assert errors == []
    documents = [record.data for record in records if record.kind == "document"]
    assert len(documents) == len(divs)
    problems = {
        f"{div.get('{http://www.w3.org/XML/1998/namespace}id')} (line {div.sourceline})": found
        for div, data in zip(divs, documents, strict=True)
        if (found := check_document(div, data))
    }
    assert problems == {}


# Imported into the database: volumes with notes on notes, and with duplicate xml:ids.
IMPORTED = ["frus1955-57v25", "frus1952-54v12p2"]


@pytest.mark.django_db
@pytest.mark.parametrize("volume", IMPORTED)
def test_a_real_volume_is_imported_whole_and_again_changes_nothing(volume):
    path = TEI_DIR / f"{volume}.xml.gz"
    if not path.is_file():
        pytest.skip(f"{path} is absent (the shared FRUS corpus; present in CI)")
    divs = documents_of(path)
    notes = sum(len(div.xpath(".//t:note", namespaces=NS)) for div in divs)

    # when the volume is imported
    report = import_files([path])
    if volume == "frus1952-54v12p2":  # a strict parser refuses it: the report says why
        [recovered] = report.recovered
        assert recovered.note.startswith("1 duplicate xml:id: t_HMB1 (lines 820, 833)")

    # then each document is there with its notes (less the source notes)
    assert Document.objects.count() == len(divs)
    sources = sum(1 for div in divs if source_note(div) is not None)
    assert Footnote.objects.count() == notes - sources
    # and importing it again changes nothing: no revision, no outbox row
    revisions, changes = Revision.objects.count(), DocumentChange.objects.count()
    again = import_files([path])
    assert {result.action for result in again.results} == {"updated"}
    assert (Revision.objects.count(), DocumentChange.objects.count()) == (revisions, changes)
    assert [r.note for r in report.recovered] == [r.note for r in again.recovered]
