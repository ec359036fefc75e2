"""Documents: saving one, restoring an earlier revision, the trash.

A document is saved as a record in the JSON Lines form (the back office's form and the
API's body are turned into one), through the same checks, rules and writer as an import
(``imports.import_records``). Files already in storage are named by their stored name
relative to the media folder.

Deleting really deletes the document's rows, so that no public page, feed, search or
harvest can show it (the outbox tells them, in the same transaction), and keeps its full
record in a ``TrashedDocument`` with its files left in storage. Restoring writes that
record back: the same record ID, the same text byte for byte, the same files, and its
old places in collections. Only Administrators delete and restore; a purge after
``KEEP_DAYS`` removes what the trash holds and the files no one else uses.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from readingroom.archive.interchange import serialize
from readingroom.archive.interchange.validate import Record
from readingroom.archive.models import (
    Collection,
    CollectionItem,
    Document,
    Person,
    Place,
    Rendition,
    RenditionFile,
    Revision,
    Topic,
    TrashedDocument,
    note_deleted,
)

from . import counts
from .actors import Actor, require
from .entities import restore_entity_revision
from .imports import import_records
from .revisions import record_revision

KEEP_DAYS = 30
# Set by the workflow and by Administrators, never by restoring an editor's earlier text.
NOT_RESTORED = ("status", "featured", "published_at")


def save_document(
    data: dict,
    *,
    actor: Actor,
    source: str = "back office",
    check_conflicts: bool = False,
    seen_revision: int | None = None,
    mine: dict | None = None,
    summary: str = "",
    restoring: bool = False,
) -> Document:
    """Create or change a document from a record (a change gives only what changes).

    ``data["record_id"]`` names the document changed; without it a new document is made.
    ``check_conflicts`` with ``seen_revision``/``mine`` (the revision the editor started
    from, None if the record had none, and what they set): a save that would undo
    someone else's change meanwhile raises EditConflict.
    Raises ``ImportFailed`` naming each refused or invalid field.
    """
    record = Record(data, source, 1, media_root())
    seen = None
    if "record_id" in data and check_conflicts:
        seen = {data["record_id"]: (seen_revision, mine)}
    import_records([record], actor=actor, summary=summary, seen=seen, restoring=restoring)
    return Document.objects.get(record_id=record.target_id)


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def stored_record(document: Document) -> dict:
    """The document's record with its files named as stored (to write it back as it is)."""
    return from_storage(serialize.document_record(document))


def from_storage(record: dict) -> dict:
    """A record (a snapshot, a trashed document) whose files are named by stored name."""
    record = copy.deepcopy(record)
    for rendition in record.get("renditions", []):
        for item in rendition["files"]:
            item["path"] = item["stored_as"]
    for key in ("portrait", "image"):
        if record.get(key):
            record[key] = record[key].removeprefix(serialize.FILES_PREFIX)
    return record


def restore_revision(revision: Revision, *, actor: Actor):
    """Make a record (a document, a rendition, a person …) as it was; a new revision.

    The document keeps its status and featured flag (the workflow and Administrators
    decide those); restoring is editing, under the same rules.
    """
    model = revision.content_type.model_class()
    if model is Rendition:
        return _restore_rendition(revision, actor)
    if model is not Document:
        return restore_entity_revision(revision, actor=actor)
    # The document must still exist: a trashed one comes back from the trash first.
    Document.objects.get(pk=revision.object_id)
    data = {k: v for k, v in from_storage(revision.snapshot).items() if k not in NOT_RESTORED}
    data["related"] = _existing(data.get("related", []))
    data["relations"] = _existing_relations(data.get("relations", []))
    return save_document(data, actor=actor, summary=_restored(revision), source="history")


def _restore_rendition(revision: Revision, actor: Actor) -> Document:
    rendition = Rendition.objects.select_related("document").get(pk=revision.object_id)
    document = serialize.documents_for_records().get(pk=rendition.document_id)
    data = stored_record(document)
    renditions = sorted(document.renditions.all(), key=lambda r: (r.order, r.pk))
    for item, stored in zip(data["renditions"], renditions, strict=True):
        item["id"] = stored.pk
        if stored.pk == rendition.pk:
            restored = from_storage(revision.snapshot)
            restored.pop("document", None)
            item.update(restored)
    record = {"record_id": document.record_id, "renditions": data["renditions"]}
    return save_document(record, actor=actor, summary=_restored(revision), source="history")


def _restored(revision: Revision) -> str:
    return f"Restored revision {revision.pk} of {revision.created:%Y-%m-%d %H:%M}"


