"""The index on disk: its schema, its generations, and opening it to read.

Everything lives under ``SEARCH_INDEX_DIR``::

    CURRENT            the name of the generation readers search
    v1-…/              one complete tantivy index (a "generation")
    indexer.lock       held by the one process that writes (see ``indexer.py``)

``readingroom reindex`` builds a new generation beside the one being searched and then
switches ``CURRENT`` to it in one rename, so readers never see a half-built index and
a rebuild needs no downtime. Each process notices the switch on its next search.
The index is derived from the database and holds nothing else: deleting the folder
loses nothing, the indexer rebuilds it.
"""

import json
import os
import shutil
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

import tantivy
from django.conf import settings
from django.utils import timezone

from .analysis import register_analyzers

# Bump when the schema or an analyzer changes: a generation of another version is
# ignored, and the indexer builds a new one.
SCHEMA_VERSION = 7

# field -> analyzer. No text is stored in the index: snippets are cut from the database's
# text of the ten hits shown (``records.snippet_documents``), which halves the index and
# the time to build it.
TEXT_FIELDS = {
    "title": "rr_text",
    "summary": "rr_text",
    "body": "rr_text",
    "body_ru": "rr_ru",
    "cjk": "rr_cjk",
    "source": "rr_text",
    "person_names": "rr_name",
    "place_names": "rr_name",
    # Where a document sits, not what it says: searched only when named (``topic:``,
    # ``collection:``, ``source:``), never as the document's words (docs/search.md).
    "topic_names": "rr_name",
    "collection_names": "rr_name",
    "printed_source": "rr_name",
}
# The fields whose word pairs (``PAIR_FIELDS``) make phrases fast: the document's own
# words and the names of its people and places. Phrases in the others (CJK characters,
# where a document sits) are checked by position.
PAIRED_FIELDS = ("title", "summary", "body", "body_ru", "source", "person_names", "place_names")
# A stemmed field -> the same words unstemmed, for prefixes: the stem of "negotiations"
# is "negoti", so "negotiat*" finds nothing among stems. Documents only, no positions:
# a prefix needs no more.
PREFIX_FIELDS = {
    "title": "title_words",
    "summary": "summary_words",
    "body": "text_words",
    "body_ru": "text_words",
    "source": "source_words",
}
# Exact values (slugs, codes) for filters and facet counts: columnar "fast" fields.
KEYWORD_FIELDS = (
    "person",
    "place",
    "topic",
    "collection",
    "language",
    "type",
    "funder",
    "repository",
    "classification",
    "date_certainty",
)
# Whole numbers: the year for the histogram, first and last possible day (proleptic
# ordinal) for the date filter, sort keys that put undated documents last, and when the
# document was first published (seconds since 1970, UTC) for "new since" and the feeds.
INTEGER_FIELDS = ("year", "day_start", "day_end", "day_asc", "day_desc", "published")
UNDATED_LAST = 10**7
# Adjacent words as one term ("atomic bomb"), so that a phrase is a term look-up instead
# of a walk through the positions of two common words (see ``analysis.word_pairs``).
PAIR_FIELDS = ("pairs", "title_pairs")
# One term per facet value ("topic:nuclear-history", "y:1957"), and ALL in every document:
# a single pass over these terms' postings counts every facet of a broad search, and
# the search itself (see engine.counted_terms).
FACET_FIELD = "facets"
ALL = "all"
# How those terms name the hot people and the years; other values are "<param>:<key>".
HOT_PREFIX = "P:"
YEAR_PREFIX = "y:"
# The people whose documents are counted through FACET_FIELD ("P:slug"), chosen when a
# generation is built; the others are counted over the matches (see facets.py).
HOT_FILE = "hot-people.json"


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("record_id", stored=True, indexed=True, fast=True)
    for name, analyzer in TEXT_FIELDS.items():
        builder.add_text_field(name, tokenizer_name=analyzer)
    for name in KEYWORD_FIELDS:
        builder.add_text_field(name, fast=True, tokenizer_name="raw", index_option="basic")
    for name in INTEGER_FIELDS:
        builder.add_integer_field(name, indexed=True, fast=True)
    builder.add_text_field("title_key", fast=True, tokenizer_name="raw", index_option="basic")
    for name in dict.fromkeys(PREFIX_FIELDS.values()):
        builder.add_text_field(name, tokenizer_name="rr_name", index_option="basic")
    for name in PAIR_FIELDS:
        builder.add_text_field(name, tokenizer_name="rr_pairs", index_option="basic")
    builder.add_text_field(FACET_FIELD, tokenizer_name="raw", index_option="basic")
    return builder.build()


