"""The index follows the database through the outbox; one process writes it."""

import os
import threading
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from readingroom.archive.models import Document, DocumentChange, note_changed, note_deleted
from readingroom.search.index import current_generation, open_generation
from readingroom.search.indexer import (
    GAP_WAIT,
    Indexer,
    OutboxReader,
    RoleLock,
    ensure_background_indexer,
    give_way_to_this_thread,
    stop_background_indexer,
)
from readingroom.search.models import IndexCursor


def found(search, query: str) -> list[int]:
    return [result["record_id"] for result in search(q=query)["results"]]


@pytest.fixture
def indexed(records, search_index):
    """One published document, indexed."""
    document = records.document("Telegram on the Harvest")
    search_index.rebuild()
    return document


def test_a_published_change_is_found_after_the_indexer_runs(indexed, search_index, search):
    # given a draft, noted in the outbox as the admin does
    draft = Document.objects.create(title="Memorandum on Rockets", status="draft")
    note_changed([draft.pk])
    search_index.sync()
    assert found(search, "rockets") == []

    # when it is published
    draft.status = "published"
    draft.save()
    note_changed([draft.pk])
    assert search_index.sync() == 1

    # then it is found
    assert found(search, "rockets") == [draft.pk]


def test_an_edit_replaces_the_old_text(indexed, search_index, search):
    indexed.title = "Telegram on the Drought"
    indexed.save()
    note_changed([indexed.pk])
    search_index.sync()

    assert found(search, "drought") == [indexed.pk]
    assert found(search, "harvest") == []
    assert search()["total"] == 1


def test_an_unpublished_document_disappears(indexed, search_index, search):
    indexed.status = "review"
    indexed.save()
    note_changed([indexed.pk])
    search_index.sync()

    assert found(search, "harvest") == []


def test_a_deleted_document_disappears(indexed, search_index, search):
    record_id = indexed.pk
    with transaction.atomic():
        indexed.delete()
        note_deleted([record_id])
    search_index.sync()

    assert found(search, "harvest") == []
    assert search()["total"] == 0


def test_the_cursor_is_kept_so_a_restart_does_not_redo_work(indexed, search_index):
    # given an index rebuilt after a change (on PostgreSQL, IDs of rolled-back tests
    # would otherwise look like changes still in flight)
    note_changed([indexed.pk])
    search_index.rebuild()
    note_changed([indexed.pk])
    assert search_index.sync() == 1
    search_index.close()

    # a new indexer (another process, a restart) starts where the last one stopped
    assert search_index.sync() == 0
    cursor = IndexCursor.objects.get(generation=current_generation(search_index.root))
    assert cursor.last_change_id == DocumentChange.objects.latest("id").id


def test_a_change_committed_late_is_not_lost(db):
    # given changes 1, 2 and 4 visible, 3 still in an open transaction elsewhere
    for change_id in (1, 2, 4):
        DocumentChange.objects.create(id=change_id, record_id=100 + change_id)
    outbox = OutboxReader(0)
    assert outbox.read(now=0.0) == [(1, 101), (2, 102), (4, 104)]
    assert outbox.safe_id == 2

    # when 3 commits, it is read on the next poll, and the cursor moves past it
    DocumentChange.objects.create(id=3, record_id=103)
    assert outbox.read(now=1.0) == [(3, 103)]
    assert outbox.safe_id == 4
    assert outbox.read(now=2.0) == []


def test_a_gap_that_never_fills_is_given_up_after_a_while(db):
    for change_id in (1, 5):
        DocumentChange.objects.create(id=change_id, record_id=1)
    outbox = OutboxReader(0)
    outbox.read(now=0.0)
    assert (outbox.gaps, outbox.safe_id) == ([[2, 4, 0.0]], 1)

    outbox.read(now=GAP_WAIT + 1)

    assert (outbox.gaps, outbox.safe_id) == ([], 5)


def test_reindex_builds_a_new_generation_and_switches_to_it(indexed, search_index, search):
    before = current_generation(search_index.root)
    Document.objects.create(title="Report on Steel", status="published")  # not in the outbox

    call_command("reindex", verbosity=0)

    after = current_generation(search_index.root)
    assert after != before
    assert not (search_index.root / before).exists()
    assert found(search, "steel") != []


def test_search_worker_once_takes_in_pending_changes(indexed, search_index, search, capsys):
    document = Document.objects.create(title="Cable on Shipping", status="published")
    note_changed([document.pk])

    call_command("search_worker", "--once")

    assert capsys.readouterr().out == "Took in 1 changes.\n"
    assert found(search, "shipping") == [document.pk]


def test_only_one_process_holds_the_writer_role(tmp_path):
    first, second = RoleLock(tmp_path), RoleLock(tmp_path)
    assert first.acquire()
    assert not second.acquire()
    first.release()
    assert second.acquire()
    second.release()


def test_an_indexer_without_an_index_builds_one(records, search_index, search):
    records.document("Directive on Grain")
    assert Indexer(search_index.root).step() == 0
    assert search(q="grain")["total"] == 1


@pytest.mark.django_db(transaction=True)
def test_the_background_thread_makes_a_change_searchable_within_two_seconds(
    records, settings, search_index, search
):
    # given a web process whose indexer thread runs (as under `make demo`)
    settings.SEARCH_INDEXER = "thread"
    records.document("Old Note")
    search_index.rebuild()
    try:
        ensure_background_indexer()

        # when an editor publishes a document (the change and its notice commit together)
        with transaction.atomic():
            document = records.document("Telegram on Uranium Ore")
            note_changed([document.pk])
        published_at = time.monotonic()

        # then a search finds it within two seconds
        while not found(search, "uranium") and time.monotonic() - published_at < 2.0:
            time.sleep(0.05)
        assert found(search, "uranium") == [document.pk]
    finally:
        stop_background_indexer()


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="Linux's /proc is needed")
def test_a_rebuild_gives_its_reading_thread_priority_over_tantivys(tmp_path):
    writer = open_generation(tmp_path / "generation").writer(64_000_000, 2)
    deadline = time.monotonic() + 10
    while (lowered := give_way_to_this_thread()) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)  # tantivy starts its threads in the background

    niceness = {
        (task / "comm").read_text().strip(): os.getpriority(os.PRIO_PROCESS, int(task.name))
        for task in Path("/proc/self/task").iterdir()
    }
    assert lowered == 2
    assert niceness["thrd-tantivy-in"] == os.getpriority(os.PRIO_PROCESS, 0) + 10
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) < niceness["thrd-tantivy-in"]
    del writer
