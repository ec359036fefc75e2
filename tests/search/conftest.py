"""Fixtures for search tests: a private index per test, and real records to put in it.

Tests never sleep waiting for the background indexer: ``search_index.sync()`` runs the
indexer's step in the test's own thread and transaction, exactly as the thread would.
"""

import gzip
import json
from itertools import islice

import pytest

from readingroom.search import engine, names
from readingroom.search.indexer import Indexer, build_generation

from .frus import load_frus_records


class SearchIndex:
    def __init__(self, root):
        self.root = root
        self.indexer: Indexer | None = None

    def rebuild(self) -> None:
        """Index every published document, as ``readingroom reindex`` does."""
        self.close()
        build_generation(self.root)

    def sync(self) -> int:
        """Take in the pending changes of the outbox, as the indexer thread does."""
        if self.indexer is None:
            self.indexer = Indexer(self.root)
        return self.indexer.catch_up()

    def close(self) -> None:
        if self.indexer is not None:
            self.indexer.close()
            self.indexer = None


@pytest.fixture
def search_index(settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    settings.SEARCH_INDEXER = "off"
    engine.counts_cache.entries.clear()
    names.names.clear()
    names.variants.clear()
    index = SearchIndex(settings.SEARCH_INDEX_DIR)
    yield index
    index.close()


@pytest.fixture
def search(client):
    """GET /search.json with these parameters; the decoded answer."""

    def run(**params):
        response = client.get("/search.json", params)
        assert response.status_code == 200
        return response.json()

    return run


@pytest.fixture
def frus_slice(db, shared_dir):
    """The first 300 FRUS records, as published documents; the raw records are returned."""
    path = shared_dir / "corpus" / "frus" / "bench" / "frus-records.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        raw = [json.loads(line) for line in islice(lines, 300)]
    load_frus_records(raw)
    return raw
