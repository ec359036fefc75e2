"""Importing records: read → check → apply, in one transaction, with a per-record report.

Every input format (``jsonl``, ``seedtext``) turns its files into ``Record`` objects whose
``data`` is a dict in the shape of a Reading Room JSON Lines record
(docs/import-formats.md). From there on all formats share this module: every record is
checked against the JSON Schema and then for what a schema cannot say (dates, languages,
files, record IDs); all errors of all files are collected, each naming file, line and
field; and only when there are none is anything written, by ``apply.Applier``, inside
one ``transaction.atomic()``.

    report = import_files([Path("archive.jsonl")], dry_run=True)
    for result in report.results:
        print(result)          # archive.jsonl:3: document 110398: updated
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from django.db import transaction

from readingroom.archive.dates import DateParseError, HistoricalDate
from readingroom.archive.languages import KNOWN as KNOWN_LANGUAGES
from readingroom.archive.models import (
    Collection,
    Document,
    Funder,
    Language,
    Person,
    Place,
    Repository,
    Topic,
)
from readingroom.archive.statistics import bulk_writing, refresh_statistics

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "record.schema.json"

# The entity kinds and the field each is matched by; documents are matched by record_id.
ENTITY_KEYS = {
    "person": (Person, "sort_name"),
    "place": (Place, "name"),
    "topic": (Topic, "name"),
    "collection": (Collection, "name"),
    "repository": (Repository, "name"),
    "funder": (Funder, "name"),
}
KINDS = {"document", *ENTITY_KEYS}
ACTIONS = ("new", "updated", "invalid")
PLURALS = {"person": "people", "repository": "repositories"}
# The options a record's "match" may be planned with (see ``plan``).
MATCH_FIELDS = {"title", "date"}
_FOOTNOTE_LABEL = re.compile(r"\[([^\[\]]{1,10})\]")


@dataclass(frozen=True)
class RecordError:
    """One problem with the input: ``bad.jsonl:3: date: 'June 31, 1957': day 31 is …``."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        return (
            f"{place}: {self.field}: {self.message}" if self.field else f"{place}: {self.message}"
        )


@dataclass
class Record:
    """One record read from a file, in the normalized (JSON Lines) shape."""

    data: dict[str, Any]
    file: str
    line: int
    base_dir: Path
    # Where each top-level field was found, for formats where a record spans many lines.
    field_lines: dict[str, int] = field(default_factory=dict)
    # The document this record writes to, once planned: its record_id, or None for new.
    target_id: int | None = None

    @property
    def kind(self) -> str:
        return self.data.get("type", "document")

    @property
    def key(self) -> str | int | None:
        """What identifies the record: a record_id, a person's sort name, a name."""
        if self.kind == "document":
            return self.data.get("record_id")
        return self.data.get(ENTITY_KEYS.get(self.kind, (None, "name"))[1])

    def error(self, field_path: str, message: str) -> RecordError:
        top = re.split(r"[.\[]", field_path, maxsplit=1)[0]
        return RecordError(self.file, self.field_lines.get(top, self.line), field_path, message)

    def path(self, relative: str) -> Path:
        return self.base_dir / relative


class ImportFailed(Exception):
    """The input has errors; nothing was written. ``errors`` lists every one."""

    def __init__(self, errors: Sequence[RecordError], report: ImportReport | None = None):
        self.errors = list(errors)
        self.report = report
        count = f"{len(self.errors)} error{'s' if len(self.errors) != 1 else ''}"
        lines = "\n".join(f"  {error}" for error in self.errors)
        super().__init__(f"{count}; nothing was imported.\n{lines}")


@dataclass(frozen=True)
class RecordResult:
    """What happens to one record: ``new``, ``updated`` or ``invalid`` (with the reason)."""

    file: str
    line: int
    kind: str
    key: str | int | None
    action: str
    reason: str = ""

    def __str__(self) -> str:
        name = f"{self.kind} {self.key}" if self.key is not None else f"{self.kind} (new ID)"
        text = f"{self.file}:{self.line}: {name}: {self.action}"
        return f"{text}: {self.reason}" if self.reason else text


