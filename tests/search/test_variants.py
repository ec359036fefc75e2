"""Other names: which names a name stands for, and how a query is rewritten with them."""

import itertools
import threading
import time

import pytest

from readingroom.search.names import Refreshed
from readingroom.search.query import Group, Phrase, Word, parse
from readingroom.search.variants import (
    MOST_ALTERNATIVES,
    MOST_NAMES,
    Variants,
    expand,
    spellings,
    variants_of,
)


@pytest.mark.parametrize(
    ("written", "names"),
    [
        ("Mao Tse-tung (Mao Zedong)", ["Mao Tse-tung", "Mao Zedong"]),
        (
            "Pak Chong-hui (Pak Chung-hui, Park Chung Hee)",
            ["Pak Chong-hui", "Pak Chung-hui", "Park Chung Hee"],
        ),
        ("Chow (Chou) Shu-kai", ["Chow (Chou) Shu-kai"]),  # a parenthesis inside: one name
        ("Khrushchev, Nikita S.", ["Khrushchev, Nikita S."]),
    ],
)
def test_a_trailing_parenthesis_holds_other_names(written, names):
    assert spellings(written) == names


def test_a_name_stands_for_the_other_names_of_its_entity():
    variants = variants_of(
        [
            ["Beijing", "Peking", "Peiping", "北京"],
            ["Nikita Khrushchev", "Khrushchev, Nikita"],  # one name in two orders
            ["Mao Tse-tung (Mao Zedong)"],
        ]
    )

    assert variants.of("PEKING") == ("Beijing", "Peiping", "北京")
    assert variants.of("北京") == ("Beijing", "Peking", "Peiping")
    assert variants.of("Khrushchev, Nikita") == ()
    assert variants.of("mao zedong") == ("Mao Tse-tung",)
    assert variants.of("Mao Tse tung") == ("Mao Zedong",)
    assert variants.longest == 3


def test_a_name_of_two_entities_stands_for_the_names_of_both_up_to_a_limit():
    many = [f"Name{n}" for n in range(20)]
    variants = variants_of([["Georgia", "Sakartvelo"], ["Georgia", "GA"], ["Alpha", *many]])

    assert variants.of("Georgia") == ("Sakartvelo",)  # "GA" is too short to be a name
    assert variants.of("Alpha") == tuple(many[:MOST_NAMES])


VARIANTS = variants_of(
    [
        ["Beijing", "Peking", "Peiping"],
        ["Chiang Kai-shek", "Chiang Kaishek", "Jiang Jieshi"],
    ]
)


def test_a_word_becomes_itself_or_its_other_names():
    parsed = parse("Peking treaty")

    expanded, found = expand(parsed, VARIANTS)

    assert expanded.root.must == [
        Group([Word("Peking"), Word("Beijing"), Word("Peiping")], any_of=True),
        Word("treaty"),
    ]
    assert [(f.written, f.others) for f in found] == [("Peking", ("Beijing", "Peiping"))]
    assert parsed.root.must == [Word("Peking"), Word("treaty")]  # the parse is left alone


def test_unquoted_words_that_are_a_name_are_expanded_as_one():
    expanded, found = expand(parse("visit Chiang Kaishek Taipei"), VARIANTS)

    assert expanded.root.must == [
        Word("visit"),
        Group(
            [
                Group([Word("Chiang"), Word("Kaishek")]),
                Phrase("Chiang Kai-shek"),
                Phrase("Jiang Jieshi"),
            ],
            any_of=True,
        ),
        Word("Taipei"),
    ]
    assert found[0].written == "Chiang Kaishek"


@pytest.mark.parametrize(
    ("query", "expanded"),
    [
        ('"Jiang Jieshi"', 1),  # a phrase
        ("-Peking", 1),  # excluded: none of its names
        ("Peking OR Nanking", 1),
        ("title:Peking", 1),  # in a field: its other names in that field
        ("place:Peking", 0),  # a name field holds every name of the linked places already
        ("Pek*", 0),  # a prefix is not a name
        ("Chiang", 0),
    ],
)
def test_what_is_expanded(query, expanded):
    _, found = expand(parse(query), VARIANTS)
    assert len(found) == expanded


def test_a_query_full_of_names_is_expanded_within_a_budget():
    names = [[f"Place{n}", f"Other{n}a", f"Other{n}b", f"Other{n}c"] for n in range(40)]
    query = " ".join(f"Place{n}" for n in range(30))

    _, found = expand(parse(query), variants_of(names))

    assert sum(len(f.others) for f in found) == MOST_ALTERNATIVES


def test_a_name_written_twice_is_said_once():
    expanded, found = expand(parse("Peking -Peking"), VARIANTS)

    assert len(found) == 1
    assert expanded.root.must_not == [
        Group([Word("Peking"), Word("Beijing"), Word("Peiping")], any_of=True)
    ]


def test_without_names_nothing_changes():
    parsed = parse("Peking")
    assert expand(parsed, Variants()) == (parsed, [])


def test_names_once_read_are_read_again_in_the_background():
    # given names kept for no time at all, read from a source that changes
    reads = itertools.count(1)
    again = threading.Event()

    def read() -> str:
        value = f"read {next(reads)}"
        if value == "read 2":
            again.set()
        return value

    kept = Refreshed(read, seconds=0.0)

    # then the first use reads them, and a later one gets those while they are read again
    assert kept.latest() == ("read 1", 1)
    assert kept.latest() == ("read 1", 1)
    assert again.wait(5)
    for _ in range(100):  # the thread keeps what it read, then says it is done
        if not kept.reading:
            break
        time.sleep(0.01)
    assert kept.current() == "read 2"
    # and clearing them makes the next use read them at once
    kept.clear()
    assert kept.latest()[0].startswith("read ")
    assert kept.version >= 3
