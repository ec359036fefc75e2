"""Checking records in the JSON Lines form, and planning what each would do.

Every way into the archive (a file's import, the back office, the API, a restore) hands
the domain actions records in the shape of docs/import-formats.md; they are checked
here, all of them before anything is written: against the JSON Schema, then for what a
schema cannot say (dates, languages, files, record IDs, markup). Each error names its
file, line and field, and ``plan`` says of each record whether it is new, updates a
stored one, or is invalid. ``readingroom.archive.actions.import_records`` runs these
and then writes.

    report = import_records(records, actor=Actor.system("command line"), dry_run=True)
    for result in report.results:
        print(result)          # archive.jsonl:3: document 110398: updated
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from django.core.exceptions import ValidationError

from readingroom.archive.dates import DateParseError, HistoricalDate
from readingroom.archive.languages import KNOWN as KNOWN_LANGUAGES
from readingroom.archive.models import (
    Collection,
    Contributor,
    Document,
    Funder,
    Language,
    Person,
    Place,
    Repository,
    Topic,
)
from readingroom.archive.sanitize import clean_url, find_hostile_markup

from .files import inside, missing_or_outside

SCHEMA_PATH = Path(__file__).resolve().parent / "record.schema.json"

# The entity kinds and the field each is matched by; documents are matched by record_id.
ENTITY_KEYS = {
    "person": (Person, "sort_name"),
    "place": (Place, "name"),
    "topic": (Topic, "name"),
    "collection": (Collection, "name"),
    "repository": (Repository, "name"),
    "funder": (Funder, "name"),
    "contributor": (Contributor, "name"),
}
KINDS = {"document", *ENTITY_KEYS}
ACTIONS = ("new", "updated", "invalid", "skipped")
PLURALS = {"person": "people", "repository": "repositories"}
# The options a record's "match" may be planned with (see ``plan``).
MATCH_FIELDS = {"title", "date"}
# "renditions[0].footnotes[4]" → "renditions[0].footnotes" → "renditions[0]".
_LAST_STEP = re.compile(r"(\.\w+|\[\d+\])$")
_FOOTNOTE_LABEL = re.compile(r"\[([^\[\]]{1,10})\]")


@dataclass(frozen=True)
class RecordError:
    """One problem with the input: ``bad.jsonl:3: date: 'June 31, 1957': day 31 is …``."""

    file: str
    line: int | None
    field: str
    message: str
    # Refused by the role table (the actor may not), rather than invalid input.
    refused: bool = False

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
    # What the reader recovered from to read the record ("duplicate xml:id …"), reported.
    notes: list[str] = field(default_factory=list)
    # The document this record writes to, once planned: its record_id, or None for new.
    target_id: int | None = None
    # Relations the source gives to documents that may not be in the archive (a FRUS
    # cross-reference to another volume): added to ``relations`` by ``read_files`` where
    # the other document is in the same import or stored, dropped otherwise.
    relations_if_found: list[dict[str, Any]] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.data.get("type", "document")

    @property
    def key(self) -> str | int | None:
        """What identifies the record: a record_id, a person's sort name, a name."""
        if self.kind == "document":
            return self.data.get("record_id")
        return self.data.get(ENTITY_KEYS.get(self.kind, (None, "name"))[1])

    def error(self, field_path: str, message: str, *, refused: bool = False) -> RecordError:
        """An error on the line of the field, or of the part of it given a line of its
        own ("renditions[0].footnotes[4]": a TEI note's line), else of the record."""
        return RecordError(self.file, self.line_of(field_path), field_path, message, refused)

    def line_of(self, field_path: str) -> int:
        path = field_path
        while path not in self.field_lines:
            parent = _LAST_STEP.sub("", path)
            if parent == path:
                return self.line
            path = parent
        return self.field_lines[path]

    @property
    def label(self) -> str:
        """ "document 110398", "person 'Zhou, Enlai'", "document (new ID)"."""
        key = self.key
        if key is None or not isinstance(key, int | str):
            return f"{self.kind} (new ID)" if self.kind == "document" else self.kind
        return f"{self.kind} {key}" if isinstance(key, int) else f"{self.kind} {key!r}"

    def path(self, relative: str) -> Path:
        """The file a field names, inside this record's folder (see ``files.inside``)."""
        return inside(self.base_dir, relative)

    def file_error(self, field_path: str, given: str) -> RecordError | None:
        """An error if ``given`` is not a file inside the record's folder."""
        if reason := missing_or_outside(self.base_dir, given):
            return self.error(field_path, f"{reason} ({self.label})")
        return None


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
    # What was recovered from to read it (a volume's duplicate xml:ids), for the report.
    note: str = ""

    def __str__(self) -> str:
        name = f"{self.kind} {self.key}" if self.key is not None else f"{self.kind} (new ID)"
        text = f"{self.file}:{self.line}: {name}: {self.action}"
        text = f"{text}: {self.reason}" if self.reason else text
        return f"{text} (recovered: {self.note})" if self.note else text