@dataclass
class ImportReport:
    """The outcome of an import (or of a dry run): one result per record."""

    results: list[RecordResult] = field(default_factory=list)
    dry_run: bool = False
    files: int = 0

    @property
    def invalid(self) -> list[RecordResult]:
        return [result for result in self.results if result.action == "invalid"]

    def counts(self) -> Counter[tuple[str, str]]:
        return Counter((result.kind, result.action) for result in self.results)

    def summary(self) -> str:
        """ "2 documents (1 new, 1 updated) and 1 person (new) from 1 file"."""
        counts = self.counts()
        parts = []
        for kind in ["document", *ENTITY_KEYS]:
            actions = {action: n for (k, action), n in counts.items() if k == kind}
            if not actions:
                continue
            total = sum(actions.values())
            noun = kind if total == 1 else PLURALS.get(kind, kind + "s")
            detail = ", ".join(f"{actions[a]} {a}" for a in ACTIONS if a in actions)
            parts.append(f"{total} {noun} ({detail})")
        files = f"{self.files} file{'s' if self.files != 1 else ''}"
        if not parts:
            return f"nothing from {files}"
        listed = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
        return f"{listed} from {files}"


def import_files(
    paths: Iterable[Path | str],
    *,
    dry_run: bool = False,
    publish: bool = False,
    progress: bool = False,
    progress_callback: Callable[[int, int], None] | None = None,
    match_unnumbered_by: Sequence[str] = (),
) -> ImportReport:
    """Import the files named, all of them or nothing; raise ImportFailed on any error.

    ``match_unnumbered_by=("title", "date")`` makes a document without a record_id update
    an existing document with the same title and date instead of adding another (what
    ``load_sample`` needs to be idempotent; an ordinary import never guesses).
    ``progress_callback(done, total)`` is called as each record is written.
    """
    paths = [Path(path) for path in paths]
    records, errors = read_files(paths)
    return import_records(
        records,
        errors=errors,
        files=[str(path) for path in paths],
        dry_run=dry_run,
        publish=publish,
        progress=progress,
        progress_callback=progress_callback,
        match_unnumbered_by=match_unnumbered_by,
    )


def import_records(
    records: list[Record],
    *,
    errors: Sequence[RecordError] = (),
    files: Sequence[str] = (),
    dry_run: bool = False,
    publish: bool = False,
    progress: bool = False,
    progress_callback: Callable[[int, int], None] | None = None,
    match_unnumbered_by: Sequence[str] = (),
) -> ImportReport:
    """Check every record, plan what each does, and apply them unless there are errors."""
    from .apply import Applier  # apply imports this module for Record

    if unknown := set(match_unnumbered_by) - MATCH_FIELDS:
        raise ValueError(f"cannot match documents by {', '.join(sorted(unknown))}")
    identify_by_external_id(records)
    errors = [*errors, *check_records(records)]
    # In the order of the files given, then of the lines, whatever found them.
    rank = {
        name: index
        for index, name in enumerate(dict.fromkeys([*files, *(r.file for r in records)]))
    }
    errors.sort(key=lambda error: (rank.get(error.file, len(rank)), error.line or 0))
    report = plan(records, errors, match_unnumbered_by)
    report.dry_run, report.files = dry_run, len(rank)
    if errors:
        raise ImportFailed(errors, report)
    if not dry_run:
        with bulk_writing(), transaction.atomic():
            applier = Applier(
                publish=publish, progress=progress, progress_callback=progress_callback
            )
            applier.apply(records)
        refresh_statistics(len(records))
    return report


def identify_by_external_id(records: Sequence[Record]) -> None:
    """Give a document without a record ID the ID of the stored document with its
    external identifier ("frus1955-57v03/d12"), so that importing a source again
    updates what the first import made instead of adding it twice."""
    wanted = {
        record.data["external_id"]: record
        for record in records
        if record.kind == "document"
        and "record_id" not in record.data
        and isinstance(record.data.get("external_id"), str)
        and record.data["external_id"]
    }
    stored = Document.objects.filter(external_id__in=list(wanted)).values_list(
        "external_id", "record_id"
    )
    for external_id, record_id in stored:
        record = wanted[external_id]
        record.data = {"record_id": record_id, **record.data}


