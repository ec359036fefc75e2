"""FRUS datelines give a time of day ("Washington, March 7, 1961, 5 p.m."): the date keeps
the day, and the time is kept as printed, in the dateline at the top of the transcript.
Page breaks (``<pb n="7"/>``) are kept as "[p. 7]", shown as small page numbers."""

import gzip
import re
from pathlib import Path

import pytest
from lxml import etree

from readingroom.archive.models import Document
from readingroom.importers.base import import_files

pytestmark = pytest.mark.django_db

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
VOLUMES = ["xml/frus1958-60v19.xml", "tei/frus1964-68v30.xml.gz", "tei/frus1948v01p1.xml.gz"]
# "5 p.m.", "4 p. m", "11:30 a.m.", "noon", "midnight", "1415Z".
TIME = re.compile(r"\d{1,2}(?::\d\d)?\s*[ap]\.\s*m\b\.?|\bnoon\b|\bmidnight\b|\b\d{4}Z\b", re.I)


def timed_datelines(path: Path) -> dict[str, tuple[str, str]]:
    """From the XML: each document whose dateline's date/@when has a time → the day
    and the time as the dateline prints it."""
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as stream:
        root = etree.parse(stream, etree.XMLParser(huge_tree=True, collect_ids=False)).getroot()
    volume = root.findtext(f".//{TEI}publicationStmt/{TEI}idno[@type='frus']").strip()
    found = {}
    for div in root.iter(f"{TEI}div"):
        if div.get("type") != "document":
            continue
        dateline = next(div.iter(f"{TEI}dateline"), None)
        date = next(dateline.iter(f"{TEI}date"), None) if dateline is not None else None
        if date is None or "T" not in (date.get("when") or ""):
            continue
        printed = " ".join("".join(dateline.itertext()).split())
        if match := TIME.search(printed):
            found[f"{volume}/{div.get(XML_ID)}"] = (date.get("when")[:10], match[0])
    return found


@pytest.mark.parametrize("volume", VOLUMES, ids=[Path(v).name for v in VOLUMES])
def test_a_dateline_s_time_of_day_is_kept_as_printed(shared_dir, volume):
    # given a volume whose datelines give a time of day (and their date/@when too)
    path = shared_dir / "corpus" / "frus" / volume
    timed = timed_datelines(path)
    assert len(timed) > 50

    # when it is imported
    import_files([path])

    # then each such document is dated to the day, and its transcript prints the time
    documents = Document.objects.filter(external_id__in=timed).prefetch_related("renditions")
    assert documents.count() == len(timed)
    for document in documents:
        day, time = timed[document.external_id]
        assert document.date.edtf() == day
        first = document.renditions.get().text.split("\n\n", 2)[:2]
        assert any(time in " ".join(paragraph.split()) for paragraph in first), (
            document.external_id,
            time,
        )


def test_a_page_break_is_kept_and_shown_as_a_printed_page_number(shared_dir, client):
    # given a volume whose document 4 runs over a page break (page 7), published
    path = shared_dir / "corpus" / "frus" / "xml" / "frus1958-60v19.xml"
    root = etree.parse(str(path)).getroot()
    div = next(d for d in root.iter(f"{TEI}div") if d.get(XML_ID) == "d4")
    pages = [pb.get("n") for pb in div.iter(f"{TEI}pb")]
    assert "7" in pages
    import_files([path], publish=True)
    document = Document.objects.get(external_id="frus1958-60v19/d4")
    text = document.renditions.get().text

    # then the text keeps where each page begins, between the words either side
    assert "Peiping would thus [p. 7] be assured" in text
    assert [p for p in pages if f"[p. {p}]" not in text] == []
    # and, the page breaks being inside paragraphs, the paragraphs are those of the XML
    paragraphs = div.xpath("t:p", namespaces={"t": TEI[1:-1]})
    assert len(text.split("\n\n")) >= len(paragraphs)

    # and the page shows a small page number, in its paragraph, its permalink kept
    html = client.get(document.get_absolute_url()).content.decode()
    assert '<span class="page-number" title="Printed page 7">[p. 7]</span>' in html
    paragraph = r'<p id="p\d+" class="passage">(?:(?!</p>).)*Peiping would thus <span'
    assert re.search(paragraph, html, re.DOTALL)
