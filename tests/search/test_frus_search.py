"""Searching real FRUS volumes: prefixes, phrases across footnote markers, other names
and "did you mean".

Expected counts are worked out without the index: from the texts in the database (or
the raw FRUS records), folded and matched with regular expressions, word by word.
"""

import re
import unicodedata

import pytest
from django.core.management import call_command

from readingroom.archive.models import Document, Footnote, Person, Place, Rendition
from readingroom.importers.base import import_files
from readingroom.search import engine, names
from readingroom.search.indexer import build_generation
from tests.fixtures.paths import SHARED

from .frus import add_other_names

VOLUMES = ("frus1955-57v03", "frus1958-60v19")


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def without_markers(text: str, labels: set[str]) -> str:
    """The text without "[n]" where n labels one of its own notes (the test's own cut)."""
    return re.sub(r"\[([^\[\]\s]+)\]", lambda m: "" if m[1] in labels else m[0], text)


def searchable_texts() -> dict[int, list[str]]:
    """Record ID -> what a search without a field reads of each published document:
    title, summary, renditions and their notes (without markers), the archival source,
    and the names of its people and places. Not the volume, chapters or printed source."""
    texts: dict[int, list[str]] = {}
    notes: dict[int, list[Footnote]] = {}
    for note in Footnote.objects.order_by("order", "pk"):
        notes.setdefault(note.rendition_id, []).append(note)
    for document in Document.objects.published().prefetch_related("people", "places", "renditions"):
        body, footnotes = [], []
        for rendition in document.renditions.all():
            own = notes.get(rendition.pk, [])
            labels = {note.label for note in own}
            body.append(without_markers(rendition.text, labels))
            footnotes += [without_markers(note.text, labels) for note in own]
        names = [n for p in document.people.all() for n in [p.sort_name, p.display_name]]
        names += [n for p in document.people.all() for n in p.other_names]
        names += [n for p in document.places.all() for n in [p.name, *p.other_names]]
        source = [document.source_citation, document.source_reference]
        texts[document.record_id] = [
            fold(text)
            for text in [document.title, document.summary, *body, *footnotes, *source, *names]
        ]
    return texts


def with_word(texts: dict[int, list[str]], pattern: str) -> set[int]:
    """The documents with a word matching ``pattern`` (a regular expression of a word, or
    of words separated by anything but a letter or digit)."""
    word = re.compile(rf"(?<![^\W_]){pattern}(?![^\W_])")
    return {record_id for record_id, parts in texts.items() if any(map(word.search, parts))}


def phrase_pattern(phrase: str) -> str:
    """Words in this order; a single word also as its stem finds it ("Quemoys")."""
    words = [re.escape(fold(word)) for word in re.findall(r"[^\W_]+", phrase)]
    return r"[\W_]+".join(words) if len(words) > 1 else words[0] + "s?"


@pytest.fixture(scope="module")
def china_volumes(django_db_setup, django_db_blocker, tmp_path_factory):
    """The two China volumes imported as TEI, published, with the other names an editor
    would give Peking, Quemoy and Chiang Kai-shek, and indexed: once for the module (an
    import takes seconds), emptied after it. Yields the index's folder and the texts."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent (the team's shared material; present in CI)")
    root = tmp_path_factory.mktemp("frus-index")
    with django_db_blocker.unblock():
        paths = [SHARED / "corpus" / "frus" / "xml" / f"{v}.xml" for v in VOLUMES]
        import_files(paths, publish=True)
        add_other_names()
        build_generation(root)
        texts = searchable_texts()
    yield root, texts
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def frus_volumes(china_volumes, db, settings):
    """The China volumes' index for one test (whose own writes are rolled back)."""
    root, texts = china_volumes
    settings.SEARCH_INDEX_DIR, settings.SEARCH_INDEXER = root, "off"
    engine.counts_cache.entries.clear()
    names.variants.clear()
    return texts


@pytest.mark.parametrize("prefix", ["negotiat", "disarmam", "communis", "repatriat", "chou"])
def test_a_prefix_finds_every_document_with_a_word_so_begun(frus_volumes, search, prefix):
    expected = with_word(frus_volumes, rf"{prefix}[^\W_]*")

    answer = search(q=f"{prefix}*")

    assert answer["total"] == len(expected) > 10


