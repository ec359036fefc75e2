"""A document as TEI P5: the header, one div per rendition, footnotes where referenced."""

import pytest
from django.conf import settings
from lxml import etree

from readingroom.archive.models import (
    Document,
    Footnote,
    Language,
    Person,
    PersonDocumentRelation,
    Place,
    PlaceDocumentRelation,
    Rendition,
)
from readingroom.interop.tei_export import document_tei

pytestmark = pytest.mark.django_db

NS = {"t": "http://www.tei-c.org/ns/1.0"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def letter():
    """A published letter in Russian with an English translation and a footnote."""
    english, _ = Language.objects.get_or_create(code="en", defaults={"name": "English"})
    russian, _ = Language.objects.get_or_create(code="ru", defaults={"name": "Russian"})
    document = Document.objects.create(
        record_id=900101,
        title="Letter, Zhou Enlai to Comrade Molotov <on Lüshun & Port Arthur>",
        date="June 1957",
        source_citation="AVPRF, f. 0100, op. 45, d. 12",
        printed_source="Cold War International History Project Bulletin 6-7",
        rights="Public domain",
        status=Document.Status.PUBLISHED,
    )
    document.original_languages.add(russian)
    zhou = Person.objects.create(sort_name="Zhou, Enlai", display_name="Чжоу Эньлай")
    PersonDocumentRelation.objects.create(document=document, person=zhou, role="author")
    lushun = Place.objects.create(name="Lüshun")
    PlaceDocumentRelation.objects.create(document=document, place=lushun, role="mentioned")
    rendition = Rendition.objects.create(
        document=document,
        kind="translation",
        language=english,
        text="Dear Comrade Molotov,[1] about 周恩来.\nSecond line.\n\n[Stalin] agreed.",
    )
    Footnote.objects.create(rendition=rendition, label="1", text="Molotov was then minister.")
    return document


def parse(document):
    return etree.fromstring(document_tei(document))


def test_the_header_names_title_archive_permalink_sources_and_languages(letter):
    tei = parse(letter)

    assert tei.tag == "{http://www.tei-c.org/ns/1.0}TEI"
    file_desc = tei.find("t:teiHeader/t:fileDesc", NS)
    assert file_desc.findtext("t:titleStmt/t:title", namespaces=NS) == letter.title
    assert file_desc.findtext("t:publicationStmt/t:publisher", namespaces=NS) == (
        settings.ARCHIVE_NAME
    )
    assert file_desc.findtext("t:publicationStmt/t:idno[@type='URI']", namespaces=NS) == (
        f"{settings.SITE_URL}/document/900101"
    )
    assert file_desc.xpath(
        "t:sourceDesc/t:bibl[@type='archival']/t:note/text()", namespaces=NS
    ) == ["AVPRF, f. 0100, op. 45, d. 12"]
    assert file_desc.findtext("t:sourceDesc/t:bibl[@type='printed']", namespaces=NS) == (
        "Cold War International History Project Bulletin 6-7"
    )
    languages = tei.xpath("//t:profileDesc/t:langUsage/t:language/@ident", namespaces=NS)
    assert languages == ["ru", "en"]
    # the people and places named, Unicode kept
    assert tei.xpath(
        "//t:listPerson/t:person[@role='author']/t:persName[1]/text()", namespaces=NS
    ) == ["Чжоу Эньлай"]
    assert tei.xpath("//t:listPlace/t:place/t:placeName/text()", namespaces=NS) == ["Lüshun"]


@pytest.mark.parametrize(
    ("date", "attributes", "text"),
    [
        ("1956-01-15", {"when": "1956-01-15"}, "January 15, 1956"),
        ("June 1957", {"when": "1957-06"}, "June 1957"),
        ("1956-1957", {"from": "1956", "to": "1957"}, "1956-1957"),
        (
            "ca. 1956",
            {"notBefore": "1956-01-01", "notAfter": "1956-12-31", "precision": "low"},
            "ca. 1956",
        ),
    ],
    ids=["day", "month", "span", "circa"],
)
def test_the_creation_date_keeps_its_precision(letter, date, attributes, text):
    letter.date = date
    letter.save()

    [element] = parse(letter).xpath("//t:profileDesc/t:creation/t:date", namespaces=NS)
    assert dict(element.attrib) == attributes
    assert element.text == text


def test_an_undated_document_has_no_creation_date(letter):
    letter.date = None
    letter.save()

    assert parse(letter).xpath("//t:creation/t:date", namespaces=NS) == []


def test_each_rendition_is_a_div_with_paragraphs_and_footnotes_in_place(letter):
    [div] = parse(letter).xpath("//t:text/t:body/t:div", namespaces=NS)

    assert (div.get("type"), div.get(XML_LANG)) == ("translation", "en")
    first, second = div.findall("t:p", NS)
    # the footnote where [1] was; the line break kept; other brackets stay as they are
    assert first.text == "Dear Comrade Molotov,"
    note = first.find("t:note", NS)
    assert (note.get("place"), note.get("n"), note.text) == (
        "foot",
        "1",
        "Molotov was then minister.",
    )
    assert note.tail == " about 周恩来."
    assert first.find("t:lb", NS).tail == "Second line."
    assert second.text == "[Stalin] agreed."


def test_the_file_is_escaped_utf8_with_a_declaration(letter):
    data = document_tei(letter)

    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert "&lt;on Lüshun &amp; Port Arthur&gt;".encode() in data


def test_the_url_serves_published_documents_only(client, letter):
    response = client.get("/document/900101.tei.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/tei+xml; charset=utf-8"
    assert etree.fromstring(response.content).findtext(".//t:title", namespaces=NS) == letter.title

    letter.status = Document.Status.DRAFT
    letter.save()
    assert client.get("/document/900101.tei.xml").status_code == 404
    assert client.get("/document/424242.tei.xml").status_code == 404


def test_an_imported_frus_document_exports_its_footnotes(shared_dir):
    from readingroom.importers.base import import_files

    import_files([shared_dir / "corpus" / "frus" / "xml" / "frus1955-57v03.xml"], publish=True)
    telegram = Document.objects.get(printed_source__endswith="/frus1955-57v03/d1")

    tei = parse(telegram)
    [div] = tei.xpath("//t:body/t:div", namespaces=NS)
    assert (div.get("type"), div.get(XML_LANG)) == ("transcript", "en")
    notes = div.xpath(".//t:note[@place='foot']/@n", namespaces=NS)
    assert notes == list(telegram.renditions.get().footnotes.values_list("label", flat=True))
    assert "[2]" not in etree.tostring(div, encoding="unicode")
    assert tei.xpath("//t:creation/t:date/@when", namespaces=NS) == ["1955-08-01"]
    assert tei.xpath(
        "//t:listPerson/t:person[@role='author']/t:persName[1]/text()", namespaces=NS
    ) == ["Johnson, U. Alexis"]
