"""The operators' backup: the whole archive as a folder ``readingroom import`` restores.

    DIR/records.jsonl    every record in the JSON Lines import format, entities first
                         (repositories, funders, people, places, topics), then documents by
                         record ID, then collections with their ordered documents
    DIR/files/…          every scan, portrait and image, under its name in storage
    DIR/manifest.json    the SHA-256 of every file, counts, and the export time

The records are written by ``records``, in a stable order with sorted keys and no
timestamps of their own, so that exporting the same archive twice gives the same bytes;
only ``manifest.json`` says when. Importing ``DIR`` (the folder) checks every checksum
first (``verify_export``) and writes nothing if one fails.
"""

import hashlib
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.storage import default_storage
from django.utils import timezone

from readingroom.archive.models import (
    Collection,
    Funder,
    Person,
    Place,
    RecordIdCounter,
    Repository,
    Topic,
)

from .records import document_record, documents_for_records, entity_record, record_files

RECORDS = "records.jsonl"
MANIFEST = "manifest.json"
FORMAT = "readingroom-export"
VERSION = 1
# Entities in the order the format asks for, each sorted by its own name.
ENTITY_ORDER = [
    (Repository, "repositories", "name"),
    (Funder, "funders", "name"),
    (Person, "people", "sort_name"),
    (Place, "places", "name"),
    (Topic, "topics", "name"),
]
BATCH = 500


class ExportError(Exception):
    """The export folder cannot be written or, on import, does not check out."""


@dataclass
class ExportResult:
    folder: Path
    counts: dict[str, int] = field(default_factory=dict)
    checksums: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        listed = ", ".join(f"{n} {name}" for name, n in self.counts.items())
        return f"Exported {listed} to {self.folder}."


def export_archive(folder: Path | str) -> ExportResult:
    """Write the archive to ``folder``, which must be empty or not exist yet."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ExportError(f"{folder} is not an empty folder; export into a new one")
    folder.mkdir(parents=True, exist_ok=True)
    result = ExportResult(folder)
    files: set[str] = set()
    with (folder / RECORDS).open("w", encoding="utf-8", newline="\n") as out:
        for name, record in archive_records():
            out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
            result.counts[name] = result.counts.get(name, 0) + 1
            files.update(record_files(record))
    for name in sorted(files):
        copy_stored_file(name, folder / "files" / name)
    result.counts["files"] = len(files)
    result.checksums = {
        path.relative_to(folder).as_posix(): sha256(path)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
    write_manifest(folder, result)
    return result


def archive_records() -> Iterator[tuple[str, dict]]:
    """(count name, record) for every record, in the export's order."""
    for model, name, order in ENTITY_ORDER:
        for obj in model.objects.order_by(order, "pk").iterator(chunk_size=BATCH):
            yield name, entity_record(obj)
    documents = documents_for_records().order_by("record_id")
    for document in documents.iterator(chunk_size=BATCH):
        yield "documents", document_record(document)
    for collection in Collection.objects.order_by("name", "pk"):
        yield "collections", entity_record(collection)


def copy_stored_file(name: str, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with default_storage.open(name, "rb") as source, target.open("wb") as out:
        shutil.copyfileobj(source, out)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_manifest(folder: Path, result: ExportResult) -> None:
    counter = RecordIdCounter.objects.filter(name="document").first()
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "records": RECORDS,
        "counts": result.counts,
        # Deleted documents' IDs are never given again, in the restored archive too.
        "record_id_high_water": counter.value if counter else 0,
        "sha256": result.checksums,
    }
    text = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    (folder / MANIFEST).write_text(text, encoding="utf-8")


def is_export(path: Path) -> bool:
    return path.is_dir() and (path / MANIFEST).is_file()


def verify_export(folder: Path) -> dict:
    """The folder's manifest, once every file it lists has its checksum; else ExportError."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ExportError(f"{folder / MANIFEST}: cannot be read: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ExportError(f"{folder / MANIFEST}: not a Reading Room export manifest")
    problems = []
    for name, expected in sorted(manifest.get("sha256", {}).items()):
        path = folder / name
        if not _inside(folder, path) or not path.is_file():
            problems.append(f"{name}: missing")
        elif sha256(path) != expected:
            problems.append(f"{name}: checksum does not match the manifest (changed or damaged)")
    if RECORDS not in manifest.get("sha256", {}):
        problems.append(f"{RECORDS}: not listed in the manifest")
    if problems:
        listed = "\n".join(f"  {problem}" for problem in problems)
        raise ExportError(f"{folder} does not match its manifest; nothing was imported.\n{listed}")
    return manifest


def _inside(folder: Path, path: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def observe_high_water(manifest: dict) -> None:
    """After importing an export: never hand out an ID the exported archive had given."""
    if value := manifest.get("record_id_high_water"):
        RecordIdCounter.observe(int(value))