# Reading ------------------------------------------------------------------------------


def read_files(paths: Sequence[Path]) -> tuple[list[Record], list[RecordError]]:
    """Every record of every file, and every error met while reading them."""
    from . import jsonl, seedtext, tei  # the formats import this module for Record

    records: list[Record] = []
    errors: list[RecordError] = []
    for path in paths:
        if not path.is_file():
            reason = "is a folder, not a file" if path.is_dir() else "no such file"
            errors.append(RecordError(str(path), None, "", reason))
            continue
        head = _head(path)
        reader = next((fmt for fmt in (jsonl, seedtext, tei) if fmt.claims(path, head)), None)
        if reader is None:
            errors.append(RecordError(str(path), None, "", UNKNOWN_FORMAT))
            continue
        file_records, file_errors = reader.read(path)
        if not file_records and not file_errors:
            file_errors = [RecordError(str(path), None, "", "the file is empty (no records)")]
        records += file_records
        errors += file_errors
    return records, errors


UNKNOWN_FORMAT = (
    "neither Reading Room JSON Lines (.jsonl, .jsonl.gz) nor the archive's text export"
    " (.txt, .md with a **Citation:** section); see docs/import-formats.md"
)


def _head(path: Path, size: int = 4096) -> str:
    """The file's first characters, for the formats to recognize themselves by."""
    with path.open("rb") as handle:
        return handle.read(size).decode("utf-8", errors="replace")


# Checking -----------------------------------------------------------------------------


@cache
def validator(kind: str | None = None) -> jsonschema.Draft202012Validator:
    """The schema's validator; for a known kind, one for that kind's definition alone.

    Checking a document against ``$defs/document`` directly skips the schema's
    if/then dispatch over every kind, which is most of the cost on large imports.
    """
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    if kind is not None:
        schema = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": f"#/$defs/{kind}"}
    return jsonschema.Draft202012Validator(schema)


def check_records(records: Sequence[Record]) -> list[RecordError]:
    """Every error in the records: the schema's, then what the schema cannot check."""
    languages = known_languages()
    errors: list[RecordError] = []
    for record in records:
        if schema_errors := check_schema(record):
            errors += schema_errors
        else:
            errors += check_values(record, languages)
    errors += check_duplicates(records)
    errors += check_references(records)
    return errors


def check_schema(record: Record) -> list[RecordError]:
    kind = record.data.get("type", "document")
    check = validator(kind if isinstance(kind, str) and kind in KINDS else None)
    found = sorted(check.iter_errors(record.data), key=lambda e: list(map(str, e.path)))
    return [record.error(*_describe(error)) for error in found]


def _describe(error: jsonschema.ValidationError) -> tuple[str, str]:
    """The field an error is about ("people[1].role") and a message a person can act on."""
    path = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in error.path)
    path = path.lstrip(".")
    instance = error.instance
    if error.validator == "required" and isinstance(instance, dict):
        missing = [name for name in error.validator_value if name not in instance]
        return ".".join(filter(None, [path, missing[0] if missing else ""])), "is required"
    if error.validator == "additionalProperties" and isinstance(instance, dict):
        known = error.schema.get("properties", {})
        extra = sorted(name for name in instance if name not in known)
        kind = instance.get("type", "document") if not path else "this object"
        return ".".join(filter(None, [path, extra[0]])), f"is not a field of a {kind}"
    if error.validator == "enum":
        choices = ", ".join(repr(choice) for choice in error.validator_value if choice != "")
        return path, f"{instance!r} is not one of {choices}"
    if error.validator == "oneOf":
        return path, f"{instance!r} should be a name or an object with a name"
    return path, error.message


