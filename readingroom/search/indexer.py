"""Keeping the index in step with the database: the outbox reader and the one writer.

Every path that changes a document writes a ``DocumentChange`` row in the same
transaction (see ``archive/models/changes.py``). The indexer reads those rows after its
cursor, re-reads each changed record from the database, and (re)indexes it when it is
published or removes it from the index otherwise. It never trusts what a change says
about the record, only what the database says now, so handling a change twice, or out
of order, is harmless.

Exactly one process writes an index: the one holding ``indexer.lock`` (an advisory
file lock the kernel releases when the process dies). In a single-process deployment
(``make demo``) the web process itself takes the role in a background thread; with
several web processes the first to ask takes it and the others only read; in
production ``readingroom search_worker`` can take it and web processes set
``SEARCH_INDEXER=off``.

Change IDs come from a sequence, but transactions commit in any order: change 11 may
be visible before change 10 commits. So the reader remembers the IDs it skipped over
("gaps") and looks for them again on each poll; a gap that is still empty after
``GAP_WAIT`` seconds is given up (a rolled-back transaction leaves one for ever).
"""

import fcntl
import logging
import os
import shutil
import threading
import time
from functools import reduce
from operator import or_
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connections
from django.db.models import Max, Q
from tantivy import Query

from readingroom.archive.models import Document, DocumentChange, Person

from .entries import BATCH_SIZE, Entities, batches, index_documents
from .index import (
    SCHEMA,
    current_generation,
    index_root,
    make_current,
    new_generation_name,
    read_hot_people,
    write_hot_people,
)
from .index import open_generation as open_index
from .models import IndexCursor

log = logging.getLogger(__name__)

# Seconds to wait for a change ID skipped over by a later one to appear (see above).
GAP_WAIT = 600.0
MOST_GAPS = 100
# Changes taken in per step: bounded so that a huge import is indexed in visible steps.
STEP_SIZE = 2000
WRITER_HEAP = 64_000_000
# A rebuild writes with one thread a core and a roomy heap: fewer, larger segments to
# merge (measured 5-8% less work than four threads sharing 256 MB).
REBUILD_HEAP = 512_000_000
# How many of the people with the most documents are counted through the facet terms.
HOT_PEOPLE = 100
# tantivy's indexing threads, as Linux names them (15 characters of "thrd-tantivy-index0"),
# and how much nicer than the thread feeding them a rebuild makes them (see
# give_way_to_this_thread).
TANTIVY_INDEXING_THREADS = "thrd-tantivy-in"
GIVE_WAY = 10


class OutboxReader:
    """Reads ``DocumentChange`` rows after a cursor, without losing late commits."""

    def __init__(self, last_change_id: int):
        self.high = last_change_id
        self.gaps: list[list[float]] = []  # [first id, last id, monotonic time first seen]

    @property
    def safe_id(self) -> int:
        """Every change up to this ID has been handled (or given up on)."""
        return min([int(first) - 1 for first, _, _ in self.gaps] + [self.high])

    def read(self, limit: int = STEP_SIZE, now: float | None = None) -> list[tuple[int, int]]:
        """The next (change ID, record ID) pairs to handle: late arrivals, then new ones."""
        now = time.monotonic() if now is None else now
        late = []
        if self.gaps:
            within = reduce(or_, (Q(id__gte=a, id__lte=b) for a, b, _ in self.gaps))
            late = list(DocumentChange.objects.filter(within).values_list("id", "record_id"))
        new = list(
            DocumentChange.objects.filter(id__gt=self.high)
            .order_by("id")
            .values_list("id", "record_id")[:limit]
        )
        self.advance([change_id for change_id, _ in new], [change_id for change_id, _ in late], now)
        return late + new

    def advance(self, new_ids: list[int], late_ids: list[int], now: float) -> None:
        expected = self.high + 1
        for change_id in new_ids:
            if change_id > expected:
                self.gaps.append([expected, change_id - 1, now])
            expected = change_id + 1
        self.high = expected - 1
        for change_id in late_ids:
            self._fill(change_id)
        expired = [gap for gap in self.gaps if now - gap[2] > GAP_WAIT]
        expired += self.gaps[: max(0, len(self.gaps) - len(expired) - MOST_GAPS)]
        for gap in expired:
            log.warning("search: change IDs %d-%d never appeared; moving on", gap[0], gap[1])
        self.gaps = [gap for gap in self.gaps if gap not in expired]

    def _fill(self, change_id: int) -> None:
        for position, (first, last, since) in enumerate(self.gaps):
            if first <= change_id <= last:
                parts = [[first, change_id - 1, since], [change_id + 1, last, since]]
                self.gaps[position : position + 1] = [p for p in parts if p[0] <= p[1]]
                return


