"""Restore a backup (``readingroom export``, docs/backup.md) into an empty archive.

Every table the backup carries is written back row for row, with its primary keys, in one
transaction: checksums first, then a refusal if the archive already holds anything the
backup would bring (the pages and links ``migrate`` makes are replaced), then the rows,
PostgreSQL's sequences moved past them, and the files copied into storage under their
stored names. Exporting the restored archive gives the same bytes again. The search
index is rebuilt afterwards unless the caller says not to.
"""

import base64
import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction

from readingroom.curation import backup_tables
from readingroom.curation.export import (
    TABLES,
    VERSION,
    ExportError,
    table_label,
    table_model,
    verify_export,
)

from .actors import Actor, require

BATCH = 2000


class RestoreError(Exception):
    """The backup cannot be restored here; the message says why. Nothing was written."""


@dataclass
class RestoreResult:
    folder: Path
    tables: dict[str, int] = field(default_factory=dict)
    files: int = 0
    missing: list[str] = field(default_factory=list)

    def summary(self) -> str:
        rows = sum(self.tables.values())
        documents = self.tables.get("archive.Document", 0)
        text = (
            f"Restored {documents:,} documents ({rows:,} rows in {len(self.tables)} tables) "
            f"and {self.files:,} files from {self.folder}."
        )
        if self.missing:
            text += f"\n{len(self.missing)} files were missing when the backup was taken:"
            text += "".join(f"\n  {name}" for name in self.missing)
        return text


def restore_backup(
    folder: Path | str, *, actor: Actor, reindex: bool = True, using: str = DEFAULT_DB_ALIAS
) -> RestoreResult:
    """An Administrator (or the command line) makes a backup the archive (docs/backup.md)."""
    require(actor, "restore_backup")
    folder = Path(folder)
    try:
        manifest = verify_export(folder)
    except ExportError as error:
        message = str(error).replace("nothing was imported", "nothing was restored")
        raise RestoreError(message) from None
    if manifest.get("version", 1) < 2:
        raise RestoreError(
            f"{folder} is a version-{manifest.get('version', 1)} export (records.jsonl): "
            f"restore it with `readingroom import {folder}`"
        )
    if manifest["version"] > VERSION:
        raise RestoreError(
            f"{folder} is a version-{manifest['version']} export, newer than this Reading Room "
            f"reads (version {VERSION}); upgrade Reading Room first"
        )
    known = backup_tables.exported(with_users=True, with_tokens=True)
    if unknown := sorted(set(manifest["tables"]) - set(known)):
        raise RestoreError(f"{folder} holds tables this version does not restore: {unknown}")
    labels = [label for label in known if label in manifest["tables"]]  # the restore order
    if hostile := [name for name in manifest["sha256"] if not _plain_file_name(name)]:
        raise RestoreError(
            f"{folder} names files outside its files/ folder; nothing was restored: "
            + ", ".join(sorted(hostile))
        )
    result = RestoreResult(folder, missing=list(manifest.get("missing_files", [])))
    with transaction.atomic(using=using):
        refuse_unless_empty(labels, using)
        writer = RowWriter(using)
        for label in labels:
            result.tables[label] = writer.write(label, folder / TABLES / f"{label}.jsonl")
        reset_sequences([table_model(label) for label in labels], using)
        result.files = copy_files(folder, manifest)
    if reindex:
        from readingroom.search.indexer import build_generation

        build_generation()
    return result


def refuse_unless_empty(labels: list[str], using: str) -> None:
    """RestoreError naming what the archive already holds, unless it holds nothing."""
    held = []
    for label in labels:
        model = table_model(label)
        if label in backup_tables.FILLED_BY_MIGRATE:
            model._base_manager.using(using).all().delete()
        elif count := model._base_manager.using(using).count():
            held.append(f"  {label}: {count:,} rows")
    if held:
        raise RestoreError(
            "A backup is restored into an empty archive only (a new database, after "
            "`readingroom migrate`), and this one already holds:\n"
            + "\n".join(held)
            + "\nNothing was restored."
        )


