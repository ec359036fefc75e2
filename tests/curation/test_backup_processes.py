"""Backups through real processes: an editor's save during an export (another process)
never mixes into it, and an archive goes SQLite → PostgreSQL → SQLite by export and
restore, byte for byte.

PostgreSQL: a new database on the server of ``DATABASE_URL`` (or of
postgresql://postgres@127.0.0.1:5432/), dropped afterwards; skipped if there is none.
"""

import json
import os
import uuid
from pathlib import Path

import pytest

from tests.ops.processes import environment, python, query, run

SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
# One save, two tables: the document's title, and its renditions' text.
EDIT = """
from django.db import transaction
from readingroom.archive.models import Document, Rendition
with transaction.atomic():
    Document.objects.filter(record_id=1).update(title="Saved during the export")
    Rendition.objects.filter(document__record_id=1).update(text="Text of the later save")
"""
# The export, which lets that save happen once the documents' table is written.
EXPORT = """
import subprocess, sys
from readingroom.curation.export import export_archive
def on_table(label, rows):
    if label == "archive.Document":
        subprocess.run([sys.executable, "-m", "readingroom", "shell", "-c", {edit!r}],
                       check=True, timeout=120)
export_archive({folder!r}, on_table=on_table)
print("exported")
"""
ARCHIVE = """
from django.contrib.auth.models import User
from readingroom.archive.actions import Actor, record_revision
from readingroom.archive.models import Document
from readingroom.curation.roles import ensure_roles
from readingroom.interop.models import ApiToken
from tests.curation.test_export import add_people_and_history, add_scans_and_portrait
add_people_and_history(add_scans_and_portrait())
"""


def server_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    candidates = [url] if url.startswith("postgres") else []
    for candidate in [*candidates, SERVER]:
        try:
            import psycopg

            with psycopg.connect(candidate, connect_timeout=3):
                return candidate
        except Exception:  # noqa: BLE001 - any failure means: no server here
            continue
    return None


@pytest.fixture
def postgres_url():
    """A new, empty PostgreSQL database's URL; dropped at the end."""
    import psycopg

    url = server_url()
    if url is None:
        pytest.skip("no PostgreSQL server (set DATABASE_URL to one)")
    name = f"rr_backup_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    yield url.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE {name} WITH (FORCE)")


def archive_env(data: Path, database: str | None) -> dict:
    env = environment(data, **({"DATABASE_URL": database} if database else {}))
    run(env, "migrate", "--noinput", "-v0")
    return env


def rows(folder: Path, label: str) -> list[dict]:
    text = (folder / "tables" / f"{label}.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def folder_bytes(folder: Path) -> dict[str, bytes]:
    found = {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
    manifest = json.loads(found.pop("manifest.json"))
    del manifest["exported_at"]
    return {**found, "manifest.json": manifest}


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_save_during_the_export_never_mixes_into_it(backend, tmp_path, request):
    # Given an archive of 20 documents
    database = request.getfixturevalue("postgres_url") if backend == "postgresql" else None
    env = archive_env(tmp_path / "data", database)
    run(env, "generate_documents", "20", "--seed", "3", timeout=300)
    title = query(env, "Document.objects.get(record_id=1).title")
    # When an editor's save (another process) commits after the export has written the
    # documents, before it writes their renditions
    out = tmp_path / "backup"
    edit_env = {**env, "SQLITE_BUSY_TIMEOUT": "5"}  # a blocked save fails fast
    assert "exported" in python(edit_env, EXPORT.format(edit=EDIT, folder=str(out)))
    # Then the save went through (the export held no lock against it)
    assert query(env, "Document.objects.get(record_id=1).title") == "Saved during the export"
    # and the export has the document as it was before it: title and text alike
    (document,) = [row for row in rows(out, "archive.Document") if row["record_id"] == 1]
    assert document["title"] == title
    texts = [
        r["text"]
        for r in rows(out, "archive.Rendition")
        if r["document_id"] == document["record_id"]
    ]
    assert texts and "Text of the later save" not in texts


def test_sqlite_to_postgresql_and_back_gives_the_same_bytes(tmp_path, postgres_url):
    # Given an archive on SQLite with files, users, tokens, history and pages
    sqlite = archive_env(tmp_path / "sqlite", None)
    run(sqlite, "generate_documents", "30", "--seed", "5", timeout=300)
    python(sqlite, ARCHIVE)
    run(sqlite, "export", str(tmp_path / "one"), "--with-users", "--with-tokens")
    # When it is restored into PostgreSQL and exported there
    pg = archive_env(tmp_path / "pg", postgres_url)
    run(pg, "restore", str(tmp_path / "one"), "--no-reindex")
    run(pg, "export", str(tmp_path / "two"), "--with-users", "--with-tokens")
    # and that restored into a new SQLite archive (with its search index) and exported
    back = archive_env(tmp_path / "back", None)
    said = run(back, "restore", str(tmp_path / "two"))
    run(back, "export", str(tmp_path / "three"), "--with-users", "--with-tokens")
    # Then all three are the same bytes
    one = folder_bytes(tmp_path / "one")
    assert folder_bytes(tmp_path / "two") == one
    assert folder_bytes(tmp_path / "three") == one
    assert "Restored 31 documents" in said and "and 3 files" in said
    # and PostgreSQL numbers new rows after the restored ones
    new = query(
        pg,
        "__import__('readingroom.archive.models').archive.models.Person.objects"
        ".create(sort_name='Neu, Person').pk",
    )
    assert new > max(row["id"] for row in rows(tmp_path / "one", "archive.Person"))
    # and the restored SQLite archive has a search index of its own
    index = "__import__('readingroom.search.index', fromlist=['x']).index_root()"
    assert query(back, f"sorted(p.name for p in {index}.iterdir() if p.is_dir())")
