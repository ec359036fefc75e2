"""The reader's pages, as a reader's browser receives them: exact values, drafts nowhere."""

import datetime as dt
import re
from html import unescape

import pytest
from django.core.files.base import ContentFile

from readingroom.archive.models import Page, RenditionFile

SITE = "https://archive.example.org"
TITLE = (
    "Request by the Chinese leadership to the Soviet Leadership for Help in Establishing a"
    " Chinese Nuclear Program"
)
SOURCE = "TsKhSD (Center for the Storage of Contemporary Documentation), f.5, op.30, d.164"
TEXT = (
    "Comrade Filippov [Stalin]:[1]\n\n"
    "According to my proposal <b>in two telegrams</b>, we ask [you] to help.\n\n"
    "Mao Zedong\nJuly 27, 1952"
)
NOTE = "These footnotes have not been translated into English. – Charles Kraus."
DRAFT = "Secret Draft Memorandum on Lüshun"


@pytest.fixture(autouse=True)
def site_url(settings, tmp_path):
    settings.SITE_URL = SITE
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def mao(records):
    return records.person("Mao, Zedong", birth="1893", death="1976", featured=True)


@pytest.fixture
def letter(records, mao):
    """A document modelled on seeds 001 and 003, with every part its page shows."""
    document = records.document(
        TITLE,
        date="1956-01-15",
        summary="Request by Chinese leaders for technical and scientific aid.",
        source_citation=SOURCE,
        printed_source="Jianguo yilai Zhou Enlai wengao, vol. 7 (Beijing, 2018), 37-39.",
        document_type="letter",
        rights="The History and Public Policy Program welcomes reuse.",
        original_uploaded=dt.date(2011, 11, 3),
        featured=True,
    )
    document.original_languages.add(records.language("ru"))
    document.funders.add(records.funder("Carnegie Corporation of New York (CCNY)"))
    records.contribute(document, "Tatiana Zazerskaia", "obtained")
    records.contribute(document, "David Wolff", "translated", order=1)
    records.rendition(document, TEXT, notes={"1": NOTE, "2": "A note nobody cites."})
    records.link_person(document, mao, role="author")
    stalin = records.person("Stalin, Joseph", birth="1879", death="1953")
    records.link_person(document, stalin, role="recipient", uncertain=True)
    records.link_place(document, records.place("China", region="East Asia", featured=True))
    document.topics.add(records.topic("Korean War", span="1950/1953", featured=True))
    records.add_to_collection(records.collection("Sino-Soviet Relations"), [document])
    return document


@pytest.fixture
def draft(records, letter, mao):
    """A draft linked to everything the published letter is linked to."""
    draft = records.draft(DRAFT, summary="Not for readers yet.", featured=True)
    records.link_person(draft, mao)
    records.link_place(draft, letter.places.get())
    draft.topics.add(letter.topics.get())
    records.add_to_collection(letter.collections.get(), [draft])
    letter.related.add(draft)
    return draft


