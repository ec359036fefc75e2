"""The operators' backup: the whole archive as a folder that ``readingroom restore`` reads.

    DIR/tables/<app>.<Model>.jsonl   every row of every table the backup carries
                                     (curation/backup_tables.py), one JSON object a line,
                                     in primary-key order, with sorted keys
    DIR/files/…                      every scan, portrait and image, under its stored name
    DIR/manifest.json                written last and atomically: row counts, missing files,
                                     and the SHA-256 of every file; its absence marks an
                                     export that did not finish

Everything is read in one read-only transaction (``snapshot``), so an editor saving
meanwhile is either wholly in the backup or wholly out of it. Exporting an unchanged
archive twice gives the same bytes; only ``manifest.json`` says when. Version-1 exports
(``records.jsonl`` in the import format) are still read by ``readingroom import``.
"""

import base64
import datetime
import decimal
import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from readingroom.archive.models import RecordIdCounter

from . import backup_tables

RECORDS = "records.jsonl"  # version 1
TABLES = "tables"
MANIFEST = "manifest.json"
FORMAT = "readingroom-export"
VERSION = 2
BATCH = 2000
# The counts a person reads in the summary, by table.
COUNTED = {
    "archive.Document": "documents",
    "archive.Person": "people",
    "archive.Place": "places",
    "archive.Topic": "topics",
    "archive.Collection": "collections",
    "archive.Revision": "revisions",
    "archive.Page": "pages",
    "auth.User": "users",
    "interop.ApiToken": "API tokens",
}


class ExportError(Exception):
    """The export folder cannot be written or, on restore, does not check out."""


@dataclass
class ExportResult:
    folder: Path
    tables: dict[str, int] = field(default_factory=dict)
    files: int = 0
    missing: list[str] = field(default_factory=list)
    checksums: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        listed = ", ".join(
            f"{self.tables[label]:,} {name}"
            for label, name in COUNTED.items()
            if label in self.tables
        )
        lines = [
            f"Exported {listed}, {self.files:,} files ({len(self.tables)} tables) to {self.folder}."
        ]
        if self.missing:
            lines.append(f"{len(self.missing)} files are missing from storage, not exported:")
            lines += [f"  {name}" for name in self.missing]
        return "\n".join(lines)


def export_archive(
    folder: Path | str,
    *,
    with_users: bool = False,
    with_tokens: bool = False,
    using: str = DEFAULT_DB_ALIAS,
    on_table: Callable[[str, int], None] | None = None,
) -> ExportResult:
    """Write the archive to ``folder``, which must be empty or not exist yet.

    ``on_table(label, rows)`` is called after each table is written, still inside the
    snapshot. A stored file that is missing is listed in the result and the manifest.
    """
    if with_tokens and not with_users:
        raise ExportError("--with-tokens needs --with-users: a token belongs to a user")
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ExportError(f"{folder} is not an empty folder; export into a new one")
    created = not folder.exists()
    try:
        return write_export(folder, with_users, with_tokens, using, on_table)
    except OSError as error:
        # A full disk, a folder not ours to write: leave no half-written export behind.
        if created:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            for path in folder.iterdir():
                shutil.rmtree(path) if path.is_dir() else path.unlink()
        reason = error.strerror or str(error)
        raise ExportError(
            f"Could not write the export in {folder}: {reason}. What was written is removed."
        ) from None


def write_export(folder: Path, with_users, with_tokens, using, on_table) -> ExportResult:
    (folder / TABLES).mkdir(parents=True, exist_ok=True)
    result = ExportResult(folder)
    labels = backup_tables.exported(with_users=with_users, with_tokens=with_tokens)
    files: set[str] = set()
    with snapshot(using):
        coder = RowCoder(using, with_users=with_users)
        for label in labels:
            path = folder / TABLES / f"{label}.jsonl"
            # closing(): a failed write closes the database cursor now, inside the
            # snapshot, not whenever the generator is collected.
            with closing(coder.rows(label, files)) as table:
                rows, checksum = write_lines(path, table)
            result.tables[label] = rows
            result.checksums[path.relative_to(folder).as_posix()] = checksum
            if on_table:
                on_table(label, rows)
        high_water = RecordIdCounter.objects.using(using).filter(name="document").first()
        schema = applied_migrations(using)
    for name in sorted(files):
        target = folder / "files" / name
        try:
            result.checksums[f"files/{name}"] = copy_stored_file(name, target)
            result.files += 1
        except FileNotFoundError:
            result.missing.append(name)
    write_manifest(
        folder, result, high_water.value if high_water else 0, schema, with_users, with_tokens
    )
    return result


@contextmanager
def snapshot(using: str) -> Iterator[None]:
    """One read-only transaction: every query inside sees the archive at one moment.

    PostgreSQL: REPEATABLE READ, READ ONLY. SQLite (in WAL mode): one deferred
    transaction, whose first read fixes what it sees while writers go on. Inside a
    transaction already (a test), that one is the snapshot.
    """
    connection = connections[using]
    if connection.in_atomic_block:
        yield
    elif connection.vendor == "sqlite":
        # Not atomic(): the settings make SQLite's transactions IMMEDIATE, which would
        # take the write lock and stop every editor for the whole export.
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
            cursor.execute("SELECT count(*) FROM sqlite_master")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
    else:
        with transaction.atomic(using=using):
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield


def table_model(label: str) -> type[models.Model]:
    app_label, name = label.split(".")
    for model in apps.get_app_config(app_label).get_models(include_auto_created=True):
        if model.__name__ == name:
            return model
    raise LookupError(f"no table {label} in this version of Reading Room")