@dataclass
class ImportReport:
    """The outcome of an import (or of a dry run): one result per record."""

    results: list[RecordResult] = field(default_factory=list)
    dry_run: bool = False
    files: int = 0
    # With skip_invalid: the errors of what was skipped, files that could not be read too.
    skipped: list[RecordError] = field(default_factory=list)

    @property
    def invalid(self) -> list[RecordResult]:
        return [result for result in self.results if result.action == "invalid"]

    @property
    def recovered(self) -> list[RecordResult]:
        """Records read in spite of a fault of their file, saying what was recovered."""
        return [result for result in self.results if result.note]

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
    well_formed = []
    for record in records:
        if schema_errors := check_schema(record):
            errors += schema_errors
        else:
            well_formed.append(record)
            errors += check_values(record, languages)
            errors += check_markup(record)
    errors += check_duplicates(records)
    errors += check_references(records)
    errors += check_relations(records, well_formed)
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
    if error.validator == "oneOf" and re.search(r"relations\[\d+\]\.document$", path):
        return path, f"{instance!r} should be a record ID or an external identifier"
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
    errors += check_certainty(record)
    for index, language in enumerate(data.get("original_languages", [])):
        if language.strip().lower() not in languages:
            errors.append(record.error(f"original_languages[{index}]", _unknown(language)))
    for index, rendition in enumerate(data.get("renditions", [])):
        errors += check_rendition(record, f"renditions[{index}]", rendition, languages)
    for name in ("portrait", "image"):
        if data.get(name) and (error := record.file_error(name, data[name])):
            errors.append(error)
    return errors


def check_certainty(record: Record) -> list[RecordError]:
    """A person link's ``uncertain`` agrees with its ``certainty``; places have neither
    level nor reason (only their ``uncertain`` flag)."""
    errors = []
    for index, item in enumerate(record.data.get("people", [])):
        if not isinstance(item, dict) or "uncertain" not in item or "certainty" not in item:
            continue
        if item["uncertain"] is (item["certainty"] == "certain"):
            message = f"{item['uncertain']!r} contradicts certainty {item['certainty']!r}"
            errors.append(record.error(f"people[{index}].uncertain", message))
    for index, item in enumerate(record.data.get("places", [])):
        for key in ("certainty", "certainty_note"):
            if isinstance(item, dict) and key in item:
                message = "is kept for people only; a place link has uncertain and notes"
                errors.append(record.error(f"places[{index}].{key}", message))
    return errors


def check_markup(record: Record) -> list[RecordError]:
    """No text of the record carries markup that an HTML reader of it would act on.

    Every text is checked, wherever it is nested ("renditions[0].footnotes[2].text"), by
    the archive's one sanitizer (``archive.sanitize``), whichever path the record came by.
    """
    errors = []
    for path, value in _texts(record.data):
        if path.rsplit(".", 1)[-1] == "url" and value:
            try:
                clean_url(value, path)
            except ValidationError as error:
                errors.append(record.error(path, error.messages[0].removeprefix(f"{path}: ")))
        elif problem := find_hostile_markup(value):
            message = f"HTML markup such as {problem} is not allowed"
            errors.append(record.error(path, message))
    return errors


