"""What Zotero saves of a document page: its real translation-server against a live server.

Zotero finds the page's unAPI link and saves the RIS record (docs/citations.md, "Zotero
reads the RIS record"): every field is checked as Zotero gives it.
"""

import pytest

from readingroom.archive.models import Document

pytestmark = pytest.mark.django_db(transaction=True)

RIGHTS = (
    "The History and Public Policy Program welcomes reuse of Digital Archive materials for"
    " research and educational purposes. Some documents may be subject to copyright, which is"
    " retained by the rights holders in accordance with US and international copyright laws."
    " When possible, rights holders have been contacted for permission to reproduce their"
    " materials. To enquire about this document's rights status or request permission for"
    " commercial use, please contact the History and Public Policy Program."
)


@pytest.fixture
def site(settings, live_server, sample_archive):
    # The translation-server takes only URLs with a dotted host name or an IP address.
    url = live_server.url.replace("://localhost:", "://127.0.0.1:")
    settings.SITE_URL = url
    return url


def saved(zotero, url: str) -> tuple[dict, list[dict]]:
    """The item Zotero saves, and its child notes."""
    items = zotero(url)
    (item,) = [item for item in items if item["itemType"] != "note"]
    notes = [note for note in items if note["itemType"] == "note"]
    # Zotero's own: the item's key, when it was saved, and the site's host as its catalog.
    for volatile in ("key", "version", "accessDate", "libraryCatalog"):
        item.pop(volatile)
    return item, notes


def test_zotero_saves_110398_whole(site, zotero):
    item, notes = saved(zotero, f"{site}/document/110398")

    assert item == {
        "itemType": "letter",
        "title": "Request by the Chinese leadership to the Soviet Leadership for Help in"
        " Establishing a Chinese Nuclear Program",
        "creators": [{"firstName": "David", "lastName": "Wolff", "creatorType": "translator"}],
        "date": "1956-01-15",
        "letterType": "letter",
        "archive": "Wilson Center Digital Archive",
        "archiveLocation": "TsKhSD (Center for the Storage of Contemporary Documentation),"
        " f.5, op.30, d.164, ll. 7a, 48-9",
        "language": "ru",
        "abstractNote": Document.objects.get(pk=110398).summary,
        "url": f"{site}/document/110398",
        "rights": RIGHTS,
        "tags": [],
    }
    assert [note["note"] for note in notes] == [
        "<p>Obtained by Tatiana Zazerskaia and translated by David Wolff.</p>"
    ]


def test_zotero_saves_116979_with_both_translators_family_name_first(site, zotero):
    item, _ = saved(zotero, f"{site}/document/116979")

    assert item["itemType"] == "manuscript"
    assert item["manuscriptType"] == "memorandum"
    assert item["creators"] == [
        {"firstName": "Shu Guang", "lastName": "Zhang", "creatorType": "translator"},
        {"firstName": "Jian", "lastName": "Chen", "creatorType": "translator"},
    ]
    assert (item["date"], item["language"]) == ("1957-12-14", "zh")
    assert item["archive"] == "Wilson Center Digital Archive"
    assert item["archiveLocation"] == (
        "Fond 100 (1957), op. 50, papka 423, delo 3, Russian Foreign Ministry archives,"
        " Moscow, original in Chinese"
    )
    assert item["url"] == f"{site}/document/116979"
    assert item["rights"] == RIGHTS
    assert item["abstractNote"].startswith("The Chinese Government proposes")


def test_zotero_saves_author_recipient_and_the_translations_translator(site, zotero):
    # the letter whose translator is named on its translation (seed 001)
    letter = Document.objects.get(title="Letter, Mao Zedong to Comrade Filippov [Stalin]")

    item, _ = saved(zotero, f"{site}/document/{letter.pk}")

    assert item["itemType"] == "letter"
    assert item["creators"] == [
        {"firstName": "Zedong", "lastName": "Mao", "creatorType": "author"},
        {"firstName": "Joseph", "lastName": "Stalin", "creatorType": "recipient"},
        {"firstName": "David", "lastName": "Cowhig", "creatorType": "translator"},
    ]
