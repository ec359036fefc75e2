"""FRUS volumes and chapters are where a document sits, not words of each document.

Expected counts come from the raw FRUS records, matched with regular expressions.
"""

import gzip
import json
import re

import pytest

from .frus import load_frus_records


@pytest.fixture
def japan_and_korea(db, shared_dir, search_index):
    """The 1964-1968 volumes on Korea and Japan, from the bench records: each record's
    volume is its printed source and its chapters its topics (see frus.py)."""
    path = shared_dir / "corpus" / "frus" / "bench" / "frus-records.jsonl.gz"
    wanted = ("frus1964-68v29p1", "frus1964-68v29p2")
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        records = [r for line in lines if (r := json.loads(line))["volume"] in wanted]
    load_frus_records(records)
    search_index.rebuild()
    return records


def own_words(record: dict) -> str:
    """A record's own words: not its volume's title nor its chapters' headings."""
    parts = [record["title"], record.get("text") or "", record.get("source_note") or ""]
    parts += record.get("persons") or []
    parts += [note["text"] for note in record.get("footnotes") or []]
    return " ".join(parts)


@pytest.mark.parametrize(
    ("word", "stemmed"), [("Japan", "Japan"), ("Korea", "Koreas?")], ids=["Japan", "Korea"]
)
def test_a_volume_or_chapter_name_is_not_a_word_of_its_documents(
    japan_and_korea, search, word, stemmed
):
    containing = re.compile(rf"(?<![^\W_]){stemmed}(?![^\W_])", re.IGNORECASE)
    having = [r for r in japan_and_korea if containing.search(own_words(r))]
    in_its_volume = [r for r in japan_and_korea if word in r["volume_title"]]
    assert len(in_its_volume) > len([r for r in in_its_volume if containing.search(own_words(r))])

    assert search(q=word)["total"] == len(having)
    assert search(q=f"-{word}")["total"] == len(japan_and_korea) - len(having)
    # the volume is still there to be searched by name, and its chapters by topic
    volume = in_its_volume[0]["volume_title"]
    assert search(q=f'source:"{volume}"')["total"] == len(in_its_volume)
    heading = re.compile(rf"(?<![^\W_]){word}(?![^\W_])", re.IGNORECASE)  # names: unstemmed
    chapters = [r for r in japan_and_korea if any(map(heading.search, r["chapters"]))]
    assert search(q=f"topic:{word}")["total"] == len(chapters) > 0
