"""Comparing two snapshots of a record, field by field, and long texts line by line.

Pure functions over the JSON Lines form of a record (``archive.interchange``): the
history pages show what they find, and revisions store which fields changed.
"""

import difflib
import json
from dataclasses import dataclass

# Texts longer than this, or with several lines, are shown as a line diff.
LONG_TEXT = 120


def describe(changed: list[str]) -> str:
    """ "Changed title, summary and renditions[0].text" in a few words."""
    if not changed:
        return "Saved without changes"
    names = list(dict.fromkeys(changed))
    shown = names[:5] + ([f"{len(names) - 5} more"] if len(names) > 5 else [])
    listed = ", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 else shown[0]
    return f"Changed {listed}"


@dataclass(frozen=True)
class FieldChange:
    """One field that differs: its old and new value, and for long texts a line diff."""

    field: str
    old: object
    new: object

    @property
    def lines(self) -> list[tuple[str, str]] | None:
        """[("removed", "…"), ("added", "…"), ("same", "…"), ("gap", "")] or None."""
        old, new = _text(self.old), _text(self.new)
        if not (len(old) > LONG_TEXT or len(new) > LONG_TEXT or "\n" in old + new):
            return None
        return line_diff(old, new)


def flatten(snapshot: dict, prefix: str = "") -> dict[str, object]:
    """{"source.reference": …, "renditions[0].text": …}: one entry per field shown."""
    flat: dict[str, object] = {}
    for key, value in snapshot.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, name + "."))
        elif key == "renditions" and isinstance(value, list):
            for index, rendition in enumerate(value):
                flat.update(flatten(rendition, f"{name}[{index}]."))
        elif isinstance(value, list) and any(isinstance(item, dict) for item in value):
            # People, places, contributors, footnotes, files: one line each.
            flat[name] = "\n".join(_one_line(item) for item in value)
        else:
            flat[name] = value
    return flat


def _one_line(item) -> str:
    if isinstance(item, dict):
        return json.dumps(item, ensure_ascii=False, sort_keys=True)
    return str(item)


def diff_snapshots(old: dict, new: dict) -> list[FieldChange]:
    """The fields that differ between two snapshots, in the newer one's order."""
    before, after = flatten(old), flatten(new)
    names = list(dict.fromkeys([*after, *before]))
    return [
        FieldChange(name, before.get(name), after.get(name))
        for name in names
        if before.get(name) != after.get(name)
    ]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(_one_line(item) for item in value)
    return str(value)


def line_diff(old: str, new: str, context: int = 2) -> list[tuple[str, str]]:
    """The changed lines of two texts with a little context; "gap" marks what is skipped.

    Plain (tag, line) pairs: the template escapes the lines like any other text.
    """
    a, b = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    lines: list[tuple[str, str]] = []
    for number, group in enumerate(matcher.get_grouped_opcodes(context)):
        if number or (group and (group[0][1] > 0 or group[0][3] > 0)):
            lines.append(("gap", ""))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [("same", line) for line in a[i1:i2]]
                continue
            lines += [("removed", line) for line in a[i1:i2]]
            lines += [("added", line) for line in b[j1:j2]]
    return lines