def table_label(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


class RowCoder:
    """Rows of a table as JSON-ready dicts, and back; the same bytes from any database.

    Content types and permissions are named by natural keys (migrate numbers them
    differently in each database); links to users are left empty unless users are
    exported with them.
    """

    def __init__(self, using: str, *, with_users: bool):
        from django.contrib.auth.models import Permission
        from django.contrib.contenttypes.models import ContentType

        self.using = using
        self.with_users = with_users
        types = ContentType.objects.using(using)
        self.natural = {
            "contenttypes.ContentType": {
                t.pk: [t.app_label, t.model] for t in types.order_by("pk")
            },
            "auth.Permission": {
                p.pk: [p.content_type.app_label, p.content_type.model, p.codename]
                for p in Permission.objects.using(using).select_related("content_type")
            },
        }

    def rows(self, label: str, files: set[str]) -> Iterator[dict]:
        model = table_model(label)
        fields = model._meta.concrete_fields
        rows = model._base_manager.using(self.using).order_by("pk")
        for values in rows.values_list(*[f.attname for f in fields]).iterator(chunk_size=BATCH):
            row = {}
            for f, value in zip(fields, values, strict=True):
                key, row[key] = self.encode(f, value)
                if isinstance(f, models.FileField) and value:
                    files.add(value)
            if label == "archive.TrashedDocument":
                files.update(row["files"])
            yield row

    def encode(self, f: models.Field, value) -> tuple[str, object]:
        if f.is_relation:
            target = table_label(f.related_model)
            if target in self.natural:
                return f.name, None if value is None else self.natural[target][value]
            if target == "auth.User" and not self.with_users:
                return f.attname, None
        if isinstance(value, PLAIN + SPECIAL):
            return f.attname, plain(value)
        # A field's own type (a HistoricalDate): the text the database keeps.
        return f.attname, plain(f.get_prep_value(value))


PLAIN = (str, bool, int, float, list, dict)
SPECIAL = (datetime.date, datetime.time, datetime.timedelta, decimal.Decimal, uuid.UUID)
SPECIAL += (bytes, memoryview)


def plain(value):
    """A value as JSON can hold it, the same whichever database it came from."""
    if value is None or isinstance(value, PLAIN):
        return value
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    raise TypeError(f"cannot export a value of type {type(value).__name__}")


def write_lines(path: Path, rows: Iterator[dict]) -> tuple[int, str]:
    """Write ``rows`` as JSON Lines; (how many, their SHA-256)."""
    digest, count = hashlib.sha256(), 0
    with path.open("wb") as out:
        for row in rows:
            line = json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            data = (line + "\n").encode("utf-8")
            digest.update(data)
            out.write(data)
            count += 1
    return count, digest.hexdigest()


def copy_stored_file(name: str, target: Path) -> str:
    """Copy a stored file to ``target``; its SHA-256. FileNotFoundError if it is gone."""
    digest = hashlib.sha256()
    if not default_storage.exists(name):
        raise FileNotFoundError(name)
    target.parent.mkdir(parents=True, exist_ok=True)
    with default_storage.open(name, "rb") as source, target.open("wb") as out:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
            out.write(block)
    return digest.hexdigest()


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def applied_migrations(using: str) -> dict[str, str]:
    """Each app's latest applied migration: which schema the backup was taken from."""
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connections[using]).applied_migrations():
        latest[app] = max(latest.get(app, name), name)
    return dict(sorted(latest.items()))


def write_manifest(
    folder: Path,
    result: ExportResult,
    high_water: int,
    schema: dict[str, str],
    with_users: bool,
    with_tokens: bool,
) -> None:
    """The manifest, written whole or not at all (a new file renamed into place)."""
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "tables": result.tables,
        "files": result.files,
        "missing_files": result.missing,
        "with_users": with_users,
        "with_tokens": with_tokens,
        # Deleted documents' IDs are never given again, in the restored archive too.
        "record_id_high_water": high_water,
        "schema": schema,
        "sha256": dict(sorted(result.checksums.items())),
    }
    text = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    partial = folder / f".{MANIFEST}.partial"
    with partial.open("w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, folder / MANIFEST)


def is_export(path: Path) -> bool:
    return path.is_dir() and (path / MANIFEST).is_file()


def verify_export(folder: Path) -> dict:
    """The folder's manifest, once every file it lists has its checksum; else ExportError."""
    if folder.is_dir() and not (folder / MANIFEST).exists():
        raise ExportError(
            f"{folder} has no {MANIFEST}: an export that did not finish, or not an export"
        )
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ExportError(f"{folder / MANIFEST}: cannot be read: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ExportError(f"{folder / MANIFEST}: not a Reading Room export manifest")
    listed = manifest.get("sha256", {})
    problems = []
    for name, expected in sorted(listed.items()):
        path = folder / name
        if not _inside(folder, path) or not path.is_file():
            problems.append(f"{name}: missing")
        elif sha256(path) != expected:
            problems.append(f"{name}: checksum does not match the manifest (changed or damaged)")
    if manifest.get("version", 1) == 1 and RECORDS not in listed:
        problems.append(f"{RECORDS}: not listed in the manifest")
    for label in manifest.get("tables", {}) if manifest.get("version") == 2 else []:
        if f"{TABLES}/{label}.jsonl" not in listed:
            problems.append(f"{TABLES}/{label}.jsonl: not listed in the manifest")
    if problems:
        listed_problems = "\n".join(f"  {problem}" for problem in problems)
        raise ExportError(
            f"{folder} does not match its manifest; nothing was imported.\n{listed_problems}"
        )
    return manifest


def _inside(folder: Path, path: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def observe_high_water(manifest: dict) -> None:
    """After importing an export: never hand out an ID the exported archive had given."""
    if value := manifest.get("record_id_high_water"):
        RecordIdCounter.observe(int(value))
