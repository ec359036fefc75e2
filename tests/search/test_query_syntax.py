"""The query syntax: what it means, and that nothing a reader types is an error."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readingroom.search.query import MOST_TERMS, Group, Phrase, Word, build, parse


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nuclear weapons", Group(must=[Word("nuclear"), Word("weapons")])),
        ('"atomic bomb', Group(must=[Phrase("atomic bomb")])),
        ("Mao OR Stalin", Group(must=[Group(must=[Word("Mao"), Word("Stalin")], any_of=True)])),
        ("-Korea", Group(must_not=[Word("Korea")])),
        ('-"Korean War"', Group(must_not=[Phrase("Korean War")])),
        ("NOT Korea", Group(must_not=[Word("Korea")])),
        ("isotop*", Group(must=[Word("isotop", prefix=True)])),
        ("i*", Group(must=[Word("i")])),
        ("person:Stalin", Group(must=[Word("Stalin", ("person_names",))])),
        ('place:"Port Arthur"', Group(must=[Phrase("Port Arthur", ("place_names",))])),
        ("weather:fine", Group(must=[Word("weather:fine")])),
        ("(Mao", Group(must=[Group(must=[Word("Mao")])])),
        ("Mao)) OR", Group(must=[Word("Mao")])),
        ("- OR AND", Group()),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_the_query_syntax(text, expected):
    assert parse(text).root == expected


def test_an_overlong_query_keeps_its_first_words_and_says_so():
    parsed = parse("word " * 5000)
    assert len(parsed.root.must) == MOST_TERMS
    assert parsed.notes == [f"Your search was long: only its first {MOST_TERMS} words were used."]


def test_deep_parentheses_are_not_a_problem():
    parsed = parse("(" * 10_000 + "Mao" + ")" * 3)
    assert build(parsed) is not None
    assert parse("(" * 10_000).root == Group()


# fmt: off
QUERY_PIECES = st.sampled_from([
    '"', "(", ")", "-", "*", ":", "OR", "AND", "NOT", "person:", "title:", " ", "\x00",
    "原子能", "Lüshun", "Stalin", "a", "\\", "[", "]", "{", "}", "^", "~", "&&", "||", "/",
])
# fmt: on
QUERIES = st.one_of(
    st.text(max_size=200),
    st.lists(QUERY_PIECES, max_size=40).map("".join),
    st.lists(st.one_of(QUERY_PIECES, st.text(max_size=5)), max_size=30).map(" ".join),
)


@pytest.fixture
def small_archive(records, search_index):
    document = records.document("Stalin at Lüshun")
    records.rendition(document, "会议讨论了原子能的和平利用问题。")
    search_index.rebuild()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=QUERIES, sort=st.sampled_from(["", "date", "-date", "title", "relevance", "x"]))
def test_no_query_string_is_an_error(small_archive, client, text, sort):
    for path in ("/search", "/search.json"):
        response = client.get(path, {"q": text, "sort": sort, "from": text[:8], "page": text[:3]})
        assert response.status_code == 200


def test_a_query_of_ten_thousand_characters_gets_results(small_archive, client):
    # a "word" of thousands of letters makes no term, so the rest of the query counts
    response = client.get("/search.json", {"q": "Stalin " + "x" * 10_000})
    assert response.status_code == 200
    assert response.json()["total"] == 1