def update_records(writer, record_ids: list[int], hot_people=frozenset()) -> None:
    """Make the index agree with the database about these records."""
    for batch in batches(sorted(set(record_ids))):
        # A query, not delete_documents_by_term: that one makes a signed term from a
        # Python int, which never matches our unsigned record_id.
        writer.delete_documents_by_query(Query.term_set_query(SCHEMA, "record_id", batch))
        for document in index_documents(batch, hot_people):
            writer.add_document(document)


def people_with_most_documents() -> list[str]:
    """The slugs of the ``HOT_PEOPLE`` people with the most published documents (counts
    the domain actions keep, so this is one indexed query)."""
    top = Person.objects.public().order_by("-document_count", "pk")[:HOT_PEOPLE]
    return list(top.values_list("slug", flat=True))


def build_generation(root: Path | None = None, progress=None) -> str:
    """Index every published document into a new generation, then make it current.

    ``progress`` (a callable taking a count of documents) lets ``reindex`` draw its bar.
    Changes made while this runs are after the cursor saved with the generation, so the
    indexer replays them once it switches over.
    """
    root = root or index_root()
    name = new_generation_name()
    building = hold_building_lock(root / name)
    try:
        return _build(root, name, progress)
    except BaseException:
        # Killed, the lock goes with the process and the next indexer removes the folder;
        # failed (a full disk), the half-written generation goes now.
        shutil.rmtree(root / name, ignore_errors=True)
        raise
    finally:
        os.close(building)


def _build(root: Path, name: str, progress) -> str:
    start_change_id = DocumentChange.objects.aggregate(top=Max("id"))["top"] or 0
    hot_people = people_with_most_documents()
    write_hot_people(root / name, hot_people)
    hot_people = frozenset(hot_people)
    index = open_index(root / name)
    threads = min(4, os.cpu_count() or 1)
    writer = index.writer(REBUILD_HEAP, threads)
    last, entities, given_way = 0, Entities(), 0
    while ids := list(
        Document.objects.published()
        .filter(record_id__gt=last)
        .order_by("record_id")
        .values_list("record_id", flat=True)[:BATCH_SIZE]
    ):
        for document in index_documents(ids, hot_people, entities):
            writer.add_document(document)
        if given_way < threads:  # tantivy starts its threads in the background
            given_way = give_way_to_this_thread()
        last = ids[-1]
        if progress:
            progress(len(ids))
    writer.commit()
    writer.wait_merging_threads()
    IndexCursor.objects.update_or_create(
        generation=name, defaults={"last_change_id": start_change_id}
    )
    old = [path.name for path in root.iterdir() if path.is_dir() and path.name != name]
    make_current(name, root)
    IndexCursor.objects.filter(generation__in=old).delete()
    return name


BUILDING_LOCK = "building.lock"


def hold_building_lock(path: Path) -> int:
    """A lock on the generation being built at ``path``, held until the build ends."""
    path.mkdir(parents=True, exist_ok=True)
    fd = os.open(path / BUILDING_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def remove_abandoned_generations(root: Path) -> list[str]:
    """Remove generations that are neither current nor being built: what a rebuild
    killed half-way (or a switch interrupted) left behind. Their names."""
    current = current_generation(root)
    removed = []
    for path in root.iterdir() if root.is_dir() else []:
        if not path.is_dir() or not path.name.startswith("v") or path.name == current:
            continue
        if (path / BUILDING_LOCK).exists():
            fd = os.open(path / BUILDING_LOCK, os.O_RDWR)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a rebuild is writing it now
            finally:
                os.close(fd)
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path.name)
    if removed:
        log.warning("search: removed abandoned index generations %s", ", ".join(removed))
    return removed


def give_way_to_this_thread(threads: str = TANTIVY_INDEXING_THREADS) -> int:
    """Lower the scheduling priority of tantivy's indexing threads below this thread's;
    how many were lowered.

    A rebuild is a pipeline: this thread reads and prepares documents, tantivy's threads
    index them, one a core. Sharing the cores equally, this thread, the pipeline's
    narrowest part, waited for one a fifth of the time (92 s of a 432 s rebuild of a
    million documents on two cores, by /proc's schedstat). Given way to, it waited 35 s,
    and the rebuild took 398 s, the same CPU time in all. Linux only; elsewhere, or if
    tantivy renames its threads, nothing happens.
    """
    lowered = 0
    try:
        tasks = list(Path("/proc/self/task").iterdir())
    except OSError:
        return 0
    # On Linux PRIO_PROCESS names a thread: 0 is this one.
    niceness = min(19, os.getpriority(os.PRIO_PROCESS, 0) + GIVE_WAY)
    for task in tasks:
        try:
            if (task / "comm").read_text().startswith(threads):
                os.setpriority(os.PRIO_PROCESS, int(task.name), niceness)
                lowered += 1
        except (OSError, ValueError):
            continue  # the thread ended meanwhile
    return lowered