def test_a_phrase_is_found_across_a_footnote_marker(frus_volumes, search):
    # given the phrases that a marker of the rendition's own notes cuts in the stored text
    cut = []
    for rendition in Rendition.objects.prefetch_related("footnotes"):
        labels = {note.label for note in rendition.footnotes.all()}
        for match in re.finditer(r"([A-Za-z]{4,})\[(\w+)\] ([A-Za-z]{4,})", rendition.text):
            if match[2] in labels:
                cut.append(f"{match[1]} {match[3]}")
    assert len(cut) > 20
    for phrase in sorted(set(cut))[:12]:
        expected = with_word(frus_volumes, phrase_pattern(phrase))

        answer = search(q=f'"{phrase}"')

        assert answer["total"] == len(expected) > 0, phrase


def test_brackets_that_are_not_notes_stay_words(frus_volumes, search):
    # "[sic]" and the like are the editors' words, not markers
    expected = with_word(frus_volumes, "sic")
    assert search(q="sic")["total"] == len(expected) > 0


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("Peking", ["Peking", "Peiping", "Beijing", "北京"]),
        ("Quemoy", ["Quemoy", "Kinmen", "Jinmen", "Chinmen"]),
        ('"Chiang Kaishek"', ["Chiang Kaishek", "Chiang Kai-shek", "Jiang Jieshi", "蔣中正"]),
        ("Chiang Kaishek", ["Chiang Kaishek", "Chiang Kai-shek", "Jiang Jieshi", "蔣中正"]),
        # from the volume's own list of persons: "Mao Tse-tung (Mao Zedong)"
        ('"Mao Zedong"', ["Mao Zedong", "Mao Tse-tung", "毛泽东"]),
    ],
)
def test_a_name_finds_its_other_names(frus_volumes, search, query, names):
    as_written = with_word(frus_volumes, phrase_pattern(query.strip('"')))
    every_name = set().union(*(with_word(frus_volumes, phrase_pattern(n)) for n in names))

    answer = search(q=query)
    exact = search(q=query, exact="1")

    assert answer["total"] == len(every_name) > len(as_written)
    assert exact["total"] == len(as_written)
    [found] = answer["other_names"]
    assert found["name"] == query.strip('"')
    assert sorted(found["others"]) == sorted(names[1:])
    assert found["searched"] and not exact["other_names"][0]["searched"]


def test_the_page_says_which_other_names_it_searched(frus_volumes, client):
    html = client.get("/search", {"q": "Quemoy"}).content.decode()

    assert "Also searched: Kinmen, Jinmen, Chinmen for Quemoy." in html
    assert '<a href="/search?q=Quemoy&amp;exact=1">Search only the words as written</a>' in html

    html = client.get("/search", {"q": "Quemoy", "exact": "1"}).content.decode()

    assert "not the other names of Quemoy (Kinmen, Jinmen, Chinmen)" in html
    assert '<a href="/search?q=Quemoy">Search other names too</a>' in html
    assert '<input type="hidden" name="exact" value="1">' in html


def test_other_names_take_effect_without_a_reindex(frus_volumes, search):
    # given the index built, and then an editor recording the Pescadores as Penghu
    before = search(q="Pescadores")["total"]
    Place.objects.create(name="Penghu", other_names=["Pescadores", "澎湖"], published=True)

    names.variants.clear()  # what a minute does: the names are read again
    answer = search(q="Pescadores")

    expected = with_word(frus_volumes, "pescadores") | with_word(frus_volumes, "penghu")
    assert answer["total"] == len(expected) > before


@pytest.mark.parametrize("typed", ["Chrushchev", "Hrushchev", "Khrushchov", "Krushtchev"])
def test_did_you_mean_finds_a_name_whatever_its_first_letter(frus_volumes, search, typed):
    assert Person.objects.filter(sort_name__startswith="Khrushchev").exists()

    answer = search(q=typed)

    assert answer["total"] == 0
    assert answer["did_you_mean"] == "Khrushchev"
