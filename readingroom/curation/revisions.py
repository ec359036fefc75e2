"""History: a revision at every save, diffs between any two, restoring an earlier one.

Every write path of the back office calls ``record_revision(obj, user)`` inside the
transaction that saves ``obj`` (a Document with its renditions, footnotes and links, a
Rendition, Person, Place, Topic or Collection). The snapshot is the record's JSON Lines
form (``curation.records``), so a revision is restored the way a backup is: by importing
it.

Two editors saving the same record: the edit form carries the ID of the revision the
editor started from, and the view calls ``check_not_stale`` before saving; when someone
saved in between, and their changes would be undone, it raises ``EditConflict`` with the
fields concerned, and nothing is saved.
"""

import datetime as dt
import difflib
import json
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Model

from readingroom.archive.dates import HistoricalDate
from readingroom.archive.languages import resolve_language
from readingroom.archive.models import (
    Collection,
    CollectionItem,
    Contributor,
    Document,
    Footnote,
    Person,
    Place,
    Rendition,
    RenditionFile,
    Topic,
    note_changed,
)

from . import records
from .models.revisions import Revision

# What has a history, by the name used in the back office's URLs.
KINDS = {
    "document": Document,
    "rendition": Rendition,
    "person": Person,
    "place": Place,
    "topic": Topic,
    "collection": Collection,
}
# Texts longer than this, or with several lines, are shown as a line diff.
LONG_TEXT = 120
# Set by workflow and by Administrators, not by restoring an editor's earlier text.
NOT_RESTORED = ("status", "featured", "published_at")
# Names an edit form may use for fields the snapshot nests.
FORM_ALIASES = {
    "source_repository": "source.repository",
    "source_reference": "source.reference",
    "source_citation": "source.citation",
}


def snapshot_of(obj: Model) -> dict:
    """The record's JSON Lines form; a rendition's also says whose it is."""
    if isinstance(obj, Document):
        return records.document_record(obj)
    if isinstance(obj, Rendition):
        return {"document": obj.document_id, **records.rendition_record(obj)}
    return records.entity_record(obj)


def content_type_of(obj_or_model) -> ContentType:
    return ContentType.objects.get_for_model(obj_or_model, for_concrete_model=True)


def revisions_of(obj: Model):
    return Revision.objects.filter(content_type=content_type_of(obj), object_id=obj.pk)


def latest_revision(obj: Model) -> Revision | None:
    return revisions_of(obj).order_by("-pk").first()


def record_revision(obj: Model, user, *, summary: str = "") -> Revision:
    """Keep the record as it is now; call in the transaction that saved it."""
    snapshot = snapshot_of(obj)
    previous = latest_revision(obj)
    changed = (
        [change.field for change in diff_snapshots(previous.snapshot, snapshot)]
        if (previous)
        else []
    )
    if not summary:
        summary = describe(changed) if previous else "Created"
    return Revision.objects.create(
        content_type=content_type_of(obj),
        object_id=obj.pk,
        object_repr=str(obj)[:300],
        user=user if user is not None and user.is_authenticated else None,
        snapshot=snapshot,
        changed_fields=changed,
        summary=summary[:500],
    )


def describe(changed: list[str]) -> str:
    """ "Changed title, summary and renditions[0].text" in a few words."""
    if not changed:
        return "Saved without changes"
    names = list(dict.fromkeys(changed))
    shown = names[:5] + ([f"{len(names) - 5} more"] if len(names) > 5 else [])
    listed = ", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 else shown[0]
    return f"Changed {listed}"


# Diffs ----------------------------------------------------------------------------------


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


# Conflicts ------------------------------------------------------------------------------


class EditConflict(Exception):
    """Someone saved the record since this editor opened it, and saving would undo it.

    ``latest`` is their revision; ``diff`` lists (field, mine, theirs) for each field
    they changed that this save would set otherwise.
    """

    def __init__(self, latest: Revision, diff: list[tuple[str, object, object]]):
        self.latest = latest
        self.diff = diff
        who = latest.user.get_username() if latest.user else "someone"
        fields = ", ".join(field for field, _, _ in diff)
        super().__init__(f"{who} saved this record meanwhile (revision {latest.pk}): {fields}")