class Indexer:
    """The writer of the current generation; call ``step()`` to take in pending changes."""

    def __init__(self, root: Path | None = None):
        self.root = root or index_root()
        self.generation: str | None = None
        self.writer = None
        self.outbox: OutboxReader | None = None
        self.saved_id = 0
        self.hot_people: frozenset[str] = frozenset()

    def step(self, limit: int = STEP_SIZE) -> int:
        """Handle up to ``limit`` pending changes; the number of records touched."""
        self._follow_current()
        changes = self.outbox.read(limit)
        record_ids = sorted({record_id for _, record_id in changes})
        if record_ids:
            update_records(self.writer, record_ids, self.hot_people)
            self.writer.commit()
        if self.outbox.safe_id != self.saved_id:
            IndexCursor.objects.update_or_create(
                generation=self.generation, defaults={"last_change_id": self.outbox.safe_id}
            )
            self.saved_id = self.outbox.safe_id
        return len(changes)

    def catch_up(self) -> int:
        """Step until nothing is pending (tests and ``search_worker --once`` use it)."""
        total = 0
        while handled := self.step():
            total += handled
            if handled < STEP_SIZE:
                break
        return total

    def close(self) -> None:
        # Dropping tantivy's writer releases its lock on the generation's folder.
        self.writer = None
        self.generation = None

    def _follow_current(self) -> None:
        """Write to the current generation, building one when there is none."""
        self.root.mkdir(parents=True, exist_ok=True)
        generation = current_generation(self.root)
        if generation is None:
            log.warning("search: no index in %s; building one", self.root)
            generation = build_generation(self.root)
        if generation == self.generation:
            return
        remove_abandoned_generations(self.root)
        self.close()
        self.writer = open_index(self.root / generation).writer(WRITER_HEAP, 1)
        self.hot_people = read_hot_people(self.root / generation)
        cursor, _ = IndexCursor.objects.get_or_create(generation=generation)
        self.generation = generation
        self.outbox = OutboxReader(cursor.last_change_id)
        self.saved_id = cursor.last_change_id


class RoleLock:
    """The right to write the index under ``root``: one process at a time."""

    def __init__(self, root: Path):
        self.path = root / "indexer.lock"
        self.fd: int | None = None

    def acquire(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self.fd = fd
        return True

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the descriptor releases the lock
            self.fd = None


def run(stop: threading.Event, stepped: threading.Event | None = None, poll=None) -> None:
    """Poll the outbox until ``stop`` is set, whenever this process holds the writer role.

    A process that does not get the role tries again now and then, so that a reader
    takes over when the writer dies.
    """
    root = index_root()
    poll = settings.SEARCH_POLL_SECONDS if poll is None else poll
    lock, indexer = RoleLock(root), None
    try:
        while not stop.is_set():
            if indexer is None and lock.acquire():
                indexer = Indexer(root)
            handled = 0
            if indexer is not None:
                handled = _step_safely(indexer)
            if stepped:
                stepped.set()
            stop.wait(0 if handled >= STEP_SIZE else poll if indexer else 5.0)
    finally:
        if indexer:
            indexer.close()
        lock.release()
        connections.close_all()  # this thread's connections: none must outlive it


def _step_safely(indexer: Indexer) -> int:
    try:
        return indexer.step()
    except Exception:
        # A failing step (the database away, a full disk) must not end the loop: log it,
        # let the writer go, and try again from the saved cursor.
        log.exception("search: indexing step failed")
        indexer.close()
        time.sleep(1.0)
        return 0
    finally:
        close_old_connections()


_background: tuple[threading.Thread, threading.Event] | None = None
_background_lock = threading.Lock()


def ensure_background_indexer(wait: float = 1.5) -> None:
    """Start this process's indexer thread once (``SEARCH_INDEXER=thread``).

    The first search of a process waits briefly for the first step, so that what was
    published while no process was indexing is found at once.
    """
    global _background
    if settings.SEARCH_INDEXER != "thread":
        return
    with _background_lock:
        if _background is not None and _background[0].is_alive():
            return
        stop, stepped = threading.Event(), threading.Event()
        thread = threading.Thread(
            target=run, args=(stop, stepped), name="search-indexer", daemon=True
        )
        thread.start()
        _background = (thread, stop)
    stepped.wait(wait)


def stop_background_indexer(timeout: float = 10.0) -> None:
    """Stop the indexer thread, if this process runs one (tests, orderly shutdown)."""
    global _background
    with _background_lock:
        if _background is None:
            return
        thread, stop = _background
        stop.set()
        thread.join(timeout)
        _background = None
