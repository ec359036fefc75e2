"""Passages: the paragraphs of a rendition, numbered for good.

Every paragraph of a rendition's text has a number that is its permalink
(``/document/110398#p4``, docs/citations.md "Citing a passage"). The numbers are stored
on the rendition (``Rendition.paragraph_ids``, one per paragraph, in order) and given
only here, by the writer of renditions (``interchange.apply``) that every save, import
and restore goes through:

- a paragraph the new text keeps, unchanged or corrected in place, keeps its number;
- a new paragraph gets a number never used before in that rendition
  (``Rendition.last_paragraph`` remembers the highest ever given);
- a removed paragraph's number is never given again,

so that ``#p4`` never comes to point at different text.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .rendering import split_paragraphs

# A corrected paragraph is still the same paragraph if this much of it is unchanged
# (difflib's ratio); below that, in a passage that gained or lost paragraphs, it is new.
SAME_PARAGRAPH = 0.5
# How far ahead of the last pair a paragraph's match is looked for: keeps a save of a
# wholly rewritten long text linear (bench/passages.py).
LOOK_AHEAD = 8


@dataclass(frozen=True)
class Numbering:
    """The numbers of a text's paragraphs, and the highest number ever given."""

    ids: list[int]
    last: int


def first_numbering(text: str) -> Numbering:
    """1..n for a text numbered for the first time."""
    count = len(split_paragraphs(text))
    return Numbering(list(range(1, count + 1)), count)


def stored_ids(text: str, ids: Sequence[int] | None) -> list[int]:
    """The stored numbers if they fit the text, else 1..n (rows written before numbering)."""
    count = len(split_paragraphs(text))
    ids = list(ids or [])
    if len(ids) == count and len(set(ids)) == count:
        return ids
    return list(range(1, count + 1))


def renumber(old_text: str, old_ids: Sequence[int], last: int, new_text: str) -> Numbering:
    """The numbers of ``new_text``'s paragraphs, given the text they correct.

    Paragraphs are matched with difflib over whole paragraphs: equal runs keep their
    numbers; in a run that changed, paragraphs pair off in order (corrected in place)
    when as many were replaced as replace them, else by likeness.
    """
    old = split_paragraphs(old_text)
    new = split_paragraphs(new_text)
    old_ids = stored_ids(old_text, old_ids)
    last = max([last, *old_ids])
    ids: list[int | None] = [None] * len(new)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            ids[j1:j2] = old_ids[i1:i2]
        elif tag == "replace":
            for i, j in _alike(old[i1:i2], new[j1:j2]):
                ids[j1 + j] = old_ids[i1 + i]
    numbered = []
    for number in ids:
        if number is None:
            last += 1
            number = last
        numbered.append(number)
    return Numbering(numbered, last)


def _alike(old: list[str], new: list[str]) -> list[tuple[int, int]]:
    """Pairs (old index, new index), in order, of paragraphs alike enough to be one."""
    pairs = []
    start = 0
    # Compared word by word (characters where a script has no spaces): far cheaper than
    # character by character on paragraphs of thousands of characters, and as telling.
    old_words = [_words(paragraph) for paragraph in old]
    for j, paragraph in enumerate(new):
        words = _words(paragraph)
        for i in range(start, min(len(old), start + LOOK_AHEAD)):
            matcher = difflib.SequenceMatcher(None, old_words[i], words, autojunk=False)
            if (
                matcher.real_quick_ratio() >= SAME_PARAGRAPH
                and matcher.quick_ratio() >= SAME_PARAGRAPH
                and matcher.ratio() >= SAME_PARAGRAPH
            ):
                pairs.append((i, j))
                start = i + 1
                break
    return pairs


def _words(paragraph: str) -> list[str]:
    words = paragraph.split()
    return words if len(words) > 1 else list(paragraph)


# Fragments ------------------------------------------------------------------------------

FRAGMENT = re.compile(r"^(?:(?P<prefix>[a-z]+-[a-z0-9-]+)-)?p(?P<number>[0-9]{1,6})$")


def fragment_prefixes(renditions: Sequence) -> dict[int, str]:
    """{rendition pk: prefix of its paragraphs' fragments}, for renditions with text.

    The first rendition with text has none (``#p4``); the others are named by kind and
    language (``#transcript-zh-p4``), and by their key too where two share both.
    """
    prefixes: dict[int, str] = {}
    taken: set[str] = set()
    for rendition in renditions:
        if not split_paragraphs(rendition.text):
            continue
        if not prefixes:
            prefix = ""
        else:
            prefix = f"{rendition.kind}-{rendition.language_id}".lower()
            if prefix in taken:
                prefix = f"{prefix}-{rendition.pk}"
        taken.add(prefix)
        prefixes[rendition.pk] = prefix
    return prefixes


def fragment(prefix: str, number: int) -> str:
    """``p4`` or ``transcript-zh-p4``: a paragraph's id on the page."""
    return f"{prefix}-p{number}" if prefix else f"p{number}"


@dataclass(frozen=True)
class Found:
    """A paragraph found by its fragment: its rendition, number, fragment and text."""

    rendition: object
    number: int
    fragment: str
    text: str

    @property
    def locator(self) -> str:
        """ "para. 4"; in any text but the first, named: "Transcript - Chinese, para. 4"."""
        if self.fragment == f"p{self.number}":
            return f"para. {self.number}"
        return f"{self.rendition.label}, para. {self.number}"


def find(renditions: Sequence, name: str) -> Found | None:
    """The paragraph ``name`` ("4", "p4", "transcript-zh-p4") names among ``renditions``."""
    name = name.strip().lower()
    match = FRAGMENT.match(f"p{name}" if name.isdigit() else name)
    if match is None:
        return None
    prefix, number = match.group("prefix") or "", int(match.group("number"))
    prefixes = fragment_prefixes(renditions)
    for rendition in renditions:
        if prefixes.get(rendition.pk) != prefix:
            continue
        texts = split_paragraphs(rendition.text)
        numbers = stored_ids(rendition.text, rendition.paragraph_ids)
        if number in numbers:
            return Found(rendition, number, fragment(prefix, number), texts[numbers.index(number)])
    return None


def first_passage(renditions: Sequence, words: Sequence[str]) -> str:
    """The fragment of the first paragraph that holds all ``words`` (else the first that
    holds the first of them), or "": where a search result's snippet links to."""
    words = [word.casefold() for word in words if word.strip()]
    if not words:
        return ""
    prefixes = fragment_prefixes(renditions)
    candidates = []
    for rendition in renditions:
        if rendition.pk not in prefixes:
            continue
        texts = split_paragraphs(rendition.text)
        numbers = stored_ids(rendition.text, rendition.paragraph_ids)
        for number, text in zip(numbers, texts, strict=True):
            candidates.append((fragment(prefixes[rendition.pk], number), text.casefold()))
    for wanted in (words, words[:1]):
        for name, text in candidates:
            if all(word in text for word in wanted):
                return name
    return ""
