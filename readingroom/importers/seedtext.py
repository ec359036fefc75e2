"""The archive's text export (seeds 003 and 004): one document per ``.txt`` or ``.md`` file.

The file gives, in order: the date and the title in bold (the title possibly broken over
several lines), then sections headed **Citation:**, **Summary:**, **Credits:**,
**Original Language:** and **Contents:**. Everything else is read out of them::

    "Title", January 15, 1956, Wilson Center Digital Archive, TsKhSD (…), f.5, op.30,
    d.164, ll. 7a, 48-9. Obtained by Tatiana Zazerskaia and translated by David Wolff.
    <https://…/document/110398>

gives the title, the date, the archival source as printed ("TsKhSD (…), f.5, … 48-9"),
the contributors by role and the record ID. The record comes out in the JSON Lines shape
and goes through the same checks and the same apply step as a JSON Lines line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .base import Record, RecordError
from .limits import Budget, TooLarge

SECTIONS = ("Citation", "Summary", "Credits", "Original Language", "Contents")
ARCHIVE_NAME = "Wilson Center Digital Archive"

_SECTION = re.compile(r"^\*\*(?P<name>[A-Z][A-Za-z ]+):\*\*\s*$")
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
_RECORD_URL = re.compile(r"<?https?://\S+?/document/(\d+)/?>?")
_ROLE = r"(?:obtained|transcribed|translated|annotated|edited)"
# "Obtained by", "Translated and Annotated by": one or more roles, then "by".
_ROLES_BY = re.compile(rf"\b({_ROLE}(?:(?:,\s*|,?\s+and\s+){_ROLE})*)\s+by\s+", re.IGNORECASE)
_CREDIT_START = re.compile(rf"\.\s+(?={_ROLE}\b[^.]*\bby\b)", re.IGNORECASE)
_FUNDER = re.compile(r"made possible with(?: the)? support from\s+(.+?)\.?\s*$", re.I | re.S)
_AND = re.compile(r",?\s+and\s+|,\s*")
RENDITION_KINDS = {
    "translation": "translation",
    "transcript": "transcript",
    "transcription": "transcript",
    "original scan": "scan",
    "scan": "scan",
}


def claims(path: Path, head: str) -> bool:
    """A .txt or .md file, or any file with a **Citation:** section near its start."""
    return path.name.lower().endswith((".txt", ".md")) or "**Citation:**" in head


def read(path: Path, budget: Budget) -> tuple[list[Record], list[RecordError]]:
    """The file's one document, or the errors that keep it from being read."""
    try:
        budget.spend_file(path)
        budget.take_records()
    except TooLarge as error:
        return [], [RecordError(str(path), None, "", str(error))]
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return [], [RecordError(str(path), None, "", f"not UTF-8 text (byte {error.start})")]
    if not text.strip():
        return [], []
    try:
        data, lines = parse(text)
    except ValueError as error:
        return [], [RecordError(str(path), None, "", str(error))]
    first = min(lines.values(), default=1)
    return [Record(data, str(path), first, path.parent, field_lines=lines)], []


def parse(text: str) -> tuple[dict[str, Any], dict[str, int]]:
    """The record in a text export, and the line each field came from."""
    head, sections, lines = split_sections(text)
    if "Citation" not in sections:
        raise ValueError(
            "not the archive's text export: it has no **Citation:** section"
            " (see docs/import-formats.md)"
        )
    data: dict[str, Any] = {"type": "document"}
    field_lines: dict[str, int] = {}

    bold = [" ".join(part.split()) for part in _BOLD.findall(head)]
    if bold:
        data["date"], field_lines["date"] = bold[0], lines["head"]
    if len(bold) > 1:
        data["title"], field_lines["title"] = " ".join(bold[1:]), lines["head"]

    citation = parse_citation(sections["Citation"], data.get("date"))
    for key, value in citation.items():
        data[key] = value
        field_lines[key] = lines["Citation"]

    if summary := sections.get("Summary", "").strip():
        data["summary"], field_lines["summary"] = " ".join(summary.split()), lines["Summary"]
    if match := _FUNDER.search(sections.get("Credits", "")):
        data["funders"], field_lines["funders"] = [match[1].strip()], lines["Credits"]
    if languages := sections.get("Original Language", "").strip():
        data["original_languages"] = [name for name in _AND.split(languages) if name]
        field_lines["original_languages"] = lines["Original Language"]
    if "Contents" in sections:
        data["renditions"] = [parse_contents(sections["Contents"], data.get("contributors", []))]
        field_lines["renditions"] = lines["Contents"]
    return data, field_lines


