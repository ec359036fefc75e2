"""Importing files: each format reads its files into records, the domain actions do the rest.

Every input format (``jsonl``, ``seedtext``, ``tei``) turns its files into ``Record``
objects whose ``data`` is a dict in the shape of a Reading Room JSON Lines record
(docs/import-formats.md). From there on the archive's domain action
``import_records`` checks every record of every file (the schema, values, markup and
the actor's role), and writes them all or none, in one transaction.

    report = import_files([Path("archive.jsonl")], actor=Actor.system("command line"),
                          dry_run=True)
    for result in report.results:
        print(result)          # archive.jsonl:3: document 110398: updated
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from readingroom.archive.actions import Actor, import_records
from readingroom.archive.interchange.validate import (
    ImportFailed,
    ImportReport,
    Record,
    RecordError,
)

from .limits import Budget

__all__ = [
    "ImportFailed",
    "ImportReport",
    "Record",
    "RecordError",
    "UNKNOWN_FORMAT",
    "import_files",
    "read_files",
]

# Who imports when nobody signed in does: the operator, on the command line.
COMMAND_LINE = "command line"


def import_files(
    paths: Iterable[Path | str],
    *,
    actor: Actor | None = None,
    dry_run: bool = False,
    publish: bool = False,
    restoring: bool = False,
    progress: bool = False,
    progress_callback: Callable[[int, int], None] | None = None,
    match_unnumbered_by: Sequence[str] = (),
    extra_errors: Sequence[RecordError] = (),
    skip_invalid: bool = False,
) -> ImportReport:
    """Import the files named, all of them or nothing; raise ImportFailed on any error.

    ``actor`` defaults to the operator at the command line. ``match_unnumbered_by=
    ("title", "date")`` makes a document without a record_id update an existing document
    with the same title and date instead of adding another (what ``load_sample`` needs to
    be idempotent; an ordinary import never guesses). ``progress_callback(done, total)``
    is called as each record is written. ``skip_invalid`` writes what is valid and
    lists the rest in the report (``report.skipped``) instead of refusing everything.
    """
    paths = [Path(path) for path in paths]
    records, errors = read_files(paths)
    return import_records(
        records,
        actor=actor or Actor.system(COMMAND_LINE),
        errors=[*errors, *extra_errors],
        files=[str(path) for path in paths],
        dry_run=dry_run,
        publish=publish,
        restoring=restoring,
        progress=progress,
        progress_callback=progress_callback,
        match_unnumbered_by=match_unnumbered_by,
        skip_invalid=skip_invalid,
    )


def read_files(paths: Sequence[Path]) -> tuple[list[Record], list[RecordError]]:
    """Every record of every file, and every error met while reading them."""
    from . import jsonl, seedtext, tei  # the formats import this module for Record

    records: list[Record] = []
    errors: list[RecordError] = []
    budget = Budget.from_settings()
    for path in paths:
        if budget.exhausted:
            # One bound crossed is reason enough; reading on would cost more.
            errors.append(RecordError(str(path), None, "", NOT_READ))
            continue
        budget.next_file()
        if not path.is_file():
            reason = "is a folder, not a file" if path.is_dir() else "no such file"
            errors.append(RecordError(str(path), None, "", reason))
            continue
        head = _head(path)
        reader = next((fmt for fmt in (jsonl, seedtext, tei) if fmt.claims(path, head)), None)
        if reader is None:
            errors.append(RecordError(str(path), None, "", UNKNOWN_FORMAT))
            continue
        file_records, file_errors = reader.read(path, budget)
        if not file_records and not file_errors:
            file_errors = [RecordError(str(path), None, "", "the file is empty (no records)")]
        records += file_records
        errors += file_errors
    add_relations_if_found(records)
    return records, errors


def add_relations_if_found(records: Sequence[Record]) -> None:
    """Each record's ``relations_if_found`` whose other document (by external
    identifier) is among ``records`` or stored joins its ``relations``; the rest are
    dropped (a FRUS reference to a volume not imported)."""
    wanted = {item["document"] for record in records for item in record.relations_if_found}
    if not wanted:
        return
    from readingroom.archive.models import Document

    found = {r.data.get("external_id") for r in records if r.kind == "document"} & wanted
    found |= set(
        Document.objects.filter(external_id__in=wanted - found).values_list(
            "external_id", flat=True
        )
    )
    for record in records:
        if kept := [item for item in record.relations_if_found if item["document"] in found]:
            record.data["relations"] = [*record.data.get("relations", []), *kept]
        record.relations_if_found = []


NOT_READ = "not read: a file before it crossed a bound of the import (see above)"
UNKNOWN_FORMAT = (
    "neither Reading Room JSON Lines (.jsonl, .jsonl.gz) nor the archive's text export"
    " (.txt, .md with a **Citation:** section); see docs/import-formats.md"
)


def _head(path: Path, size: int = 4096) -> str:
    """The file's first characters, for the formats to recognize themselves by."""
    with path.open("rb") as handle:
        return handle.read(size).decode("utf-8", errors="replace")