class RowWriter:
    """Rows of ``tables/<label>.jsonl`` inserted as they were, primary keys included."""

    def __init__(self, using: str):
        from django.contrib.auth.models import Permission
        from django.contrib.contenttypes.models import ContentType

        self.using = using
        self.connection = connections[using]
        self.natural = {
            "contenttypes.ContentType": {
                (t.app_label, t.model): t.pk for t in ContentType.objects.using(using)
            },
            "auth.Permission": {
                (p.content_type.app_label, p.content_type.model, p.codename): p.pk
                for p in Permission.objects.using(using).select_related("content_type")
            },
        }

    def write(self, label: str, path: Path) -> int:
        model = table_model(label)
        fields = model._meta.concrete_fields
        quote = self.connection.ops.quote_name
        sql = "INSERT INTO {} ({}) VALUES ({})".format(
            quote(model._meta.db_table),
            ", ".join(quote(f.column) for f in fields),
            ", ".join(["%s"] * len(fields)),
        )
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                # COPY: three times faster than batches of INSERTs.
                copy = sql.replace("INSERT INTO", "COPY").split(" VALUES")[0] + " FROM STDIN"
                with cursor.cursor.copy(copy) as rows:
                    return self.read(label, path, fields, rows.write_row)
            batch = []

            def insert(values):
                batch.append(values)
                if len(batch) == BATCH:
                    cursor.executemany(sql, batch)
                    batch.clear()

            count = self.read(label, path, fields, insert)
            if batch:
                cursor.executemany(sql, batch)
            return count

    def read(self, label: str, path: Path, fields: list, write) -> int:
        """Pass each row of ``path``, as the database's values, to ``write``; how many."""
        count = 0
        with path.open(encoding="utf-8") as lines:
            for count, line in enumerate(lines, 1):
                try:
                    row = json.loads(line)
                    values = [self.value(label, f, row) for f in fields]
                except (ValueError, LookupError) as error:
                    raise RestoreError(f"{path}, line {count}: {error}") from None
                write(values)
        return count

    def value(self, label: str, f: models.Field, row: dict):
        """The database's form of one field of a row (a field the backup lacks: its default)."""
        if f.is_relation and (target := table_label(f.related_model)) in self.natural:
            key = row.get(f.name)
            if key is None:
                return None
            if tuple(key) not in self.natural[target]:
                raise LookupError(f"{label}: no {target} {key} in this database")
            return self.natural[target][tuple(key)]
        if f.attname not in row:
            return f.get_db_prep_save(f.get_default(), self.connection)
        value = row[f.attname]
        if isinstance(f, models.BinaryField) and value is not None:
            value = base64.b64decode(value)
        elif not isinstance(f, models.JSONField):
            value = f.to_python(value)
        return f.get_db_prep_save(value, self.connection)


def reset_sequences(restored: list[type[models.Model]], using: str) -> None:
    """PostgreSQL: the next new row of each table is numbered after the restored ones."""
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), restored)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _plain_file_name(name: str) -> bool:
    """A name the manifest may list: a table, or a file under files/ with no way out of it
    (no "..", no absolute path); links out of the folder are refused by verify_export."""
    parts = PurePosixPath(name).parts
    return (
        not PurePosixPath(name).is_absolute()
        and ".." not in parts
        and "\\" not in name
        and (parts[:1] == ("files",) and len(parts) > 1 or parts[:1] == (TABLES,))
    )


def copy_files(folder: Path, manifest: dict) -> int:
    """Copy the backup's files into storage under their stored names; how many."""
    copied = 0
    for name in sorted(manifest["sha256"]):
        if not name.startswith("files/"):
            continue
        stored = name.removeprefix("files/")
        source = folder / name
        if default_storage.exists(stored):
            if _same(stored, source):
                copied += 1
                continue
            raise RestoreError(f"{stored} is already in storage with other content")
        with source.open("rb") as handle:
            saved = default_storage.save(stored, File(handle, name=stored))
        if saved != stored:
            default_storage.delete(saved)
            raise RestoreError(f"storage would not keep the name {stored} (gave {saved})")
        copied += 1
    return copied


def _same(stored: str, source: Path) -> bool:
    with default_storage.open(stored, "rb") as one, source.open("rb") as two:
        return one.read() == two.read()
