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
"""

import re
import unicodedata
from functools import cache

import tantivy
from tantivy import Filter, TextAnalyzerBuilder, Tokenizer

# Longer "words" are base64, URLs or tables gone wrong: not worth a term.
LONGEST_TERM = 40

CJK_CHARACTER = r"[\p{Han}\p{Hiragana}\p{Katakana}]"
# The same classes for Python's re (which has no \p{…}): kana, CJK ideographs and their
# extensions, compatibility ideographs.
CJK_RUN = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")

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
    }


def register_analyzers(index: tantivy.Index) -> None:
    for name, analyzer in analyzers().items():
        index.register_tokenizer(name, analyzer)


def analyze(analyzer_name: str, text: str) -> list[str]:
    """The terms ``text`` becomes in a field analyzed by ``analyzer_name``."""
    return analyzers()[analyzer_name].analyze(text)


def fold(text: str) -> str:
    """Lower case without diacritics: "Lüshun" -> "lushun", for sorting and matching names."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def sort_key(title: str) -> str:
    """A title's place in an alphabetical list: folded, leading quotes and brackets ignored."""
    return fold(title).lstrip(" \"'“‘«([").strip()[:200]


def cjk_runs(text: str) -> str:
    """Only the Chinese and Japanese parts of ``text``, for the character field."""
    return " ".join(CJK_RUN.findall(text))


def has_cjk(text: str) -> bool:
    return CJK_RUN.search(text) is not None


def is_cyrillic_language(code: str) -> bool:
    return code.split("-")[0].lower() in CYRILLIC_LANGUAGES
