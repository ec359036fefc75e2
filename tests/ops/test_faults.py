"""Faults: kill -9 in the middle of an import or a reindex, a full disk under the index
and under uploads, and SQLite writes while an import holds the lock. Each leaves the
archive as before (or after) and recovers by itself."""

import io
import os
import random
import signal
import subprocess
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from readingroom.archive.models import Document, RenditionFile

from .cluster import free_port
from .processes import (
    READINGROOM,
    REPO,
    documents_file,
    environment,
    python,
    query,
    run,
    started,
    wait_for,
)
from .test_several_machines import TOKEN, get, send


@pytest.fixture
def archive(tmp_path):
    env = environment(tmp_path / "data")
    run(env, "migrate", "--noinput", "-v0")
    return env


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MB filesystem of its own (tmpfs, mounted as root; CI runs as root)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small filesystem needs root (CI runs as root)")
    mount = tmp_path / "small-disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


def popen(env, *args, log):
    return subprocess.Popen([*READINGROOM, *args], env=env, cwd=REPO, stdout=log, stderr=log)


def test_kill_9_in_the_middle_of_an_import_leaves_the_archive_as_it_was(archive, tmp_path):
    # Given an archive of 100 documents, and an import of 20,000 more under way
    run(archive, "import", str(documents_file(tmp_path / "first.jsonl", 100, 1)), "--publish")
    big = documents_file(tmp_path / "big.jsonl", 20_000, 700_000)
    with (tmp_path / "import.log").open("w") as log:
        importing = popen(archive, "import", str(big), log=log)
        time.sleep(6)  # reading, checking and writing: well inside its transaction
        assert importing.poll() is None, "the import ended before it could be killed"
        # When it is killed
        importing.send_signal(signal.SIGKILL)
        importing.wait(10)
    # Then the archive holds exactly the 100 documents, and takes the import again
    assert query(archive, "Document.objects.count()") == 100
    run(archive, "import", str(big))
    assert query(archive, "Document.objects.count()") == 20_100


def test_kill_9_in_the_middle_of_a_reindex_keeps_the_index_and_cleans_up(archive, tmp_path):
    index = tmp_path / "data" / "search-index"
    run(archive, "generate_documents", "20", "--seed", "1")
    run(archive, "reindex", "-v0")
    current = (index / "CURRENT").read_text()
    run(archive, "generate_documents", "6000", "--seed", "2")
    with (tmp_path / "reindex.log").open("w") as log:
        rebuilding = popen(archive, "reindex", log=log)

        def building():
            return [p for p in index.iterdir() if p.is_dir() and p.name != current.strip()]

        wait_for(building, what="the new generation", timeout=60, every=0.05)
        time.sleep(0.5)
        rebuilding.send_signal(signal.SIGKILL)
        rebuilding.wait(10)
    # Readers still search the generation that was current, and it opens
    assert (index / "CURRENT").read_text() == current
    assert (
        python(archive, "from readingroom.search.index import reader\nprint(bool(reader().view()))")
        .strip()
        .endswith("True")
    )
    # The next indexer removes the half-built generation and takes in what is pending
    output = run(archive, "search_worker", "--once")
    assert "Took in" in output
    left = sorted(p.name for p in index.iterdir() if p.is_dir())
    assert left == [current.strip()]


def test_a_full_disk_under_the_index_leaves_the_current_index_and_no_debris(
    archive, tmp_path, small_disk
):
    env = dict(archive, SEARCH_INDEX_DIR=str(small_disk / "index"))
    run(env, "generate_documents", "20", "--seed", "1")
    run(env, "reindex", "-v0")
    current = (small_disk / "index" / "CURRENT").read_text()
    run(env, "generate_documents", "4000", "--seed", "2")
    done = subprocess.run(
        [*READINGROOM, "reindex", "-v0"], env=env, cwd=REPO, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "No space left on device" in done.stderr
    assert "readers still search the current one" in done.stderr
    assert "Traceback" not in done.stderr
    assert (small_disk / "index" / "CURRENT").read_text() == current
    assert [p.name for p in (small_disk / "index").iterdir() if p.is_dir()] == [current.strip()]


def noise_png(megabytes: float) -> bytes:
    """A PNG of random pixels (which do not compress): about ``megabytes`` in size."""
    side = int((megabytes * 1024 * 1024 / 3) ** 0.5)
    pixels = random.Random(7).randbytes(side * side * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), pixels).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.django_db
def test_a_full_disk_under_uploads_says_so_and_keeps_nothing_of_the_upload(
    client, records, settings, small_disk
):
    from tests.curation.jobs_support import user_with_role
    from tests.curation.test_uploads import PNG, scan_data

    settings.MEDIA_ROOT = small_disk
    client.force_login(user_with_role("editor", "Editor"))
    # Given a scan already stored
    first = client.post(
        "/editor/documents/new/",
        scan_data(records, upload=[SimpleUploadedFile("p1.png", PNG)]),
    )
    assert first.status_code == 302
    stored = RenditionFile.objects.get()
    documents = Document.objects.count()
    before = sorted(str(p.relative_to(small_disk)) for p in small_disk.rglob("*") if p.is_file())
    # When an editor uploads a scan larger than the space left
    response = client.post(
        "/editor/documents/new/",
        scan_data(records, upload=[SimpleUploadedFile("big.png", noise_png(1.5))]),
    )
    # Then they are told, nothing of it is kept, and what was stored is intact
    assert response.status_code == 507
    assert "disk is full, so nothing of this request was saved" in response.content.decode()
    after = sorted(str(p.relative_to(small_disk)) for p in small_disk.rglob("*") if p.is_file())
    assert after == before
    assert Document.objects.count() == documents
    assert RenditionFile.objects.get().file.read() == PNG == stored.file.read()


def test_an_api_write_waits_for_a_long_sqlite_import_instead_of_failing(archive, tmp_path):
    run(archive, "import", str(documents_file(tmp_path / "first.jsonl", 1, 1)), "--publish")
    token = python(archive, TOKEN).splitlines()[-1].strip()
    env = dict(archive, WEB_TIMEOUT="120")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with started(env, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1",
                 log=tmp_path / "web.log"):  # fmt: skip
        wait_for(lambda: get(f"{base}/healthz")[0] == 200, what="the server")
        big = documents_file(tmp_path / "big.jsonl", 20_000, 700_000)
        with (tmp_path / "import.log").open("w") as log:
            importing = popen(archive, "import", str(big), log=log)
            time.sleep(4)  # the import holds SQLite's write lock now
            assert importing.poll() is None
            started_at = time.monotonic()
            # (as long as the server's own timeout: on a busy machine the import may hold the
            # lock for longer than a client's usual 30 s)
            status, body = send(
                "PATCH", f"{base}/api/documents/1", token, {"title": "Renamed"}, timeout=120
            )
            waited = time.monotonic() - started_at
            assert importing.wait(120) == 0
    assert status == 200 and body["title"] == "Renamed"
    assert waited > 0.5  # it waited for the import rather than failing at once
    assert query(archive, "Document.objects.count()") == 20_001
