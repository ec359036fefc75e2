"""Reading lists: a list is its address (/list?ids=…), kept in the reader's browser;
its page, downloads and course pack show published documents only, in the reader's order."""

import io
import zipfile

import pytest
from django.conf import settings
from ebooklib import epub
from lxml import etree

from readingroom.archive.reading_lists import MOST_DOCUMENTS, listed_ids


@pytest.fixture
def listed(records):
    telegram = records.document("Telegram on the Lüshun talks", date="1955-05-01")
    records.rendition(
        telegram,
        "Чжоу Эньлай met the delegation.[1]\n\nThe second paragraph & <b>no markup</b>.",
        notes={"1": "周恩来 in the original."},
    )
    letter = records.document("Letter about wheat", date="1957", summary="Grain for the winter.")
    records.rendition(letter, "Wheat, barley and oats.", kind="transcript", language="ru")
    draft = records.draft("Secret draft")
    records.rendition(draft, "Draft text that must stay unseen.")
    return {"telegram": telegram, "letter": letter, "draft": draft}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3,1,2", [3, 1, 2]),
        ("3, 1,,3 x 2", [3, 1, 2]),
        ("abc,-4,0,1", [4, 1]),
        ("", []),
        ("9" * 30, []),
    ],
    ids=["in order", "repeats and separators", "not IDs", "none", "too long a number"],
)
def test_the_ids_of_a_list_are_read_in_order_once_each(value, expected):
    assert listed_ids(value) == expected


def test_a_list_is_read_at_most_to_its_limit():
    assert len(listed_ids(",".join(str(n) for n in range(1, 2000)))) == MOST_DOCUMENTS


def test_a_lists_page_shows_its_published_documents_in_the_readers_order(listed, client):
    ids = f"{listed['letter'].pk},{listed['draft'].pk},{listed['telegram'].pk},999999"
    page = client.get("/list", {"ids": ids}).content.decode()
    assert page.index("Letter about wheat") < page.index("Telegram on the Lüshun talks")
    assert "Secret draft" not in page
    assert '<h2 class="reading-list-count">2 documents</h2>' in page
    # Its canonical address names what it shows, and is not indexed by search engines
    shown = f"{listed['letter'].pk},{listed['telegram'].pk}"
    assert f'<link rel="canonical" href="{settings.SITE_URL}/list?ids={shown}">' in page
    assert '<meta name="robots" content="noindex">' in page
    assert f'href="/list/documents.ris?ids={shown}"' in page
    assert f'href="/list/course-pack.epub?ids={shown}"' in page


def test_an_empty_list_says_how_to_make_one(client, db):
    page = client.get("/list").content.decode()
    assert "This reading list is empty" in page
    assert "course-pack" not in page


def test_a_document_page_offers_to_add_it_to_the_reading_list(listed, client):
    document = listed["telegram"]
    page = client.get(document.get_absolute_url()).content.decode()
    assert f'data-reading-list-toggle="{document.pk}" hidden' in page
    assert "/static/readingroom/reading-list.js" in page
    assert "data-reading-list-link" in page


def test_a_list_downloads_in_the_readers_order_without_drafts(listed, client):
    ids = f"{listed['telegram'].pk},{listed['draft'].pk},{listed['letter'].pk}"
    response = client.get("/list/documents.csv", {"ids": ids})
    assert response.status_code == 200
    rows = b"".join(response.streaming_content).decode().splitlines()
    assert [row.split(",")[0] for row in rows[1:]] == [
        str(listed["telegram"].pk),
        str(listed["letter"].pk),
    ]
    assert client.get("/list/documents.xls", {"ids": ids}).status_code == 404


def course_pack(client, ids: str) -> bytes:
    response = client.get("/list/course-pack.epub", {"ids": ids})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/epub+zip"
    return response.content


def test_a_course_pack_is_an_epub_of_the_lists_documents(listed, client, tmp_path):
    ids = f"{listed['letter'].pk},{listed['draft'].pk},{listed['telegram'].pk}"
    data = course_pack(client, ids)
    # The container as EPUB readers expect it: "mimetype" first and stored, then XHTML
    with zipfile.ZipFile(io.BytesIO(data)) as container:
        first = container.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert container.read("mimetype") == b"application/epub+zip"
        chapters = [name for name in container.namelist() if "/document-" in name]
        for name in container.namelist():
            if name.endswith((".xhtml", ".opf", ".xml", ".ncx")):
                etree.fromstring(container.read(name))  # well-formed, or this raises
    assert chapters == [
        f"EPUB/document-{listed['letter'].pk}.xhtml",
        f"EPUB/document-{listed['telegram'].pk}.xhtml",
    ]
    # Read back by ebooklib's reader: the book's order, text kept exactly, markup escaped
    path = tmp_path / "pack.epub"
    path.write_bytes(data)
    book = epub.read_epub(str(path))
    assert book.get_metadata("DC", "title")[0][0] == "Reading list: 2 documents"
    spine = [book.get_item_with_id(item_id).file_name for item_id, _ in book.spine[1:]]
    assert spine == [name.removeprefix("EPUB/") for name in chapters]
    telegram = book.get_item_with_href(f"document-{listed['telegram'].pk}.xhtml").get_content()
    text = telegram.decode()
    assert "Чжоу Эньлай met the delegation.[1]" in text
    assert "[1] 周恩来 in the original." in text
    assert "&amp; &lt;b&gt;no markup&lt;/b&gt;" in text
    assert "May 1, 1955" in text
    assert listed["telegram"].permalink in text
    letter = book.get_item_with_href(f"document-{listed['letter'].pk}.xhtml").get_content()
    assert "Grain for the winter." in letter.decode()
    assert "Transcript (Russian)" in letter.decode()
    assert b"Draft text" not in data and b"Secret draft" not in data