def text_of(response) -> str:
    """The page's visible text, tags removed and whitespace collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_document_page_shows_the_record(client, letter):
    # When a reader opens the letter's stable URL
    response = client.get(f"/document/{letter.record_id}")

    # Then every part of the record is there, as the seed pages print it
    assert response.status_code == 200
    text = text_of(response)
    html = response.content.decode()
    assert "January 15, 1956" in text
    assert f"<h1>{TITLE}</h1>" in html
    assert (
        "This document was made possible with support from Carnegie Corporation of New York"
        " (CCNY)" in text
    )
    assert (
        f'"{TITLE}", January 15, 1956, Wilson Center Digital Archive, {SOURCE}. Obtained by'
        " Tatiana Zazerskaia and translated by David Wolff." in text
    )
    assert "Original Language Russian" in text
    assert "Document Type Letter" in text
    assert "Printed Source Jianguo yilai Zhou Enlai wengao, vol. 7 (Beijing, 2018), 37-39." in text
    assert f"Record ID {letter.record_id}" in text
    assert "Original Uploaded Date November 3, 2011" in text
    assert "Rights The History and Public Policy Program welcomes reuse." in text
    assert "Funders Carnegie Corporation of New York (CCNY)" in text
    assert '<a href="/people/mao-zedong">Mao, Zedong</a> <span class="role">(Author)' in html
    assert (
        '<a href="/people/stalin-joseph">Stalin, Joseph</a> <span class="role">(Recipient'
        ' <a class="certainty certainty-probable" href="#certainty-legend"'
        ' aria-label="probable (recipient): what this means">probable</a>)</span>' in html
    )
    assert '<a href="/places/china">China</a>' in html
    assert '<a href="/topics/korean-war-1950-1953">Korean War, 1950-1953</a>' in html
    assert '<a href="/collections/sino-soviet-relations">Sino-Soviet Relations</a>' in html


def test_document_text_has_contents_paragraphs_and_escaped_html(client, letter):
    rendition = letter.renditions.get()
    anchor = f"translation-en-{rendition.pk}"

    html = client.get(f"/document/{letter.record_id}").content.decode()

    assert f'<li><a href="#{anchor}">Translation - English</a></li>' in html
    assert f'<h2 id="{anchor}-heading">Translation - English</h2>' in html
    # Stored text is never trusted as HTML
    assert "&lt;b&gt;in two telegrams&lt;/b&gt;" in html
    assert "<b>in two telegrams</b>" not in html
    # A single newline stays in the paragraph (CSS shows it), a blank line starts a new one
    assert (
        '<p id="p3" class="passage">Mao Zedong\nJuly 27, 1952<span class="passage-links">' in html
    )


def test_footnote_reference_links_to_the_note_and_back(client, letter):
    pk = letter.renditions.get().pk

    html = client.get(f"/document/{letter.record_id}").content.decode()

    assert (
        f'Comrade Filippov [Stalin]:<sup class="footnote-ref"><a href="#fn-{pk}-1"'
        f' id="fnref-{pk}-1">[1]</a></sup>' in html
    )
    assert f'<li id="fn-{pk}-1"><span class="note-label">[1]</span> {NOTE}' in unescape(html)
    assert f'<a class="back-link" href="#fnref-{pk}-1"' in html
    # Brackets that are not footnotes stay text; an uncited note has no back link
    assert "we ask [you] to help." in html
    assert f'href="#fnref-{pk}-2"' not in html


def test_a_note_on_a_note_links_from_its_note_and_back(client, records):
    # given a FRUS note that quotes a paragraph with its own note, and a table's "*"s
    document = records.document("NSC 5706/2")
    text = "Paragraph 12.[6]\n\nIran | ([*])\nIraq | ([*.2])"
    notes = {"6": "Revised to read: “Assistance[7] to escapees.”", "7": "Not printed."}
    rendition = records.rendition(document, text, notes={**notes, "*": "Est.", "*.2": "Est."})
    pk = rendition.pk

    html = client.get(document.get_absolute_url()).content.decode()

    # then note 7 is linked from inside note 6, and goes back there
    assert (
        f'Revised to read: “Assistance<sup class="footnote-ref"><a href="#fn-{pk}-7"'
        f' id="fnref-{pk}-7">[7]</a></sup> to escapees.”' in unescape(html)
    )
    assert f'<a class="back-link" href="#fnref-{pk}-7"' in html
    # and the second "*" of the table is a note of its own
    assert f'<a href="#fn-{pk}-*.2" id="fnref-{pk}-*.2">[*.2]</a>' in html
    assert f'<li id="fn-{pk}-*.2">' in html


def test_document_in_another_script_marks_its_language(client, records):
    document = records.document("Letter, Mao Zedong to Comrade Filippov")
    records.rendition(document, "菲利波夫同志：", kind="transcript", language="zh")

    html = client.get(document.get_absolute_url()).content.decode()

    assert '<html lang="en">' in html
    assert '<div class="document-text" lang="zh">' in html
    assert '<p id="p1" class="passage">菲利波夫同志：<span class="passage-links">' in html
    assert "Transcript - Chinese" in html


def test_scan_files_are_offered_for_download(client, records):
    document = records.document("Scanned Telegram")
    scan = records.rendition(document, kind="scan", language="ru")
    RenditionFile.objects.create(
        rendition=scan,
        file=ContentFile(b"%PDF-1.4 fake", name="telegram.pdf"),
        label="Original scan",
        content_type="application/pdf",
    )

    text = text_of(client.get(document.get_absolute_url()))

    assert "Original scan - Russian" in text
    assert "Download Original scan (application/pdf, 13 bytes)" in text


def test_undated_document_says_so(client, records):
    document = records.document("A Note Without a Date", date=None)

    assert "Undated A Note Without a Date" in text_of(client.get(document.get_absolute_url()))


def test_slug_url_redirects_permanently_to_the_canonical_url(client, letter, draft):
    response = client.get(f"/document/{letter.record_id}/request-by-the-chinese-leadership")

    assert response.status_code == 301
    assert response["Location"] == f"/document/{letter.record_id}"
    assert client.get(f"/document/{draft.record_id}/secret-draft").status_code == 404


@pytest.mark.parametrize("status", ["draft", "review"], ids=["draft", "in-review"])
def test_unpublished_document_is_not_found(client, records, status):
    document = records.document(DRAFT, status=status)

    response = client.get(f"/document/{document.record_id}")

    assert response.status_code == 404
    assert "Page not found" in text_of(response)
    assert DRAFT not in response.content.decode()


def test_unknown_record_is_a_friendly_404_in_the_site_layout(client, db):
    response = client.get("/document/999999")

    assert response.status_code == 404
    html = response.content.decode()
    assert '<a class="skip-link" href="#main">Skip to content</a>' in html
    assert "<h1>Page not found</h1>" in html


def public_pages(letter, mao) -> list[str]:
    return [
        "/",
        "/catalog",
        "/catalog?sort=date",
        f"/document/{letter.record_id}",
        mao.get_absolute_url(),
        letter.places.get().get_absolute_url(),
        letter.topics.get().get_absolute_url(),
        letter.collections.get().get_absolute_url(),
        "/people",
        "/places",
        "/topics",
        "/collections",
    ]


def test_draft_appears_on_no_public_page(client, letter, mao, draft):
    for url in public_pages(letter, mao):
        response = client.get(url)
        assert response.status_code == 200, url
        assert DRAFT not in response.content.decode(), url
        assert f"/document/{draft.record_id}" not in response.content.decode(), url


def test_drafts_are_not_counted(client, letter, mao, draft):
    # Mao, China, the topic and the collection each have one published document and a draft
    assert "Mao, Zedong 1893-1976 (1)" in text_of(client.get("/people"))
    assert "China (East Asia) (1)" in text_of(client.get("/places"))
    assert "Korean War, 1950-1953 (1)" in text_of(client.get("/topics"))
    assert "Sino-Soviet Relations (1)" in text_of(client.get("/collections"))
    assert "Results: 1 - 1 of 1" in text_of(client.get(mao.get_absolute_url()))


def test_every_page_has_its_canonical_url(client, letter, mao):
    for url in public_pages(letter, mao) + ["/about"]:
        path = url.split("?")[0]
        html = client.get(url).content.decode()
        assert f'<link rel="canonical" href="{SITE}{path}">' in html, url


def test_later_pages_keep_their_number_in_the_canonical_url(client, records):
    records.documents(11)

    html = client.get("/catalog?page=2").content.decode()

    assert f'<link rel="canonical" href="{SITE}/catalog?page=2">' in html


def test_home_page_features_people_places_topics_and_documents(client, letter, draft, records):
    # Given two more published documents on the featured topic (and the draft)
    topic = letter.topics.get()
    for document in records.documents(2):
        records.tag(document, topic)

    response = client.get("/")

    text = text_of(response)
    html = response.content.decode()
    assert '<nav class="crown" aria-label="Quick links">' in html
    assert '<a href="/about">About the Digital Archive</a>' in html
    assert "Featured People" in text
    assert '<span class="placeholder" aria-hidden="true">M</span>' in html
    assert "Mao, Zedong 1893-1976" in text
    assert "China (East Asia)" in text
    assert "Korean War, 1950-1953 (3) documents" in text
    assert "See All People" in text
    assert (
        "January 15, 1956 " + TITLE + " Comrade Filippov [Stalin]:[1] According to my proposal"
        in text
    )
    assert "Request by Chinese leaders for technical and scientific aid." in text
    assert 'class="search-form" role="search" aria-label="The whole archive"' in html


def test_home_page_shows_a_portrait_with_its_alt_text(client, records):
    records.person(
        "Castro, Fidel",
        featured=True,
        published=True,
        portrait=ContentFile(b"GIF89a", name="castro.gif"),
        portrait_alt="Fidel Castro speaking in Havana",
    )

    html = client.get("/").content.decode()

    assert re.search(r'<img src="/media/portraits/castro[^"]*\.gif" alt="Fidel Castro', html)


def test_featured_document_opening_is_cut_at_a_word(client, records):
    document = records.document("A Long Report", featured=True)
    records.rendition(document, "word " * 300)

    text = text_of(client.get("/"))

    opening = re.search(r"A Long Report ((?:word )+)word…", text)
    assert opening is not None
    assert 300 < len(opening.group(0)) < 420


def test_catalog_pages_through_documents_newest_first(client, records):
    records.documents(25)

    response = client.get("/catalog?page=2")

    text = text_of(response)
    html = response.content.decode()
    assert "Results: 11 - 20 of 25" in text
    titles = re.findall(r"Document \d{3}", text)
    assert titles == [f"Document {n:03d}" for n in range(15, 5, -1)]
    assert '<a href="?page=1" rel="prev">Previous</a>' in html
    assert '<a href="?page=2" aria-current="page">2</a>' in html
    assert '<a href="?page=3" rel="next">Next</a>' in html


def test_catalog_sorts_oldest_first_on_request(client, records):
    records.documents(12)

    response = client.get("/catalog?sort=date&page=2")

    text = text_of(response)
    assert "Results: 11 - 12 of 12" in text
    assert re.findall(r"Document \d{3}", text) == ["Document 011", "Document 012"]
    assert '<a href="?sort=date&amp;page=1" rel="prev">Previous</a>' in response.content.decode()


def test_person_page_lists_the_persons_documents_paginated(client, records, mao):
    records.person("Zhou, Enlai")
    for document in records.documents(25):
        records.link_person(document, mao)
    biography = "Chairman of the Chinese Communist Party.\n\nBorn in Shaoshan."
    mao.other_names, mao.biography = ["Mao Tse-tung", "毛泽东"], biography
    mao.save()

    text = text_of(client.get("/people/mao-zedong?page=3&sort=date"))

    assert "Person Mao, Zedong 1893-1976 Other names: Mao Tse-tung; 毛泽东" in text
    assert "Chairman of the Chinese Communist Party. Born in Shaoshan." in text
    assert "Results: 21 - 25 of 25" in text
    assert re.findall(r"Document \d{3}", text) == [f"Document {n:03d}" for n in range(21, 26)]


def test_collection_keeps_its_curated_order(client, records):
    collection = records.collection("Nuclear History")
    late, early, middle = (
        records.document("Late", date="1960"),
        records.document("Early", date="1950"),
        records.document("Middle", date="1955"),
    )
    records.add_to_collection(collection, [middle, late, early])

    curated = text_of(client.get(collection.get_absolute_url()))
    newest = text_of(client.get(collection.get_absolute_url() + "?sort=-date"))

    assert re.findall(r"\b(Late|Early|Middle)\b", curated.split("Results")[1]) == [
        "Middle",
        "Late",
        "Early",
    ]
    assert re.findall(r"\b(Late|Early|Middle)\b", newest.split("Results")[1]) == [
        "Late",
        "Middle",
        "Early",
    ]


def test_people_index_groups_by_letter_with_counts(client, letter, records):
    # (two people no published document names, but published in their own right)
    records.person("Ürümqi, Person", published=True)
    records.person("Castro, Fidel", birth="1926", death="2016", published=True)
    # (and one only a draft names: not public)
    records.link_person(records.draft(), records.person("Hidden, Person"))

    response = client.get("/people")

    text = text_of(response)
    html = response.content.decode()
    assert '<a href="#letter-M">M</a>' in html
    assert '<span class="absent">B</span>' in html
    assert re.findall(r'<h2 id="letter-(\w+)">', html) == ["C", "M", "S", "U"]
    assert "Castro, Fidel 1926-2016 (0)" in text
    assert "Mao, Zedong 1893-1976 (1)" in text
    assert "Stalin, Joseph 1879-1953 (1)" in text
    assert "Ürümqi, Person (0)" in text
    assert "Hidden" not in html


def test_places_topics_and_collections_indexes(client, letter, records):
    records.topic("Space Race", published=True)

    assert "C China (East Asia) (1)" in text_of(client.get("/places"))
    assert "K Korean War, 1950-1953 (1) S Space Race (0)" in text_of(client.get("/topics"))
    assert "S Sino-Soviet Relations (1)" in text_of(client.get("/collections"))


def test_about_page_and_unpublished_pages(client, db):
    Page.objects.create(slug="hidden", title="Hidden Page", body="Soon.", published=False)
    Page.objects.create(slug="donate", title="Donate", body="Give.\n\nThank you.")

    assert "<h1>About the Digital Archive</h1>" in client.get("/about").content.decode()
    assert "<p>Give.</p><p>Thank you.</p>" in client.get("/pages/donate").content.decode()
    assert client.get("/pages/hidden").status_code == 404


@pytest.mark.parametrize(
    "query",
    ["page=abc", "page=0", "page=-3", "page=99999", "page=2.5", "sort=evil", "sort=&page="],
    ids=["letters", "zero", "negative", "far-past-the-end", "fraction", "evil-sort", "empty"],
)
def test_bad_query_parameters_never_fail(client, records, mao, query):
    for document in records.documents(12):
        records.link_person(document, mao)

    for path in ["/catalog", mao.get_absolute_url()]:
        response = client.get(f"{path}?{query}")
        assert response.status_code == 200, path
        assert "Results: " in text_of(response)


def test_page_past_the_end_shows_the_last_page(client, records):
    records.documents(12)

    assert "Results: 11 - 12 of 12" in text_of(client.get("/catalog?page=99999"))


def test_empty_catalog_says_so(client, db):
    assert "No published documents yet" in text_of(client.get("/catalog"))


@pytest.mark.parametrize(
    "url",
    [
        "/people/nobody",
        "/places/nowhere",
        "/topics/nothing",
        "/collections/none",
        "/document/99999999999999999999999",
        "/document/99999999999999999999999/a-slug",
    ],
    ids=["person", "place", "topic", "collection", "huge-record-id", "huge-record-id-slug"],
)
def test_unknown_entity_is_not_found(client, db, url):
    assert client.get(url).status_code == 404


def test_pages_link_a_stylesheet_that_is_served(client, db):
    html = client.get("/").content.decode()
    assert '<link rel="stylesheet" href="/static/readingroom/site.css">' in html

    response = client.get("/static/readingroom/site.css")

    assert response.status_code == 200
    assert b"@media print" in b"".join(response.streaming_content)


@pytest.mark.parametrize("above", [0, 1000], ids=["walks-the-catalog", "sorts-the-few"])
def test_an_entity_lists_the_same_documents_whichever_way_it_is_queried(
    client, records, monkeypatch, above
):
    # given a person in 3 of 12 published documents, and a draft of theirs
    from readingroom.archive import queries

    monkeypatch.setattr(queries, "DENSE_ABOVE", above)
    person = records.person(sort_name="Nie, Rongzhen")
    documents = records.documents(12)
    for document in documents[2:5]:
        records.link_person(document, person)
    records.link_person(records.draft("Nie's secret draft"), person)

    # then the page lists exactly their published documents, newest first
    html = client.get(f"/people/{person.slug}").content.decode()
    assert "Results: 1 - 3 of 3" in html
    titles = [document.title for document in reversed(documents[2:5])]
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)
    assert "secret draft" not in html


def test_featured_documents_are_newest_first_undated_last_and_never_drafts(client, records):
    records.document("Older featured letter", date="1952-07-27", featured=True)
    records.document("Undated featured note", date=None, featured=True)
    records.document("Newer featured memorandum", date="1957-12-14", featured=True)
    records.draft("Featured secret draft", featured=True)

    html = client.get("/").content.decode()

    titles = ["Newer featured memorandum", "Older featured letter", "Undated featured note"]
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)
    assert "Featured secret draft" not in html
