"""Reading Room's JSON Lines (``.jsonl``, ``.jsonl.gz``): one record per line.

The format, and the shape every other format is turned into, is described in
docs/import-formats.md and readingroom/importers/schemas/record.schema.json. This module
only reads lines into records; ``base`` checks and applies them.
"""

from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path

from .base import Record, RecordError
from .limits import Budget, TooLarge, lines

JSON_TYPES = {
    list: "an array",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "a boolean",
}
JSON_TYPES[type(None)] = "null"
SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")


def claims(path: Path, head: str) -> bool:
    """A file named .jsonl (.jsonl.gz), or any other file that starts with a JSON object."""
    name = path.name.lower()
    if name.endswith(SUFFIXES):
        return True
    return not name.endswith((".txt", ".md")) and head.lstrip().startswith("{")


def read(path: Path, budget: Budget) -> tuple[list[Record], list[RecordError]]:
    """The records of one file, and an error for each line that is not a JSON object.

    A ``.gz`` file is unpacked as a stream; the budget (``limits``) bounds what it may
    unpack to, the length of a line and the number of records, and reading stops at
    the first bound crossed.
    """
    records: list[Record] = []
    errors: list[RecordError] = []
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        if opener is open:
            budget.check_file(path)
        with opener(path, "rb") as stream:
            for number, raw in lines(stream, budget):
                try:
                    data = parse_line(raw.decode("utf-8"))
                except UnicodeDecodeError as error:
                    message = f"not UTF-8 text (byte {error.start + 1} of the line cannot be read)"
                    errors.append(RecordError(str(path), number, "", message))
                    continue
                except ValueError as error:
                    errors.append(RecordError(str(path), number, "", str(error)))
                    continue
                records.append(Record(data, str(path), number, path.parent))
    except TooLarge as error:
        errors.append(RecordError(str(path), error.line, "", str(error)))
    except (OSError, EOFError, zlib.error) as error:
        errors.append(RecordError(str(path), None, "", f"cannot be read: {error}"))
    return records, errors


def parse_line(line: str) -> dict:
    """One line's record; ValueError says what is wrong with the line."""
    try:
        data = json.loads(line)
    except RecursionError:
        raise ValueError("the record is nested too deeply to be read") from None
    except json.JSONDecodeError as error:
        # json's messages end "starting at" or "delimiter"; give them their column.
        detail = f"{error.msg.removesuffix(' at')} at column {error.colno}"
        if not line.rstrip().endswith("}"):
            raise ValueError(
                f"the line ends before the record does (truncated?): {detail}"
            ) from None
        raise ValueError(f"malformed JSON: {detail}") from None
    if not isinstance(data, dict):
        kind = JSON_TYPES.get(type(data), type(data).__name__)
        raise ValueError(f"a record must be a JSON object {{…}}, not {kind}")
    return data