def _existing(record_ids: list[int]) -> list[int]:
    """Related documents deleted meanwhile are left out rather than failing the restore."""
    return sorted(Document.objects.filter(record_id__in=record_ids).values_list("pk", flat=True))


def _existing_relations(relations: list[dict]) -> list[dict]:
    """Relations to documents deleted meanwhile are left out, like related documents."""
    kept = set(_existing([item["document"] for item in relations]))
    return [item for item in relations if item["document"] in kept]


def set_relations(
    document: Document, relations: list[dict], *, actor: Actor, summary: str = ""
) -> Document:
    """Replace what a document says of others: [{"type", "document", "note"}, …].

    The other document is named by record ID or external identifier; the checks, the
    role table (editing a document, docs/editing.md) and the revision are a save's.
    Raises ``ImportFailed`` naming ``relations[i].document`` when one is wrong.
    """
    data = {"record_id": document.pk, "title": document.title, "relations": relations}
    return save_document(data, actor=actor, summary=summary or "Relations edited")


# The trash ------------------------------------------------------------------------------


def trash_document(document: Document, *, actor: Actor) -> TrashedDocument:
    """Move a document to the trash: keep its record, delete its rows."""
    require(actor, "trash_document", f"document {document.record_id}")
    with transaction.atomic():
        # Locked alone: FOR UPDATE may not reach the outer join to its repository.
        Document.objects.select_for_update().filter(pk=document.pk).exists()
        document = serialize.documents_for_records().get(pk=document.pk)
        snapshot = serialize.document_record(document)
        places = CollectionItem.objects.filter(document=document).order_by("collection__name")
        linked = counts.linked_entities([document.record_id])
        trashed = TrashedDocument.objects.create(
            record_id=document.record_id,
            title=document.title[:1000],
            snapshot=snapshot,
            collection_places=[
                list(pair) for pair in places.values_list("collection__name", "order")
            ],
            files=serialize.record_files(snapshot),
            trashed_by=actor.db_user,
        )
        record_revision(document, actor, summary="Moved to the trash")
        record_id = document.record_id
        document.delete()
        note_deleted([record_id])
        counts.recount(linked)
    return trashed


def restore_from_trash(trashed: TrashedDocument, *, actor: Actor) -> Document:
    """Bring a trashed document back under its record ID, as it was."""
    require(actor, "restore_from_trash", f"document {trashed.record_id}")
    with transaction.atomic():
        trashed = TrashedDocument.objects.select_for_update().get(pk=trashed.pk)
        if Document.objects.filter(record_id=trashed.record_id).exists():
            raise ValueError(f"a document with record ID {trashed.record_id} exists already")
        data = from_storage(trashed.snapshot)
        data["related"] = _existing(data.get("related", []))
        data["relations"] = _existing_relations(data.get("relations", []))
        document = save_document(
            data,
            actor=actor,
            source=f"trash {trashed.pk}",
            summary="Restored from the trash",
            restoring=True,
        )
        for name, order in trashed.collection_places:
            CollectionItem.objects.filter(document=document, collection__name=name).update(
                order=order
            )
        trashed.delete()
    return document


def purge_trash(*, days: int = KEEP_DAYS, now: dt.datetime | None = None) -> tuple[int, int]:
    """Delete what was trashed more than ``days`` ago, and its files no one else uses.

    Returns (documents purged, files deleted). A file stays when a document in the
    archive or another trashed one uses the same stored file (imports share files with
    the same name and bytes). The operator's command (``purge_trash``) runs it.
    """
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    with transaction.atomic():
        expired = list(TrashedDocument.objects.select_for_update().filter(trashed_at__lt=cutoff))
        candidates = {name for trashed in expired for name in trashed.files}
        TrashedDocument.objects.filter(pk__in=[trashed.pk for trashed in expired]).delete()
        unused = candidates - files_in_use(candidates)
    # After the commit: a file deleted for a rolled-back purge could not come back.
    for name in sorted(unused):
        default_storage.delete(name)
    return len(expired), len(unused)


def files_in_use(names: set[str]) -> set[str]:
    """Of these stored names, those a record or another trashed document still uses."""
    used = set(RenditionFile.objects.filter(file__in=names).values_list("file", flat=True))
    for model, field in [
        (Person, "portrait"),
        (Place, "image"),
        (Topic, "image"),
        (Collection, "image"),
    ]:
        used |= set(model.objects.filter(**{f"{field}__in": names}).values_list(field, flat=True))
    for files in TrashedDocument.objects.values_list("files", flat=True):
        used |= names & set(files)
    return used