def known_languages() -> set[str]:
    """Codes and names (lowercase) of the languages the importer can resolve."""
    names = {key.lower() for pair in KNOWN_LANGUAGES.items() for key in pair}
    for code, name in Language.objects.values_list("code", "name"):
        names |= {code.lower(), name.lower()}
    return names


def check_values(record: Record, languages: set[str]) -> list[RecordError]:
    """What the schema cannot say: dates parse, languages are known, files exist."""
    data = record.data
    errors = []
    for name in ("date", "birth", "death", "span"):
        if data.get(name):
            try:
                HistoricalDate.parse(data[name])
            except DateParseError as error:
                errors.append(record.error(name, str(error)))
    if data.get("original_uploaded"):
        try:
            dt.date.fromisoformat(data["original_uploaded"])
        except ValueError:
            message = f"{data['original_uploaded']!r} is not a date written YYYY-MM-DD"
            errors.append(record.error("original_uploaded", message))
    if data.get("published_at"):
        try:
            dt.datetime.fromisoformat(data["published_at"])
        except ValueError:
            message = f"{data['published_at']!r} is not a date and time in ISO 8601"
            errors.append(record.error("published_at", message))
    for index, language in enumerate(data.get("original_languages", [])):
        if language.strip().lower() not in languages:
            errors.append(record.error(f"original_languages[{index}]", _unknown(language)))
    for index, rendition in enumerate(data.get("renditions", [])):
        errors += check_rendition(record, f"renditions[{index}]", rendition, languages)
    for name in ("portrait", "image"):
        if data.get(name) and not record.path(data[name]).is_file():
            errors.append(record.error(name, f"no such file: {record.path(data[name])}"))
    return errors


def _unknown(language: str) -> str:
    return f"unknown language {language!r} (give a code such as 'ru' or a name such as 'Russian')"


def check_rendition(
    record: Record, where: str, rendition: dict, languages: set[str]
) -> list[RecordError]:
    errors = []
    if rendition["language"].strip().lower() not in languages:
        errors.append(record.error(f"{where}.language", _unknown(rendition["language"])))
    labels = [footnote["label"] for footnote in rendition.get("footnotes", [])]
    referenced = set(_FOOTNOTE_LABEL.findall(rendition.get("text", "")))
    for index, label in enumerate(labels):
        if labels.index(label) != index:
            errors.append(record.error(f"{where}.footnotes[{index}]", f"label {label!r} twice"))
        elif label not in referenced:
            message = f"footnote {label!r} is not referenced as [{label}] in the text"
            errors.append(record.error(f"{where}.footnotes[{index}]", message))
    for index, item in enumerate(rendition.get("files", [])):
        if not record.path(item["path"]).is_file():
            message = f"no such file: {record.path(item['path'])}"
            errors.append(record.error(f"{where}.files[{index}].path", message))
        if "stored_as" in item and not _is_relative(item["stored_as"]):
            message = f"{item['stored_as']!r} is not a relative path inside the media folder"
            errors.append(record.error(f"{where}.files[{index}].stored_as", message))
    return errors


def _is_relative(name: str) -> bool:
    """A storage name that stays inside MEDIA_ROOT: no leading slash, no "..", no "\\"."""
    parts = name.split("/")
    return not name.startswith("/") and "\\" not in name and ".." not in parts and "" not in parts


def check_duplicates(records: Sequence[Record]) -> list[RecordError]:
    """A record ID given twice in one import, or an entity's name twice in one file, is a
    mistake. An entity described in several files (a person listed in two FRUS volumes)
    is not: each file updates it in turn, as importing them one by one would."""
    first: dict[tuple, Record] = {}
    errors = []
    for record in records:
        key = record.key
        if key is None or not isinstance(key, int | str):
            continue
        identity = (record.kind, key.casefold() if isinstance(key, str) else key)
        if record.kind != "document":
            identity += (record.file,)
        if (earlier := first.setdefault(identity, record)) is not record:
            name = "record_id" if record.kind == "document" else ENTITY_KEYS[record.kind][1]
            message = f"{key!r} is given twice (also at {earlier.file}:{earlier.line})"
            errors.append(record.error(name, message))
    return errors


