"""What readers get from a search: matching, ranking, sorting, paging, facets, suggestions."""

import re

import pytest
from django.conf import settings

from readingroom.archive.models import Document, Rendition


@pytest.fixture
def archive(records, search_index):
    """A few documents that exercise every way of matching, then the index of them."""
    mao = records.person("Mao, Zedong", other_names=["毛泽东"])
    zhou = records.person("Zhou, Enlai", other_names=["Chou En-lai", "周恩来"])
    khrushchev = records.person("Khrushchev, Nikita")
    lushun = records.place("Lüshun", other_names=["Port Arthur", "旅顺"])
    nuclear = records.topic("Nuclear History")
    isotopes = records.document(
        "Report on Isotopes for Medicine",
        date="1957-06-03",
        summary="Soviet specialists describe the production of radioactive isotopes.",
        document_type="report",
    )
    records.rendition(isotopes, "The isotope laboratory at Lüshun was opened in 1957.")
    records.link_person(isotopes, zhou)
    records.link_place(isotopes, lushun)
    isotopes.topics.add(nuclear)
    chinese = records.document("Notes of a Conversation", date="1958", document_type="minutes")
    records.rendition(chinese, "会议讨论了原子能的和平利用问题。", language="zh")
    records.link_person(chinese, mao)
    records.link_person(chinese, zhou, role="participant")
    russian = records.document("Letter to the Central Committee", date="1959-06")
    records.rendition(russian, "Мы обсуждали атомные станции и реакторы.", language="ru")
    records.link_person(russian, khrushchev)
    russian.topics.add(nuclear)
    bomb = records.document(
        "On the Atomic Bomb", date="1960-01-05", document_type="report", summary="No help."
    )
    records.rendition(
        bomb,
        "The Soviet side will not provide an atomic bomb model [1].",
        notes={"1": "See the Beidaihe conference minutes."},
    )
    records.link_person(bomb, mao)
    records.draft("Secret Draft on Isotopes")
    search_index.rebuild()
    return {"isotopes": isotopes, "chinese": chinese, "russian": russian, "bomb": bomb}


def record_ids(answer) -> list[int]:
    return [result["record_id"] for result in answer["results"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("isotope", ["isotopes"]),  # English stemming: isotope finds isotopes
        ("ISOTOPES", ["isotopes"]),  # case ignored
        ("Lushun", ["isotopes"]),  # diacritics ignored
        ("Port Arthur", ["isotopes"]),  # a place's other name
        ("Chou En-lai", ["isotopes", "chinese"]),  # a person's other name
        ("原子能", ["chinese"]),  # Chinese matched inside a sentence without spaces
        ("周恩来", ["isotopes", "chinese"]),  # a name in Chinese characters
        ("станция", ["russian"]),  # Russian stemming: станция finds станции
        ("Beidaihe", ["bomb"]),  # footnotes
        ('"atomic bomb"', ["bomb"]),  # an exact phrase
        ('"bomb atomic"', []),  # ... in that order only
        ('"atomic bombs"', []),  # ... and with those very words
        ('"Lushun was opened"', ["isotopes"]),  # ... diacritics ignored, three words
        ('"opened Lushun"', []),
        ('"Bomb No"', []),  # never the title's last word and the summary's first
        ('"bomb model" soviet', ["bomb"]),
        ("isotop*", ["isotopes"]),  # a prefix
        ("person:Khrushchev", ["russian"]),  # a field
        ('person:"Zhou Enlai" -conversation', ["isotopes"]),  # a field and an exclusion
        ("реактор OR Beidaihe", ["russian", "bomb"]),  # OR
        ("soviet -isotopes", ["bomb"]),  # every word must match; minus excludes
        ("topic:nuclear place:lushun", ["isotopes"]),
        # a topic is where a document sits, not its words: named, or a filter
        ("nuclear", []),
        ("topic:nuclear", ["isotopes", "russian"]),
        ("soviet -history", ["isotopes", "bomb"]),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_a_search_finds_what_a_historian_expects(archive, search, query, expected):
    answer = search(q=query, sort="date")
    assert record_ids(answer) == sorted(
        (archive[name].record_id for name in expected),
        key=lambda record_id: Document.objects.get(pk=record_id).date_start,
    )


def test_a_draft_is_never_found(archive, search):
    # given a draft titled "Secret Draft on Isotopes" and a published report on isotopes
    answer = search(q="isotopes")

    # then only the published one is found, and counted
    assert record_ids(answer) == [archive["isotopes"].record_id]
    assert answer["total"] == 1


def test_a_title_match_ranks_above_a_match_in_the_text(records, search_index, search):
    # given "atomic" in one document's text and in another's title
    in_text = records.document("Memorandum of Conversation")
    records.rendition(in_text, "They spoke of atomic questions and of many other things.")
    in_title = records.document("Atomic Cooperation")
    search_index.rebuild()

    answer = search(q="atomic")

    assert record_ids(answer) == [in_title.record_id, in_text.record_id]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("date", ["isotopes", "chinese", "russian", "bomb"]),
        ("-date", ["bomb", "russian", "chinese", "isotopes"]),
        ("title", ["russian", "chinese", "bomb", "isotopes"]),
    ],
)
def test_results_sort_by_date_both_ways_and_by_title(archive, search, sort, expected):
    answer = search(sort=sort)
    assert record_ids(answer) == [archive[name].record_id for name in expected]