def split_sections(text: str) -> tuple[str, dict[str, str], dict[str, int]]:
    """The text before the first section, each known section's text, and where each starts.

    Only the known headings start a section, so that bold text inside a document's
    contents stays part of it.
    """
    head: list[str] = []
    sections: dict[str, list[str]] = {}
    starts: dict[str, int] = {}
    current = head
    for number, line in enumerate(text.splitlines(), 1):
        match = _SECTION.match(line)
        if match and match["name"] in SECTIONS and match["name"] not in sections:
            current = sections[match["name"]] = []
            starts[match["name"]] = number + 1
            continue
        if current is head and line.strip() and "head" not in starts:
            starts["head"] = number
        current.append(line)
    starts.setdefault("head", 1)
    return "\n".join(head), {name: "\n".join(body) for name, body in sections.items()}, starts


def parse_citation(text: str, date: str | None) -> dict[str, Any]:
    """Title, date, archival source, contributors and record ID from the citation."""
    found: dict[str, Any] = {}
    if match := _RECORD_URL.search(text):
        found["record_id"] = int(match[1])
        text = text[: match.start()] + text[match.end() :]
    citation = " ".join(text.split())
    if match := re.match(r'^"(.+?)",\s*', citation):
        found["title"] = match[1]
        citation = citation[match.end() :]
    if date and citation.startswith(date + ","):
        citation = citation[len(date) + 1 :].lstrip()
    if citation.startswith(ARCHIVE_NAME + ","):
        citation = citation[len(ARCHIVE_NAME) + 1 :].lstrip()
    source, credit = citation, ""
    if match := _CREDIT_START.search(citation):
        source, credit = citation[: match.start()], citation[match.end() :]
    if source := source.strip().rstrip("."):
        found["source"] = {"citation": source}
    if contributors := parse_credit(credit):
        found["contributors"] = contributors
    return found


def parse_credit(sentence: str) -> list[dict[str, str]]:
    """ "Obtained by A and translated by B." → [{A, obtained}, {B, translated}].

    "Translated and Annotated by A and B." gives both people both roles.
    """
    sentence = sentence.strip().rstrip(".")
    matches = list(_ROLES_BY.finditer(sentence))
    contributors = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(sentence)
        names = re.sub(r"(?:,\s*|,?\s+and\s*)$", "", sentence[match.end() : end].strip())
        roles = [role.lower() for role in _AND.split(match[1]) if role]
        for role in roles:
            contributors += [{"name": name, "role": role} for name in _AND.split(names) if name]
    return contributors


def parse_contents(text: str, contributors: list[dict[str, str]]) -> dict[str, Any]:
    """The rendition: "Translation - English" on the first line, then its text as it is."""
    lines = text.strip("\n").splitlines()
    label = lines[0].strip() if lines else ""
    kind, _, language = (part.strip() for part in label.partition(" - "))
    translators = [c["name"] for c in contributors if c["role"] == "translated"]
    rendition: dict[str, Any] = {
        "kind": RENDITION_KINDS.get(kind.lower(), kind.lower()),
        "text": "\n".join(lines[1:]).strip("\n").rstrip(),
    }
    if language:  # else the schema reports it missing
        rendition["language"] = language
    if len(translators) == 1:
        rendition["translator"] = translators[0]
    return rendition