def check_references(records: Sequence[Record]) -> list[RecordError]:
    """Related and collected record IDs exist in the archive or in this import."""
    imported = {r.data.get("record_id") for r in records if r.kind == "document"}
    wanted = []
    for record in records:
        name = "related" if record.kind == "document" else "documents"
        if record.kind in ("document", "collection"):
            ids = record.data.get(name)
            if isinstance(ids, list):
                wanted += [(record, f"{name}[{i}]", rid) for i, rid in enumerate(ids)]
    asked = {rid for _, _, rid in wanted if isinstance(rid, int)} - imported
    stored = set(Document.objects.filter(record_id__in=asked).values_list("record_id", flat=True))
    return [
        record.error(where, f"no document has record ID {rid}")
        for record, where, rid in wanted
        if isinstance(rid, int) and rid not in imported and rid not in stored
    ]


# Planning -----------------------------------------------------------------------------


def plan(
    records: Sequence[Record], errors: Sequence[RecordError], match_by: Sequence[str]
) -> ImportReport:
    """Decide, for each record, whether it is new, updates a stored one, or is invalid."""
    reasons: dict[tuple[str, int | None], list[str]] = {}
    for error in errors:
        reasons.setdefault((error.file, error.line), []).append(
            f"{error.field}: {error.message}" if error.field else error.message
        )
    existing = _existing_keys(records)
    matches = _unnumbered_matches(records, match_by) if match_by else {}
    report = ImportReport()
    for record in records:
        lines = {record.line, *record.field_lines.values()}
        reason = "; ".join(
            r for line in sorted(lines) for r in reasons.get((record.file, line), [])
        )
        if record.kind == "document":
            record.target_id = record.key or matches.get(id(record))
        key = record.key if isinstance(record.key, int | str) else None
        if reason:
            action = "invalid"
        elif record.kind == "document":
            action = "updated" if record.target_id in existing["document"] else "new"
        else:
            # an entity an earlier file of this import describes too is updated by this one
            name = str(key).casefold()
            action = "updated" if name in existing[record.kind] else "new"
            existing[record.kind].add(name)
        report.results.append(
            RecordResult(record.file, record.line, record.kind, key, action, reason)
        )
    return report


def _existing_keys(records: Sequence[Record]) -> dict[str, set]:
    """Of the keys the records give, those already stored (names casefolded)."""
    existing: dict[str, set] = {}
    ids = {r.key for r in records if r.kind == "document" and isinstance(r.key, int)}
    existing["document"] = set(
        Document.objects.filter(record_id__in=ids).values_list("record_id", flat=True)
    )
    for kind, (model, field_name) in ENTITY_KEYS.items():
        names = {r.key for r in records if r.kind == kind and isinstance(r.key, str)}
        # Names are compared casefolded, which the database cannot do portably in bulk.
        stored = model.objects.values_list(field_name, flat=True) if names else []
        existing[kind] = {name.casefold() for name in stored}
    return existing


def _unnumbered_matches(records: Sequence[Record], match_by: Sequence[str]) -> dict[int, int]:
    """For documents without a record_id: the stored document with the same title and date."""
    unnumbered = [r for r in records if r.kind == "document" and r.key is None]
    titles = {r.data.get("title") for r in unnumbered}
    stored = {}
    for record_id, title, date in Document.objects.filter(title__in=titles).values_list(
        "record_id", "title", "date"
    ):
        stored.setdefault(_match_key(match_by, title, date), record_id)
    matches = {}
    for record in unnumbered:
        try:
            date = HistoricalDate.coerce(record.data.get("date"))
        except DateParseError:
            continue  # reported by check_values
        key = _match_key(match_by, record.data.get("title"), date)
        if key in stored:
            matches[id(record)] = stored[key]
    return matches


def _match_key(match_by: Sequence[str], title: str | None, date: HistoricalDate | None) -> tuple:
    values = {"title": title, "date": date.edtf() if date else None}
    return tuple(values[name] for name in match_by)