SCHEMA = build_schema()


def index_root() -> Path:
    return Path(settings.SEARCH_INDEX_DIR)


def open_generation(path: Path) -> tantivy.Index:
    """A tantivy index at ``path`` (created when empty), with our analyzers."""
    path.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(SCHEMA, path=str(path), reuse=True)
    register_analyzers(index)
    index.config_reader(reload_policy="Manual")
    return index


def write_hot_people(path: Path, slugs: list[str]) -> None:
    path.mkdir(parents=True, exist_ok=True)
    (path / HOT_FILE).write_text(json.dumps(slugs, ensure_ascii=False))


def read_hot_people(path: Path) -> frozenset[str]:
    try:
        return frozenset(json.loads((path / HOT_FILE).read_text()))
    except FileNotFoundError:
        return frozenset()


def current_generation(root: Path | None = None) -> str | None:
    """The generation readers search, or None when there is none of this schema version."""
    root = root or index_root()
    try:
        name = (root / "CURRENT").read_text().strip()
    except FileNotFoundError:
        return None
    if not name.startswith(f"v{SCHEMA_VERSION}-") or not (root / name / "meta.json").exists():
        return None
    return name


def new_generation_name() -> str:
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S")
    return f"v{SCHEMA_VERSION}-{stamp}-{uuid.uuid4().hex[:8]}"


def make_current(name: str, root: Path | None = None) -> None:
    """Switch readers to generation ``name`` atomically, and remove the older ones.

    Processes still searching an older generation keep their open files (POSIX keeps an
    unlinked file readable) until they notice the switch.
    """
    root = root or index_root()
    temporary = root / f"CURRENT.{uuid.uuid4().hex}"
    temporary.write_text(name + "\n")
    os.replace(temporary, root / "CURRENT")
    for other in root.iterdir():
        if other.is_dir() and other.name.startswith("v") and other.name != name:
            shutil.rmtree(other, ignore_errors=True)


@dataclass
class OpenIndex:
    generation: str
    index: tantivy.Index
    version: str  # meta_version() when the searcher was last reloaded
    hot_people: frozenset[str] = frozenset()


class Reader:
    """This process's view of the current generation, reloaded when a commit changes it.

    Checking costs one small file read and one stat per search; in exchange a commit by
    the writer (in this or another process) is visible to the very next search.
    """

    def __init__(self, root: Path):
        self.root = root
        self._open: OpenIndex | None = None
        self._lock = threading.Lock()

    def current(self) -> OpenIndex | None:
        generation = current_generation(self.root)
        if generation is None:
            return None
        with self._lock:
            if self._open is None or self._open.generation != generation:
                index = open_generation(self.root / generation)
                hot = read_hot_people(self.root / generation)
                self._open = OpenIndex(generation, index, "", hot)
            version = meta_version(self.root / generation)
            if version != self._open.version:
                self._open.index.reload()
                self._open.version = version
            return self._open

    def searcher(self) -> tuple[tantivy.Searcher | None, str]:
        """The current searcher and a key naming its exact contents (for caches)."""
        view = self.view()
        return (view.searcher, view.version) if view else (None, "")

    def view(self) -> "IndexView | None":
        """A searcher of the current generation, with what searches need to know of it."""
        opened = self.current()
        if opened is None:
            return None
        version = f"{opened.generation}:{opened.version}"
        return IndexView(opened.index.searcher(), version, opened.hot_people)


@dataclass(frozen=True)
class IndexView:
    searcher: tantivy.Searcher
    version: str  # names the searcher's exact contents: a key for caches
    hot_people: frozenset[str]


def meta_version(path: Path) -> str:
    """Changes with every commit: tantivy replaces meta.json by a rename (a new inode)."""
    try:
        stat = (path / "meta.json").stat()
    except FileNotFoundError:
        return ""
    return f"{stat.st_ino}-{stat.st_mtime_ns}-{stat.st_size}"


_readers: dict[Path, Reader] = {}
_readers_lock = threading.Lock()


def reader() -> Reader:
    """This process's reader of the index under ``SEARCH_INDEX_DIR``."""
    root = index_root()
    with _readers_lock:
        if root not in _readers:
            _readers[root] = Reader(root)
        return _readers[root]