def test_undated_documents_come_last_in_both_date_orders(records, search_index, search):
    undated = records.document("Undated Note", date=None)
    early, late = records.document("Early", date="1950"), records.document("Late", date="1960")
    search_index.rebuild()

    assert record_ids(search(sort="date")) == [early.pk, late.pk, undated.pk]
    assert record_ids(search(sort="-date")) == [late.pk, early.pk, undated.pk]


def test_pages_count_like_the_seed_listing(records, search_index, client):
    # given 25 matching documents (the seed's "Results: 11 - 20 of 25")
    records.documents(25, summary="A telegram about the treaty.")
    search_index.rebuild()

    # when the reader opens the second page
    response = client.get("/search", {"q": "treaty", "page": 2})

    # then the count reads like the seed, and the links keep the query
    html = response.content.decode()
    assert "Results: 11 - 20 of 25" in html
    assert 'href="?q=treaty&amp;page=3" rel="next"' in html
    assert html.count('class="document-item"') == 10


@pytest.mark.parametrize(
    ("page", "heading", "shown"),
    [("99999", "21 - 25", 5), ("abc", "1 - 10", 10), ("-1", "1 - 10", 10)],
)
def test_an_impossible_page_is_the_nearest_real_one(
    records, search_index, client, page, heading, shown
):
    records.documents(25)
    search_index.rebuild()
    html = client.get("/search", {"page": page}).content.decode()
    assert f"Results: {heading} of 25" in html
    assert html.count('class="document-item"') == shown


@pytest.mark.parametrize(("per_page", "shown"), [("20", 20), ("50", 25), ("7", 10), ("x", 10)])
def test_per_page_is_10_20_or_50(records, search_index, search, per_page, shown):
    records.documents(25)
    search_index.rebuild()
    assert len(search(per_page=per_page)["results"]) == shown


def test_facets_count_all_matches_and_combine(archive, search):
    # given no filter, every facet counts over all four published documents
    answer = search()
    people = {value["key"]: value["count"] for value in answer["facets"]["person"]}
    assert people == {"zhou-enlai": 2, "mao-zedong": 2, "khrushchev-nikita": 1}
    assert answer["facets"]["type"] == [
        {"key": "report", "label": "Report", "count": 2, "selected": False},
        {"key": "minutes", "label": "Minutes", "count": 1, "selected": False},
    ]
    assert answer["years"] == [
        {"year": 1957, "count": 1},
        {"year": 1958, "count": 1},
        {"year": 1959, "count": 1},
        {"year": 1960, "count": 1},
    ]

    # when the reader picks two people (OR within a facet) and a type (AND across)
    answer = search(person=["mao-zedong", "khrushchev-nikita"], type="report")

    # then only Mao's report remains, and the people facet still offers the others
    assert record_ids(answer) == [archive["bomb"].record_id]
    people = {v["key"]: (v["count"], v["selected"]) for v in answer["facets"]["person"]}
    assert people == {"mao-zedong": (1, True), "zhou-enlai": (1, False)}


