"""The trash: a deleted document stays recoverable for 30 days, then is purged.

Deleting really deletes the document's rows, so that no public page, feed, search or
harvest can show it (``note_deleted`` tells them, in the same transaction), and keeps
its full record (``records.document_record``) in a ``TrashedDocument`` with its files
left in storage. Restoring imports that record again: the same record ID, the same text
byte for byte, the same files, and its old places in collections. Only Administrators
delete and restore.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from readingroom.archive.models import (
    Collection,
    CollectionItem,
    Document,
    Person,
    Place,
    RenditionFile,
    Topic,
    note_deleted,
)

from . import records
from .models.trash import TrashedDocument
from .revisions import record_revision
from .roles import can_administer

KEEP_DAYS = 30


def trash_document(document: Document, user) -> TrashedDocument:
    """Move a document to the trash: keep its record, delete its rows; Administrator only."""
    if not can_administer(user):
        raise PermissionDenied("Only an Administrator may delete documents.")
    with transaction.atomic():
        # Locked alone: FOR UPDATE may not reach the outer join to its repository.
        Document.objects.select_for_update().filter(pk=document.pk).exists()
        document = records.documents_for_records().get(pk=document.pk)
        snapshot = records.document_record(document)
        places = CollectionItem.objects.filter(document=document).order_by("collection__name")
        trashed = TrashedDocument.objects.create(
            record_id=document.record_id,
            title=document.title[:1000],
            snapshot=snapshot,
            collection_places=[
                list(pair) for pair in places.values_list("collection__name", "order")
            ],
            files=records.record_files(snapshot),
            trashed_by=user,
        )
        record_revision(document, user, summary="Moved to the trash")
        record_id = document.record_id
        document.delete()
        note_deleted([record_id])
    return trashed


def restore_document(trashed: TrashedDocument, user) -> Document:
    """Bring a trashed document back under its record ID; Administrator only."""
    if not can_administer(user):
        raise PermissionDenied("Only an Administrator may restore documents.")
    with transaction.atomic():
        trashed = TrashedDocument.objects.select_for_update().get(pk=trashed.pk)
        if Document.objects.filter(record_id=trashed.record_id).exists():
            raise ValueError(f"a document with record ID {trashed.record_id} exists already")
        document = records.import_document_record(trashed.snapshot, f"trash {trashed.pk}")
        for name, order in trashed.collection_places:
            CollectionItem.objects.filter(document=document, collection__name=name).update(
                order=order
            )
        trashed.delete()
        record_revision(document, user, summary="Restored from the trash")
    return document


def purge_trash(*, days: int = KEEP_DAYS, now: dt.datetime | None = None) -> tuple[int, int]:
    """Delete what was trashed more than ``days`` ago, and its files no one else uses.

    Returns (documents purged, files deleted). A file stays when a document in the
    archive or another trashed one uses the same stored file (imports share files with
    the same name and bytes).
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