def check_not_stale(obj: Model, seen_revision_id: int | None, mine: dict | None = None) -> None:
    """Raise EditConflict if a revision newer than the one seen changed what ``mine`` sets.

    ``mine`` holds the values the editor submitted, keyed like the snapshot ("title",
    "source.reference", "renditions[0].text") or like the model ("source_reference");
    without it, every field changed since the seen revision is a conflict.
    """
    latest = latest_revision(obj)
    if latest is None or latest.pk == seen_revision_id:
        return
    seen = revisions_of(obj).filter(pk=seen_revision_id).first() if seen_revision_id else None
    theirs = flatten(latest.snapshot)
    changed = [c.field for c in diff_snapshots(seen.snapshot if seen else {}, latest.snapshot)]
    if mine is None:
        before = flatten(seen.snapshot) if seen else {}
        diff = [(field, before.get(field), theirs.get(field)) for field in changed]
    else:
        submitted = {FORM_ALIASES.get(key, key): _plain(value) for key, value in mine.items()}
        diff = [
            (field, submitted[field], theirs.get(field))
            for field in changed
            if field in submitted and submitted[field] != theirs.get(field)
        ]
    if diff:
        raise EditConflict(latest, diff)


def _plain(value):
    """A form's value in the snapshot's terms: dates as text, records by name."""
    if isinstance(value, HistoricalDate):
        return value.edtf()
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Model):
        return getattr(value, "name", None) or str(value)
    if isinstance(value, list | tuple) or hasattr(value, "model"):
        return [_plain(item) for item in value]
    return value


# Restoring ------------------------------------------------------------------------------


def restore_revision(revision: Revision, user) -> Model:
    """Make the record as it was in ``revision``; that becomes a new revision.

    A document keeps its status and featured flag (workflow and Administrators decide
    those); everything else, renditions included, comes back as it was.
    """
    model = revision.content_type.model_class()
    with transaction.atomic():
        obj = model._default_manager.select_for_update().get(pk=revision.object_id)
        snapshot = revision.snapshot
        if isinstance(obj, Document):
            data = {k: v for k, v in snapshot.items() if k not in NOT_RESTORED}
            obj = records.import_document_record(data, f"revision {revision.pk}")
        elif isinstance(obj, Rendition):
            _restore_rendition(obj, snapshot)
            note_changed([obj.document_id])
        else:
            _restore_entity(obj, snapshot)
            note_changed(_documents_of(obj))
        when = revision.created.strftime("%Y-%m-%d %H:%M")
        record_revision(obj, user, summary=f"Restored revision {revision.pk} of {when}")
    return obj


def _restore_rendition(rendition: Rendition, snapshot: dict) -> None:
    rendition.kind = snapshot["kind"]
    rendition.language = resolve_language(snapshot["language"])
    rendition.text = snapshot["text"]
    rendition.machine_generated = snapshot.get("machine_generated", False)
    translator = snapshot.get("translator")
    rendition.translator = (
        Contributor.objects.get_or_create(name=translator)[0] if translator else None
    )
    rendition.save()
    rendition.footnotes.all().delete()
    Footnote.objects.bulk_create(
        Footnote(rendition=rendition, label=note["label"], text=note["text"], order=order)
        for order, note in enumerate(snapshot["footnotes"])
    )
    rendition.files.all().delete()
    for order, item in enumerate(snapshot["files"]):
        attached = RenditionFile(
            rendition=rendition, label=item["label"], content_type=item["content_type"]
        )
        attached.file.name = item["stored_as"]
        attached.order = order
        attached.save()


def _restore_entity(obj: Model, snapshot: dict) -> None:
    """Fields as they were (not the slug, nor featuring); an image if still in storage."""
    model = type(obj)
    for name in records.ENTITY_FIELDS[model][1]:
        value = snapshot.get(name)
        setattr(obj, name, value if value is not None else "")
    for name in records.DATE_FIELDS.get(model, []):
        setattr(obj, name, snapshot.get(name))
    if model is Place:
        obj.latitude, obj.longitude = snapshot.get("latitude"), snapshot.get("longitude")
    if image := records.IMAGE_FIELDS.get(model):
        stored = (snapshot.get(image) or "").removeprefix(records.FILES_PREFIX)
        if not stored or default_storage.exists(stored):
            setattr(obj, image, stored)
    obj.save()
    if model is Collection and "documents" in snapshot:
        wanted = snapshot["documents"]
        ids = set(Document.objects.filter(record_id__in=wanted).values_list("pk", flat=True))
        obj.items.all().delete()
        CollectionItem.objects.bulk_create(
            CollectionItem(collection=obj, document_id=rid, order=order)
            for order, rid in enumerate(r for r in wanted if r in ids)
        )


def _documents_of(obj: Model) -> list[int]:
    """The documents whose pages show this record (its name, its image)."""
    if hasattr(obj, "documents"):
        return list(obj.documents.values_list("record_id", flat=True))
    return []