@pytest.mark.parametrize(
    ("date_from", "date_to", "expected"),
    [
        ("1957", "1957", ["isotopes"]),
        ("1958", "", ["chinese", "russian", "bomb"]),
        ("", "1959-05", ["isotopes", "chinese"]),
        ("1959-06", "1959-06", ["russian"]),
        ("June 1957", "1957-06-03", ["isotopes"]),
        ("not a date", "1957", ["isotopes"]),
    ],
)
def test_a_date_range_takes_partial_dates(archive, search, date_from, date_to, expected):
    answer = search(**{"from": date_from, "to": date_to, "sort": "date"})
    assert record_ids(answer) == [archive[name].record_id for name in expected]


def test_an_unreadable_date_is_named_not_an_error(archive, search):
    answer = search(**{"from": "not a date"})
    assert answer["total"] == 4
    assert answer["notes"][0].startswith("The date filter was ignored: 'not a date' is not")


def test_a_misspelled_name_gets_a_suggestion(archive, client):
    answer = client.get("/search.json", {"q": "Krushchev"}).json()
    assert answer["total"] == 0
    assert answer["did_you_mean"] == "Khrushchev"

    html = client.get("/search", {"q": "Krushchev"}).content.decode()
    assert 'Did you mean <a href="/search?q=Khrushchev">Khrushchev</a>?' in html


def test_snippets_highlight_the_words_and_escape_the_text(records, search_index, search):
    document = records.document("A Letter")
    records.rendition(document, "Before <script>alert(1)</script> the isotopes were shipped.")
    search_index.rebuild()

    [result] = search(q="isotope")["results"]

    assert result["snippets"] == [
        "Before &lt;script&gt;alert(1)&lt;/script&gt; the <b>isotopes</b> were shipped"
    ]


def test_a_snippet_links_to_the_paragraph_it_matched(records, search_index, search, client):
    # Given a text whose isotopes are in its third paragraph, and a draft's too
    document = records.document("A Letter")
    records.rendition(document, "Comrade Zhou:\n\nWe thank you.\n\nThe isotopes were shipped.")
    Rendition.objects.filter(document=document).update(paragraph_ids=[1, 2, 7], last_paragraph=7)
    records.rendition(records.draft("A Draft"), "Isotopes, secretly.")
    search_index.rebuild()

    # When a reader searches for them
    [result] = search(q="isotope")["results"]
    html = client.get("/search", {"q": "isotope"}).content.decode()

    # Then the snippet links to that paragraph by its permalink number
    url = f"{document.get_absolute_url()}#p7"
    assert result["snippet_urls"] == [f"{settings.SITE_URL}{url}"]
    assert re.search(f'<p class="snippet"><a href="{url}">… [^<]*<b>isotopes</b>', html)


def test_a_snippet_from_a_footnote_links_to_the_document(records, search_index, search):
    document = records.document("A Letter")
    records.rendition(document, "Comrade Zhou [1].", notes={"1": "On the isotopes."})
    search_index.rebuild()

    [result] = search(q="isotope")["results"]

    assert result["snippet_urls"] == [f"{settings.SITE_URL}{document.get_absolute_url()}"]


def test_the_search_page_shows_facets_filters_and_links(archive, client):
    response = client.get("/search", {"q": "topic:nuclear", "person": "khrushchev-nikita"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Results: 1 - 1 of 1" in html
    assert "Letter to the Central Committee" in html
    remove = '<a href="/search?q=topic%3Anuclear" title="Remove this filter">People: Khrushchev'
    assert remove in html
    assert 'value="topic:nuclear"' in html  # the header's box and the page's box keep it


@pytest.mark.parametrize(
    ("typed", "labels"),
    [
        ("lus", ["Lüshun"]),
        ("port a", ["Lüshun"]),
        ("zh", ["Zhou, Enlai"]),
        ("enl", ["Zhou, Enlai"]),
        ("nuc", ["Nuclear History"]),
        ("k", []),
    ],
)
def test_autocomplete_offers_people_places_and_topics(archive, client, typed, labels):
    answer = client.get("/search/autocomplete", {"q": typed}).json()
    assert [s["label"] for s in answer["suggestions"]] == labels


def test_a_search_before_any_index_exists_says_so(db, search_index, client):
    response = client.get("/search", {"q": "anything"})
    assert response.status_code == 200
    assert "The search index is being built" in response.content.decode()
