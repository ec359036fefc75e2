"""The TEI importer on real FRUS volumes: counts from the XML, documents checked by hand."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from lxml import etree

from readingroom.archive.models import (
    Collection,
    Document,
    DocumentChange,
    Person,
    Revision,
    Topic,
)
from readingroom.importers.base import ImportFailed, import_files

pytestmark = pytest.mark.django_db

NS = {"t": "http://www.tei-c.org/ns/1.0"}
VOLUMES = {"frus1955-57v03": 305, "frus1958-60v19": 404}


@pytest.fixture
def frus_dir(shared_dir):
    return shared_dir / "corpus" / "frus" / "xml"


def by_url(volume: str, doc_id: str) -> Document:
    """The imported document whose printed source ends with its history.state.gov URL."""
    return Document.objects.get(printed_source__endswith=f"/historicaldocuments/{volume}/{doc_id}")


@pytest.mark.parametrize("volume", VOLUMES, ids=list(VOLUMES))
def test_a_volume_gives_its_documents_dates_people_topics_and_collection(frus_dir, volume):
    # given the counts read from the XML itself
    path = frus_dir / f"{volume}.xml"
    tree = etree.parse(str(path))
    divs = tree.xpath("//t:div[@type='document']", namespaces=NS)
    dated = [div for div in divs if div.xpath("t:dateline//t:date", namespaces=NS)]
    entries = tree.xpath(
        "//t:div[@xml:id='persons']//t:item[.//t:persName[@xml:id]]", namespaces=NS
    )
    # "Zhou Enlai, see Chou En-lai" is another name of a listed person, not a person
    references = [
        e for e in entries if re.search(r",\s*see\s", " ".join(e.xpath("string()").split()))
    ]

    # when the volume is imported
    import_files([path])

    # then every document is there, dated as in the XML, and every listed person
    assert len(divs) == VOLUMES[volume]
    assert Document.objects.count() == len(divs)
    assert Document.objects.filter(date__isnull=False).count() == len(dated)
    assert Person.objects.count() == len(entries) - len(references)
    assert set(Document.objects.values_list("status", flat=True)) == {"draft"}
    # and the volume is a collection in the order of its documents
    collection = Collection.objects.get()
    numbers = [
        int(item.document.printed_source.rsplit("/d", 1)[1]) for item in collection.items.all()
    ]
    assert numbers == sorted(numbers) and len(numbers) == len(divs)
    assert Topic.objects.count() == len(
        {
            " ".join(head.xpath("string()").split())
            for head in tree.xpath(
                "//t:div[@type='chapter' or @type='compilation']/t:head", namespaces=NS
            )
        }
    )


def test_documents_match_the_volume_by_hand(frus_dir):
    # when both volumes are imported, one after the other
    import_files([frus_dir / "frus1955-57v03.xml"], publish=True)
    import_files([frus_dir / "frus1958-60v19.xml"])

    # then d1 of volume III: its title without the number, its day, its source note
    telegram = by_url("frus1955-57v03", "d1")
    assert telegram.title == "Telegram From Ambassador U. Alexis Johnson to the Department of State"
    assert telegram.date.display() == "August 1, 1955"
    assert telegram.document_type == "telegram"
    assert telegram.status == "published"
    assert telegram.source_citation.startswith(
        "Department of State, Central Files, 611.93/8–155. Official Use Only. The telegrams to"
    )
    assert telegram.printed_source == (
        "Foreign Relations of the United States, 1955–1957, China, Volume III, Document 1,"
        " https://history.state.gov/historicaldocuments/frus1955-57v03/d1"
    )
    assert telegram.rights == (
        "Foreign Relations of the United States, U.S. Department of State, Office of the"
        " Historian; public domain"
    )
    roles = {(link.person.sort_name, link.role) for link in telegram.person_links.all()}
    assert ("Johnson, U. Alexis", "author") in roles
    assert ("Wang Ping-nan", "mentioned") in roles
    # and d21, dated "August 12 [13], 1955": a span of two days
    span = by_url("frus1955-57v03", "d21")
    assert span.date.display() == "August 12, 1955 - August 13, 1955"
    # and d3, an editorial note without date or source note
    note = by_url("frus1955-57v03", "d3")
    assert (note.title, note.date, note.source_citation) == ("Editorial Note", None, "")
    assert note.document_type == "editorial-note"
    # and volume XIX's d2 has its source note numbered 0, and its sender and recipient
    letter = by_url("frus1958-60v19", "d2")
    assert letter.date.display() == "January 23, 1958"
    assert letter.source_citation.startswith("Department of State, FE Files: Lot 60 D 90, Rankin.")
    assert letter.person_links.get(role="recipient").person.sort_name == "Robertson, Walter S."


def test_the_text_is_an_english_transcript_with_its_footnotes(frus_dir):
    import_files([frus_dir / "frus1955-57v03.xml"])

    telegram = by_url("frus1955-57v03", "d1")
    rendition = telegram.renditions.get()
    assert (rendition.kind, rendition.language_id) == ("transcript", "en")
    assert list(telegram.original_languages.values_list("code", flat=True)) == ["en"]
    # the dateline, then the paragraphs, a footnote marker where the note was
    assert rendition.text.startswith(
        "Geneva, August 1, 1955—7 p.m.\n\n239. Held first meeting with Chinese 4 pm August 1.[2]"
        " After agreed five minutes"
    )
    labels = list(rendition.footnotes.values_list("label", flat=True))
    assert labels[:2] == ["2", "3"]  # footnote 1 is the source note
    assert all(f"[{label}]" in rendition.text for label in labels)
    assert rendition.footnotes.get(label="2").text.startswith(
        "Telegram 330 to Geneva for Johnson, August 1, indicates that Johnson made"
    )
    # the source note is the citation, not part of the text
    assert "Official Use Only" not in rendition.text


def test_lists_are_lines_and_topics_keep_long_headings_whole(frus_dir):
    import_files([frus_dir / "frus1958-60v19.xml"])

    # a list of participants, nested by country, as indented lines
    conversation = by_url("frus1958-60v19", "d301")
    assert "PARTICIPANTS\n  LIS\n  - The President\n  - The Secretary of State\n" in (
        conversation.renditions.get().text
    )
    assert conversation.date.display() == "September 26, 1959 - September 27, 1959"
    # the chapters around it are its topics, outermost first
    topics = [topic.name for topic in conversation.topics.all()]
    assert "China" in topics and any(
        name.startswith("1959–1960, the Sino-Soviet") for name in topics
    )
    # "Zhou Enlai, see Chou En-lai" made another name, not another person
    chou = Person.objects.get(sort_name="Chou En-lai (Zhou Enlai)")
    assert chou.other_names == ["Zhou Enlai"]
    assert not Person.objects.filter(sort_name="Zhou Enlai").exists()


def test_a_heading_longer_than_a_topic_name_is_cut_at_a_word(frus_dir):
    import_files([frus_dir / "frus1955-57v03.xml"])

    long_topic = Topic.objects.get(description__startswith="The Ambassadorial Talks at Geneva")
    assert len(long_topic.description) == 666
    assert len(long_topic.name) <= 300 and long_topic.name.endswith("…")
    assert long_topic.description.startswith(long_topic.name[:-1])


def test_importing_a_volume_again_updates_instead_of_duplicating(frus_dir):
    path = frus_dir / "frus1955-57v03.xml"
    import_files([path])
    first_ids = set(Document.objects.values_list("record_id", flat=True))

    report = import_files([path])

    assert set(Document.objects.values_list("record_id", flat=True)) == first_ids
    assert report.summary() == (
        "305 documents (305 updated), 118 people (118 updated), 2 topics (2 updated)"
        " and 1 collection (1 updated) from 1 file"
    )
    assert Collection.objects.get().items.count() == 305


def test_two_volumes_in_one_import_share_the_people_both_list(frus_dir):
    # given two volumes whose person lists overlap, imported one by one elsewhere
    paths = [frus_dir / "frus1955-57v03.xml", frus_dir / "frus1958-60v19.xml"]
    for path in paths:
        import_files([path])
    one_by_one = {
        person.sort_name: (person.display_name, person.other_names, person.biography)
        for person in Person.objects.all()
    }
    counts = (Document.objects.count(), Topic.objects.count(), Collection.objects.count())
    Document.objects.all().delete()
    Person.objects.all().delete()
    Topic.objects.all().delete()
    Collection.objects.all().delete()

    # when both are imported in one command
    report = import_files(paths)

    # then each person is one record, described as the later volume describes them
    together = {
        person.sort_name: (person.display_name, person.other_names, person.biography)
        for person in Person.objects.all()
    }
    assert together == one_by_one
    assert (Document.objects.count(), Topic.objects.count(), Collection.objects.count()) == counts
    people = [r for r in report.results if r.kind == "person"]
    shared = len(people) - len(together)
    assert shared > 0  # "Dulles, John Foster" is in both
    assert [r.action for r in people].count("updated") == shared


def test_a_reimport_finds_documents_by_external_id_even_after_an_edit(frus_dir):
    # given a volume imported once, and an editor who rewrote a document's printed source
    path = frus_dir / "frus1955-57v03.xml"
    import_files([path])
    document = Document.objects.get(external_id="frus1955-57v03/d1")
    Document.objects.filter(pk=document.pk).update(printed_source="Edited by an editor")

    # when the volume is imported again
    import_files([path])

    # then the same document was updated, not added again
    assert Document.objects.filter(external_id="frus1955-57v03/d1").get().pk == document.pk
    assert Document.objects.count() == 305


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><div type="document">',
            "malformed XML: ",
        ),
        ("<html><body/></html>", "not TEI P5: the root element is <html>, not <TEI>"),
        (
            '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p/></body></text></TEI>',
            'a TEI file without any div[@type="document"]',
        ),
    ],
    ids=["truncated", "not-tei", "no-documents"],
)
def test_a_broken_file_is_named_and_nothing_is_written(frus_dir, tmp_path, content, message):
    # given a good volume and a broken file imported together
    broken = tmp_path / "broken.xml"
    broken.write_text(content, encoding="utf-8")

    with pytest.raises(ImportFailed) as failure:
        import_files([frus_dir / "frus1955-57v03.xml", broken])

    # then the error names the broken file, and nothing of the good one was written
    [error] = failure.value.errors
    assert error.file == str(broken)
    assert error.message.startswith(message)
    assert (Document.objects.count(), Person.objects.count(), Topic.objects.count()) == (0, 0, 0)


VOLUME = """<?xml version="1.0"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc>
<titleStmt><title type="complete">A volume</title></titleStmt>
<publicationStmt><idno type="frus">frus-test</idno></publicationStmt></fileDesc></teiHeader>
<text><body>
<div xml:id="persons"><list>
<item><persName xml:id="p_N1">Ngo Dinh Nhu</persName>, brother of President Diem</item>
<item><persName xml:id="p_N2">Ngo Dinh Nhu</persName>, Madame, sister-in-law of Diem</item>
<item><persName xml:id="p_C1">Carter, W. Beverly, Jr.</persName>, Deputy Assistant Secretary</item>
<item><persName xml:id="p_C2">Carter, W. Beverly, Jr.</persName>, Ambassador to Tanzania</item>
</list></div>
<div type="document" xml:id="d1" n="1"><head>1. Telegram</head>
<p>Paragraph 12.<note n="6" xml:id="d1fn6"><p>Revised to read:</p>
<p>“Assistance<note n="7" xml:id="d1fn7">Not printed.</note> to escapees.”</p></note>
Seen by <persName corresp="#p_N2">Madame Nhu</persName>
and <persName corresp="#p_C2">Carter</persName>.</p>
<table><row><cell>Iran</cell><cell>(<note n="*" xml:id="d1fn8">Est.</note>)</cell></row>
<row><cell>Iraq</cell><cell>(<note n="*" xml:id="d1fn8">Est.</note>)</cell></row></table>
</div>
<div type="document" xml:id="d2" n="2"><head>2. Memorandum</head>
<p>Text.
<note n="1" xml:id="d2fn1">{note}</note></p></div>
</body></text></TEI>
"""


def test_nested_notes_duplicate_ids_and_names_listed_twice_are_read(tmp_path):
    # given a volume with a note in a note, an xml:id given twice, and two people of
    # one name (Madame Nhu) beside one person listed twice (Carter, in two offices)
    path = tmp_path / "volume.xml"
    path.write_text(VOLUME.format(note="A note."), encoding="utf-8")

    report = import_files([path])

    # then the nested note is kept, in the volume's order, and linked from its note
    rendition = Document.objects.get(external_id="frus-test/d1").renditions.get()
    notes = list(rendition.footnotes.values_list("label", "text"))
    assert notes[:2] == [
        ("6", "Revised to read:\n\n“Assistance[7] to escapees.”"),
        ("7", "Not printed."),
    ]
    assert "Paragraph 12.[6]" in rendition.text and "[7]" not in rendition.text
    # the table's notes of one sign are told apart, each linked from its row
    assert notes[2:] == [("*", "Est."), ("*.2", "Est.")]
    assert "Iran | ([*])\nIraq | ([*.2])" in rendition.text
    # the report says what was recovered
    [recovered] = report.recovered
    assert recovered.kind == "collection"
    assert recovered.note == "1 duplicate xml:id: d1fn8 (lines 17, 18), read as they are"
    # Madame Nhu is another person; Carter is one, with both offices
    assert set(Person.objects.values_list("sort_name", "biography")) == {
        ("Ngo Dinh Nhu", "brother of President Diem"),
        ("Ngo Dinh Nhu, Madame", "sister-in-law of Diem"),
        ("Carter, W. Beverly, Jr.", "Deputy Assistant Secretary; Ambassador to Tanzania"),
    }
    document = Document.objects.get(external_id="frus-test/d1")
    assert set(document.person_links.values_list("person__sort_name", flat=True)) == {
        "Ngo Dinh Nhu, Madame",
        "Carter, W. Beverly, Jr.",
    }


def test_an_error_in_a_note_points_at_the_note_s_line(tmp_path):
    # given a note whose text carries HTML, on line 22 of the file (its document: 20)
    path = tmp_path / "volume.xml"
    path.write_text(VOLUME.format(note="&lt;script&gt;alert(1)&lt;/script&gt;"), "utf-8")

    with pytest.raises(ImportFailed) as failure:
        import_files([path])

    [error] = failure.value.errors
    assert (error.file, error.line) == (str(path), 22)
    assert error.field == "renditions[0].footnotes[0].text"
    assert not Document.objects.exists()


def test_skip_invalid_imports_the_rest_and_lists_what_it_skipped(tmp_path):
    # given a volume with one document whose note carries HTML, and a file that is no XML
    volume = tmp_path / "volume.xml"
    volume.write_text(VOLUME.format(note="&lt;script&gt;alert(1)&lt;/script&gt;"), "utf-8")
    broken = tmp_path / "broken.xml"
    broken.write_text("<TEI", encoding="utf-8")
    out, err = StringIO(), StringIO()

    # when both are imported, the invalid skipped
    call_command("import", "--skip-invalid", str(volume), str(broken), stdout=out, stderr=err)

    # then the other document, the people and the volume are in, and the skipped are listed
    assert list(Document.objects.values_list("external_id", flat=True)) == ["frus-test/d1"]
    assert Person.objects.count() == 3
    assert out.getvalue().splitlines()[-1] == (
        "Imported 2 documents (1 new, 1 skipped), 3 people (3 new) and 1 collection (1 new)"
        " from 2 files."
    )
    assert err.getvalue().splitlines() == [
        "Skipped what 2 errors named:",
        f"  {volume}:22: renditions[0].footnotes[0].text: HTML markup such as <script> is"
        " not allowed",
        f"  {broken}:1: malformed XML: Couldn't find end of Start Tag TEI line 1, line 1, column 5",
    ]


def test_without_skip_invalid_one_error_imports_nothing(tmp_path):
    volume = tmp_path / "volume.xml"
    volume.write_text(VOLUME.format(note="&lt;script&gt;alert(1)&lt;/script&gt;"), "utf-8")

    with pytest.raises(CommandError, match="1 error; nothing was imported"):
        call_command("import", str(volume), stdout=StringIO())

    assert not Document.objects.exists() and not Person.objects.exists()


def test_importing_a_volume_again_leaves_no_trace(tmp_path):
    # given a volume imported once
    path = tmp_path / "volume.xml"
    path.write_text(VOLUME.format(note="A note."), encoding="utf-8")
    import_files([path])
    revisions, changes = Revision.objects.count(), DocumentChange.objects.count()

    # when it is imported again
    report = import_files([path])

    # then nothing changed: no revision, no outbox row
    assert {result.action for result in report.results} == {"updated"}
    assert (Revision.objects.count(), DocumentChange.objects.count()) == (revisions, changes)


def test_reimporting_volumes_that_describe_one_person_differently_changes_nothing(tmp_path):
    # given two volumes of one import that describe Carter each in its own words
    first, second = tmp_path / "first.xml", tmp_path / "second.xml"
    first.write_text(VOLUME.format(note="A note."), encoding="utf-8")
    second.write_text(
        VOLUME.format(note="A note.")
        .replace("frus-test", "frus-other")
        .replace("Ambassador to Tanzania", "Ambassador to Tanzania from 1972")
        .replace(">Carter, W.", ">CARTER, W."),
        encoding="utf-8",
    )
    import_files([first, second])
    revisions, changes = Revision.objects.count(), DocumentChange.objects.count()

    # when both are imported again (Carter changed by the first, changed back by the
    # second, which spells his name in capitals)
    import_files([first, second])

    # then nothing changed: no revision, no outbox row
    assert (Revision.objects.count(), DocumentChange.objects.count()) == (revisions, changes)
    assert Person.objects.get(sort_name="CARTER, W. Beverly, Jr.").biography.endswith("1972")
