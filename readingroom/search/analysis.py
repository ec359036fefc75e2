"""How text becomes terms: the analyzers the index and the query parser share.

The same analyzer must cut a document's text at indexing time and a reader's words at
search time, or a search for "Lushun" would look for a term the index never made. So
the analyzers are defined once here, registered on every opened index, and used by
``query.py`` to turn a word into the terms of each field.

- ``rr_text``: English stemming (isotope finds isotopes), case and diacritics ignored.
- ``rr_ru``: the same with Russian stemming, for text in Cyrillic languages.
- ``rr_name``: names of people, places, topics: case and diacritics ignored, no stemming.
- ``rr_cjk``: one term per Chinese or Japanese character, so that a phrase of characters
  (原子能) matches inside a sentence written without spaces.
- ``rr_pairs``: two adjacent words as one term ("atomic bomb"), case and diacritics
  ignored, not stemmed: what makes an exact phrase a single look-up (``word_pairs``).
"""

import itertools
import re
import unicodedata
from collections.abc import Collection
from functools import cache

import tantivy
from tantivy import Filter, TextAnalyzerBuilder, Tokenizer

# Longer "words" are base64, URLs or tables gone wrong: not worth a term.
LONGEST_TERM = 40

CJK_CHARACTER = r"[\p{Han}\p{Hiragana}\p{Katakana}]"
# The same classes for Python's re (which has no \p{…}): kana, CJK ideographs and their
# extensions, compatibility ideographs.
CJK_RUN = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")

# A word, for pairing: letters and digits, as the tokenizers cut them. Python's regular
# expressions and tantivy may disagree about a rare character (an Indic vowel sign), but
# the text of a phrase and the text of a document are split by this same expression, so
# a phrase that is in a document always finds its pairs there.
WORD = re.compile(r"[^\W_]+")
LONGEST_PAIR = 2 * LONGEST_TERM + 1

# Languages whose text goes to the Russian-stemmed field rather than the English one.
CYRILLIC_LANGUAGES = frozenset({"ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "mn", "tg"})


def _folded(builder: TextAnalyzerBuilder) -> TextAnalyzerBuilder:
    return (
        builder.filter(Filter.remove_long(LONGEST_TERM))
        .filter(Filter.lowercase())
        .filter(Filter.ascii_fold())
    )


@cache
def analyzers() -> dict[str, tantivy.TextAnalyzer]:
    """Every analyzer by the name the schema gives it."""
    return {
        "rr_text": _folded(TextAnalyzerBuilder(Tokenizer.simple()))
        .filter(Filter.stemmer("english"))
        .build(),
        "rr_ru": _folded(TextAnalyzerBuilder(Tokenizer.simple()))
        .filter(Filter.stemmer("russian"))
        .build(),
        "rr_name": _folded(TextAnalyzerBuilder(Tokenizer.simple())).build(),
        "rr_cjk": TextAnalyzerBuilder(Tokenizer.regex(CJK_CHARACTER)).build(),
        # Text arrives as pairs already made (``word_pairs``): "of_the the_soviet".
        "rr_pairs": TextAnalyzerBuilder(Tokenizer.whitespace())
        .filter(Filter.remove_long(LONGEST_PAIR))
        .filter(Filter.lowercase())
        .filter(Filter.ascii_fold())
        .build(),
    }


def register_analyzers(index: tantivy.Index) -> None:
    for name, analyzer in analyzers().items():
        index.register_tokenizer(name, analyzer)


def analyze(analyzer_name: str, text: str) -> list[str]:
    """The terms ``text`` becomes in a field analyzed by ``analyzer_name``."""
    return analyzers()[analyzer_name].analyze(text)


def fold(text: str) -> str:
    """Lower case without diacritics: "Lüshun" -> "lushun", for sorting and matching names."""
    if text.isascii():
        return text.casefold()  # nothing to decompose: the common case, at C speed
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def sort_key(title: str) -> str:
    """A title's place in an alphabetical list: folded, leading quotes and brackets ignored."""
    return fold(title).lstrip(" \"'“‘«([").strip()[:200]


def word_pairs(text: str) -> str:
    """Every pair of adjacent words of ``text``, as ``rr_pairs`` indexes them.

    "Memorandum of Conversation, 1957" -> "Memorandum_of of_Conversation Conversation_1957".
    Punctuation and line breaks between words are dropped, as the word tokenizers drop
    them; "_" cannot be part of a word, so it cannot be mistaken for one.
    """
    words = WORD.findall(text)
    return " ".join(map("_".join, itertools.pairwise(words)))


def pair_terms(text: str) -> list[str] | None:
    """The ``rr_pairs`` terms of a phrase, in order; None when a pair makes no term."""
    terms = []
    for first, second in itertools.pairwise(WORD.findall(text)):
        made = analyze("rr_pairs", f"{first}_{second}")
        if len(made) != 1:
            return None
        terms.append(made[0])
    return terms


# A footnote's marker in a rendition's text: "[3]", "[12a]" (see ``Rendition``). Brackets
# that hold no label of the rendition's own notes ("[Stalin]", "[sic]", "[1947]") are the
# editors' words and stay.
FOOTNOTE_MARKER = re.compile(r"\[([^\[\]\s]{1,10})\]")


def searchable_text(text: str, footnote_labels: Collection[str] = ()) -> str:
    """``text`` as it is searched: without the markers of its own footnotes, so that a
    phrase runs across them ("the Soviet[3] Union" is found by "Soviet Union").

    The one place that decides what of a rendition's stored text is searchable words:
    when the archive's text model says so itself (``archive.text.searchable_text``),
    this is where it is called.
    """
    if not footnote_labels or "[" not in text:
        return text
    return FOOTNOTE_MARKER.sub(
        lambda marker: "" if marker[1] in footnote_labels else marker[0], text
    )


def cjk_runs(text: str) -> str:
    """Only the Chinese and Japanese parts of ``text``, for the character field."""
    return " ".join(CJK_RUN.findall(text))


# The first byte, in UTF-8, of every character CJK_RUN matches (and of a few others).
CJK_LEAD_BYTES = tuple(
    bytes([byte]) for byte in (0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEF, 0xF0)
)


def has_cjk(text: str) -> bool:
    # Two tests done in C at memory speed settle almost every text (a whole document
    # costs microseconds, where the regular expression costs fifty): an ASCII text has no
    # CJK, and neither has one whose UTF-8 lacks the lead bytes of CJK characters.
    if text.isascii():
        return False
    data = text.encode("utf-8", "surrogatepass")
    if not any(lead in data for lead in CJK_LEAD_BYTES):
        return False
    return CJK_RUN.search(text) is not None


def is_cyrillic_language(code: str) -> bool:
    return code.split("-")[0].lower() in CYRILLIC_LANGUAGES
