"""Revisions: a snapshot of a record at each change, with who made it and what changed.

Every action keeps a revision of each record it changes, inside its own transaction.
The snapshot is the record's JSON Lines form (``archive.interchange.serialize``), so a
revision is restored the way a backup is: by writing that record back.

Two editors saving the same record: the edit form carries the ID of the revision the
editor started from; when someone saved in between, and this save would undo their
changes, ``check_not_stale`` raises ``EditConflict`` with the fields concerned, and the
action's transaction rolls back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, Model

from readingroom.archive.dates import HistoricalDate
from readingroom.archive.diffs import describe, diff_snapshots, flatten
from readingroom.archive.interchange import serialize
from readingroom.archive.models import (
    Collection,
    Contributor,
    Document,
    Funder,
    Person,
    Place,
    Rendition,
    Repository,
    Revision,
    Topic,
)

from .actors import Actor

# What has a history, by the name used in the back office's URLs.
KINDS = {
    "document": Document,
    "rendition": Rendition,
    "person": Person,
    "place": Place,
    "topic": Topic,
    "collection": Collection,
    "repository": Repository,
    "funder": Funder,
    "contributor": Contributor,
}
# Names an edit form may use for fields the snapshot nests.
FORM_ALIASES = {
    "source_repository": "source.repository",
    "source_reference": "source.reference",
    "source_citation": "source.citation",
}


def kind_of(model_or_obj) -> str | None:
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    return next((kind for kind, known in KINDS.items() if known is model), None)


def snapshot_of(obj: Model) -> dict:
    """The record's JSON Lines form; a rendition's also says whose it is."""
    if isinstance(obj, Document):
        return serialize.document_record(obj)
    if isinstance(obj, Rendition):
        return {"document": obj.document_id, **serialize.rendition_record(obj)}
    return serialize.entity_record(obj)


def content_type_of(obj_or_model) -> ContentType:
    return ContentType.objects.get_for_model(obj_or_model, for_concrete_model=True)


def revisions_of(obj: Model):
    return Revision.objects.filter(content_type=content_type_of(obj), object_id=obj.pk)


def latest_revision(obj: Model) -> Revision | None:
    return revisions_of(obj).order_by("-pk").first()


def record_revision(obj: Model, actor: Actor, *, summary: str = "") -> Revision:
    """Keep the record as it is now; call in the transaction that changed it."""
    return record_revisions([obj], actor, summary=summary)[0]


def record_revisions(
    objs: Iterable[Model], actor: Actor, *, summary: str = "", snapshots: dict | None = None
) -> list[Revision]:
    """A revision of each record (all of one model), in a few queries for many records.

    ``snapshots`` (by key) spares reading again what the caller has already serialized.
    """
    objs = list(objs)
    if not objs:
        return []
    content_type = content_type_of(objs[0])
    previous = _latest_snapshots(content_type, [obj.pk for obj in objs])
    revisions = []
    for obj in objs:
        snapshot = snapshots[obj.pk] if snapshots and obj.pk in snapshots else snapshot_of(obj)
        before = previous.get(obj.pk)
        changed = [c.field for c in diff_snapshots(before, snapshot)] if before else []
        text = summary or (describe(changed) if before is not None else "Created")
        revisions.append(
            Revision(
                content_type=content_type,
                object_id=obj.pk,
                object_repr=str(obj)[:300],
                user=actor.db_user,
                actor="" if actor.db_user else actor.name[:200],
                snapshot=snapshot,
                changed_fields=changed,
                summary=text[:500],
            )
        )
    return Revision.objects.bulk_create(revisions, batch_size=500)


def _latest_snapshots(content_type: ContentType, keys: list[int]) -> dict[int, dict]:
    """The newest snapshot of each of these records, in two queries per 900 records."""
    found: dict[int, dict] = {}
    for start in range(0, len(keys), 900):
        chunk = keys[start : start + 900]
        newest = (
            Revision.objects.filter(content_type=content_type, object_id__in=chunk)
            .values("object_id")
            .annotate(last=Max("pk"))
            .values_list("last", flat=True)
        )
        for object_id, snapshot in Revision.objects.filter(pk__in=list(newest)).values_list(
            "object_id", "snapshot"
        ):
            found[object_id] = snapshot
    return found


# Conflicts ------------------------------------------------------------------------------


class EditConflict(Exception):
    """Someone saved the record since this editor opened it, and saving would undo it.

    ``latest`` is their revision; ``diff`` lists (field, mine, theirs) for each field
    they changed that this save would set otherwise.
    """

    def __init__(self, latest: Revision, diff: list[tuple[str, object, object]]):
        self.latest = latest
        self.diff = diff
        fields = ", ".join(field for field, _, _ in diff)
        super().__init__(
            f"{latest.who} saved this record meanwhile (revision {latest.pk}): {fields}"
        )


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
