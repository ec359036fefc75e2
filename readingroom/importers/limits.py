"""What one import may cost: bytes unpacked, the length of a line, the number of records.

An import is read whole into memory before anything is written (it is all or nothing),
so its input must be bounded, or a small upload can take a worker down: 292 KB of
``.jsonl.gz`` once unpacked to gigabytes of records, and a gzip of blank lines kept a
worker busy until its timeout. Three settings bound every import (docs/configuration.md):

- ``IMPORT_MAX_BYTES``: bytes read, uncompressed, blank lines included, for all the
  files of one import together; a compressed file is read as a stream and refused as
  soon as it unpacks past the bound;
- ``IMPORT_MAX_LINE_BYTES``: the longest line of JSON Lines (one record);
- ``IMPORT_MAX_RECORDS``: records (and lines that fail to be one) in one import.

``Budget`` counts what an import has spent; ``lines`` cuts a byte stream into numbered,
non-blank lines while spending it. Crossing a bound raises ``TooLarge`` with a message
naming the setting, and the readers stop at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

# How much is read at a time: large enough that blank lines cost C loops, not Python ones.
CHUNK = 1 << 20
# Not ASCII white space (bytes' \s is exactly JSON's white space and \f, \v).
_VISIBLE = re.compile(rb"\S")


class TooLarge(ValueError):
    """An import crossed one of its bounds; ``line`` is where, when a line is to blame."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


def size_text(size: int) -> str:
    """ "10 MB", "256 MB", "1.5 GB": sizes as people read them (1 MB = 1,048,576 bytes)."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size:,} bytes"


@dataclass
class Budget:
    """What one import may still read; shared by every file the import reads."""

    max_bytes: int
    max_line_bytes: int
    max_records: int
    spent_bytes: int = 0
    # What the files read before this one spent, to say so when the bound is crossed.
    spent_before: int = 0
    records: int = 0
    exhausted: bool = False

    @classmethod
    def from_settings(cls) -> Budget:
        return cls(
            max_bytes=settings.IMPORT_MAX_BYTES,
            max_line_bytes=settings.IMPORT_MAX_LINE_BYTES,
            max_records=settings.IMPORT_MAX_RECORDS,
        )

    def for_one_file(self) -> Budget:
        """A budget of IMPORT_MAX_BYTES for one file on its own (a TEI volume, parsed
        and dropped), whatever the files before it read."""
        return Budget(self.max_bytes, self.max_line_bytes, self.max_records)

    def next_file(self) -> None:
        self.spent_before = self.spent_bytes

    def spend(self, size: int) -> None:
        """Count ``size`` more bytes read; TooLarge once past IMPORT_MAX_BYTES."""
        self.spent_bytes += size
        if self.spent_bytes > self.max_bytes:
            raise self._over("unpacks to")

    def check_file(self, path: Path) -> None:
        """Refuse a file that is too large before reading a byte of it."""
        if self.spent_bytes + path.stat().st_size > self.max_bytes:
            raise self._over("is")

    def spend_file(self, path: Path) -> None:
        """Count a file read whole (text export, TEI), before reading it."""
        self.check_file(path)
        self.spend(path.stat().st_size)

    def _over(self, verb: str) -> TooLarge:
        self.exhausted = True
        others = ", counted with the files before it" if self.spent_before else ""
        return TooLarge(
            f"the file {verb} more than {size_text(self.max_bytes)}"
            f" (IMPORT_MAX_BYTES{others}); nothing was imported"
        )

    def take_records(self, count: int = 1, line: int | None = None) -> None:
        """Count ``count`` more records; TooLarge once past IMPORT_MAX_RECORDS."""
        self.records += count
        if self.records > self.max_records:
            self.exhausted = True
            raise TooLarge(
                f"more than {self.max_records:,} records in one import (IMPORT_MAX_RECORDS);"
                " nothing was imported",
                line,
            )

    def too_long(self, line: int) -> TooLarge:
        self.exhausted = True
        return TooLarge(
            f"line {line} is longer than {size_text(self.max_line_bytes)}"
            " (IMPORT_MAX_LINE_BYTES); nothing was imported",
            line,
        )


def lines(stream: BinaryIO, budget: Budget) -> Iterator[tuple[int, bytes]]:
    """(line number, bytes) of each line of ``stream`` that is not blank, counted from 1.

    Every byte read is spent, blank lines too; a run of blank lines is skipped by
    searching bytes in C, so a gigabyte of newlines costs seconds, not a worker's hour.
    Each visible line counts as a record. Memory stays within a line plus a chunk.
    """
    pending, first = b"", 1
    while chunk := stream.read(CHUNK):
        budget.spend(len(chunk))
        data = pending + chunk if pending else chunk
        cut = data.rfind(b"\n") + 1
        block, pending = data[:cut], data[cut:]
        # A block of nothing but blank lines (a bomb's) is skipped at C speed.
        visible = () if block.isspace() else _visible_lines(block, first)
        for number, line in visible:
            if len(line) > budget.max_line_bytes:
                raise budget.too_long(number)
            budget.take_records(line=number)
            yield number, line
        first += block.count(b"\n")
        if len(pending) > budget.max_line_bytes:
            if _VISIBLE.search(pending):
                raise budget.too_long(first)
            pending = b""  # the middle of a long blank line: it costs its bytes, no more
    if _VISIBLE.search(pending):
        budget.take_records(line=first)
        yield first, pending


def _visible_lines(block: bytes, first: int) -> Iterator[tuple[int, bytes]]:
    """The lines of ``block`` (whole lines, each ending in a newline) with a visible
    character, numbered from ``first``; blank ones are passed over by search, not loop."""
    position, number = 0, first
    while match := _VISIBLE.search(block, position):
        newline_before = block.rfind(b"\n", position, match.start())
        start = newline_before + 1 if newline_before >= 0 else position
        end = block.find(b"\n", match.start())
        number += block.count(b"\n", position, start)
        yield number, block[start:end]
        number += 1
        position = end + 1
