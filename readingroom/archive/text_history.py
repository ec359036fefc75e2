"""A published document's text history: the versions of its texts readers have seen.

A version is what readers read between two corrections. It is read off the document's
revisions (``models.history.Revision``: the record as saved at each change, kept by the
domain actions), keeping only those saved while the document was published, and of
those only the ones whose public texts (each translation's and transcript's words and
notes; not unconfirmed machine output) differ from the version before: version 1 is the
text as first published, version 2 its first correction, and so on. Numbers never
change, since revisions are never rewritten or removed.

Nothing private is shown: a revision saved while the document was a draft or in review
is not a version (a text corrected while unpublished becomes public only with the
version that publishes it), and only a version's own note is shown (the editor's note
with the correction, or with the step that republished it), never an automatic
description or a draft's note. A document that is not published now has no public
history at all.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType

from .actions.rules import STEP_LABELS
from .diffs import describe
from .languages import KNOWN
from .models import Document, Rendition, Revision
from .rendering import split_paragraphs

TEXT_KINDS = (Rendition.Kind.TRANSLATION, Rendition.Kind.TRANSCRIPT)
# Summaries the actions write themselves: not an editor's note.
AUTOMATIC = re.compile(
    r"^(Created|Saved without changes|Changed .*|Restored .*|Moved to the trash"
    r"|From the document list)$"
)
WORD = re.compile(r"\S+\s*")


@dataclass(frozen=True)
class Text:
    """One public text of a version: a translation or transcript, with its notes."""

    kind: str
    language: str
    body: str
    notes: tuple[tuple[str, str], ...]

    @property
    def label(self) -> str:
        return f"{Rendition.Kind(self.kind).label} ({KNOWN.get(self.language, self.language)})"

    @property
    def paragraphs(self) -> list[str]:
        return split_paragraphs(self.body)


@dataclass
class Version:
    number: int
    revision_id: int
    published: dt.datetime
    note: str
    title: str
    texts: list[Text] = field(default_factory=list)


def public_texts(snapshot: dict) -> list[Text]:
    """The texts a reader saw in a document snapshot (its JSON Lines form)."""
    return [
        Text(
            rendition["kind"],
            rendition.get("language") or "",
            rendition.get("text") or "",
            tuple((n["label"], n["text"]) for n in rendition.get("footnotes") or []),
        )
        for rendition in snapshot.get("renditions") or []
        if rendition.get("kind") in TEXT_KINDS
        and not rendition.get("machine_generated")
        and (rendition.get("text") or rendition.get("footnotes"))
    ]


def own_note(summary: str, changed_fields: list[str]) -> str:
    """The note an editor or reviewer wrote with this revision, or ""."""
    summary = (summary or "").strip()
    for label in STEP_LABELS.values():
        if summary == label:
            return ""
        if summary.startswith(f"{label}: "):
            return summary.removeprefix(f"{label}: ").strip()
    if summary == describe(changed_fields) or AUTOMATIC.match(summary):
        return ""
    return summary


def versions(document: Document) -> list[Version]:
    """The versions of a published document's texts, oldest first; none for another."""
    if not document.is_published:
        return []
    revisions = (
        Revision.objects.filter(
            content_type=ContentType.objects.get_for_model(Document),
            object_id=document.record_id,
            snapshot__status=Document.Status.PUBLISHED,
        )
        .order_by("pk")
        .only("pk", "created", "summary", "changed_fields", "snapshot")
    )
    found: list[Version] = []
    for revision in revisions.iterator(chunk_size=50):
        texts = public_texts(revision.snapshot)
        if found and texts == found[-1].texts:
            continue
        found.append(
            Version(
                number=len(found) + 1,
                revision_id=revision.pk,
                published=revision.created,
                note=own_note(revision.summary, revision.changed_fields) if found else "",
                title=revision.snapshot.get("title") or document.title,
                texts=texts,
            )
        )
    return found


@dataclass(frozen=True)
class TextChange:
    """How one text changed from one version to the next: its paragraphs, each as
    (kind, [(tag, words)]) with tag "same", "removed" or "added"."""

    label: str
    paragraphs: list[tuple[str, list[tuple[str, str]]]]


def changes(old: Version, new: Version) -> list[TextChange]:
    """Each text of ``new`` that differs from the same text of ``old`` (by kind and
    language), word by word within the paragraphs that changed."""
    before = {(t.kind, t.language): t for t in old.texts}
    result = []
    for text in new.texts:
        previous = before.pop((text.kind, text.language), None)
        old_body = _with_notes(previous) if previous else ""
        new_body = _with_notes(text)
        if old_body != new_body:
            result.append(TextChange(text.label, paragraph_diff(old_body, new_body)))
    for text in before.values():  # a text withdrawn
        result.append(TextChange(text.label, paragraph_diff(_with_notes(text), "")))
    return result


def _with_notes(text: Text) -> str:
    notes = [f"[{label}] {note}" for label, note in text.notes]
    return "\n\n".join([*text.paragraphs, *notes])


def paragraph_diff(old: str, new: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The paragraphs that changed, each with its words marked; unchanged ones left out."""
    a, b = split_paragraphs(old), split_paragraphs(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    shown: list[tuple[str, list[tuple[str, str]]]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            shown += [("changed", word_diff(x, y)) for x, y in zip(a[i1:i2], b[j1:j2], strict=True)]
            continue
        shown += [("removed", [("removed", p)]) for p in a[i1:i2]]
        shown += [("added", [("added", p)]) for p in b[j1:j2]]
    return shown


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Two versions of a paragraph as runs of words: same, removed, added."""
    a, b = WORD.findall(old), WORD.findall(new)
    runs: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            runs.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("removed", "".join(a[i1:i2])))
        if j2 > j1:
            runs.append(("added", "".join(b[j1:j2])))
    return runs