def _texts(value: Any, path: str = ""):
    """(field path, text) of every string in a record."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, f"{path}[{index}]")


def _unknown(language: str) -> str:
    return f"unknown language {language!r} (give a code such as 'ru' or a name such as 'Russian')"


def check_rendition(
    record: Record, where: str, rendition: dict, languages: set[str]
) -> list[RecordError]:
    errors = []
    if rendition["language"].strip().lower() not in languages:
        errors.append(record.error(f"{where}.language", _unknown(rendition["language"])))
    footnotes = rendition.get("footnotes", [])
    labels = [footnote["label"] for footnote in footnotes]
    referenced = set(_FOOTNOTE_LABEL.findall(rendition.get("text", "")))
    # A note may be referenced from another note (a note on a note, as FRUS nests them).
    in_notes = {
        (label, index)
        for index, footnote in enumerate(footnotes)
        for label in _FOOTNOTE_LABEL.findall(footnote.get("text", ""))
    }
    for index, label in enumerate(labels):
        if labels.index(label) != index:
            errors.append(record.error(f"{where}.footnotes[{index}]", f"label {label!r} twice"))
        elif label not in referenced and not any(
            found == label and other != index for found, other in in_notes
        ):
            message = (
                f"footnote {label!r} is not referenced as [{label}] in the text or another note"
            )
            errors.append(record.error(f"{where}.footnotes[{index}]", message))
    for index, item in enumerate(rendition.get("files", [])):
        if error := record.file_error(f"{where}.files[{index}].path", item["path"]):
            errors.append(error)
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


def check_relations(records: Sequence[Record], well_formed: Sequence[Record]) -> list[RecordError]:
    """Each relation of a ``well_formed`` record names another document, stored or in
    this import (``records``), and only once.

    The other document is given by record ID or by external identifier; one further
    down the same file is found too (relations are written once every document is).
    """
    documents = [r for r in well_formed if r.kind == "document" and r.data.get("relations")]
    if not documents:
        return []
    all_documents = [r for r in records if r.kind == "document"]
    imported_ids = {r.target_id for r in all_documents if r.target_id}
    imported_external = {
        r.data["external_id"]: r for r in all_documents if r.data.get("external_id")
    }
    given = [item["document"] for r in documents for item in r.data["relations"]]
    stored_ids = set(
        Document.objects.filter(record_id__in=[g for g in given if isinstance(g, int)]).values_list(
            "record_id", flat=True
        )
    )
    stored_external = dict(
        Document.objects.filter(
            external_id__in=[g for g in given if isinstance(g, str)]
        ).values_list("external_id", "record_id")
    )
    errors = []
    for record in documents:
        seen: set[tuple[str, object]] = set()
        for index, item in enumerate(record.data["relations"]):
            other, where = item["document"], f"relations[{index}].document"
            if isinstance(other, int):
                found = other in imported_ids or other in stored_ids
                is_self = record.target_id is not None and other == record.target_id
                missing = f"no document has record ID {other}"
            else:
                found = other in imported_external or other in stored_external
                own = record.data.get("external_id")
                is_self = other == own or (
                    record.target_id is not None
                    and stored_external.get(other) == record.target_id
                    and other not in imported_external
                )
                missing = f"no document has the external identifier {other!r}"
            if not found:
                errors.append(record.error(where, missing))
            elif is_self:
                errors.append(record.error(where, "a document cannot be related to itself"))
            elif (item["type"], other) in seen:
                message = f"{item['type']} {other!r} is given twice"
                errors.append(record.error(f"relations[{index}]", message))
            seen.add((item["type"], other))
    return errors


# Planning -----------------------------------------------------------------------------


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


def assign_targets(records: Sequence[Record], match_by: Sequence[str] = ()) -> None:
    """Set each document record's ``target_id``: the stored document it writes to (by
    record ID, external identifier, or ``match_by``), its new record ID, or None."""
    identify_by_external_id(records)
    matches = _unnumbered_matches(records, match_by) if match_by else {}
    for record in records:
        if record.kind == "document":
            key = record.key if isinstance(record.key, int) else None
            record.target_id = key or matches.get(id(record))


def plan(records: Sequence[Record], errors: Sequence[RecordError]) -> ImportReport:
    """Decide, for each record, whether it is new, updates a stored one, or is invalid.

    Call ``assign_targets`` first."""
    reasons: dict[tuple[str, int | None], list[str]] = {}
    for error in errors:
        reasons.setdefault((error.file, error.line), []).append(
            f"{error.field}: {error.message}" if error.field else error.message
        )
    existing = _existing_keys(records)
    report = ImportReport()
    for record in records:
        lines = {record.line, *record.field_lines.values()}
        reason = "; ".join(
            r for line in sorted(lines) for r in reasons.get((record.file, line), [])
        )
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
            RecordResult(
                record.file, record.line, record.kind, key, action, reason, "; ".join(record.notes)
            )
        )
    return report


def _existing_keys(records: Sequence[Record]) -> dict[str, set]:
    """Of the keys the records give, those already stored (names casefolded)."""
    existing: dict[str, set] = {}
    ids = {r.target_id for r in records if r.kind == "document" and r.target_id}
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
