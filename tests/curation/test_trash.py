"""The trash: Administrators delete, a deleted document is gone from public pages, comes
back identical, and is purged with its files after 30 days."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from readingroom.archive.actions import Actor, purge_trash, restore_from_trash, trash_document
from readingroom.archive.interchange.serialize import document_record, documents_for_records
from readingroom.archive.languages import resolve_language
from readingroom.archive.models import (
    Collection,
    CollectionItem,
    Document,
    DocumentChange,
    Rendition,
    RenditionFile,
    TrashedDocument,
)
from readingroom.curation.roles import ADMINISTRATOR, EDITOR, ensure_roles


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (2, 2), "green").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def users(db):
    groups = ensure_roles()
    admin = User.objects.create_user("admin", password="pw")
    admin.groups.add(groups[ADMINISTRATOR])
    editor = User.objects.create_user("editor", password="pw")
    editor.groups.add(groups[EDITOR])
    return admin, editor


@pytest.fixture
def document(settings, tmp_path, sample_archive):
    """A published sample document, given a scan page, second in its collection."""
    settings.MEDIA_ROOT = tmp_path / "media"
    document = Document.objects.filter(renditions__footnotes__isnull=False).first()
    scan = Rendition.objects.create(
        document=document, kind="scan", language=resolve_language("ru"), order=9
    )
    RenditionFile.objects.create(
        rendition=scan, file=ContentFile(png(), name="page-1.png"), label="Page 1"
    )
    collection = Collection.objects.create(name="Trash test collection")
    others = Document.objects.exclude(pk=document.pk)[:2]
    for order, item in enumerate([others[0], document, others[1]]):
        CollectionItem.objects.create(collection=collection, document=item, order=order * 10)
    return document


def record_of(record_id: int) -> dict:
    return document_record(documents_for_records().get(record_id=record_id))


def test_trash_and_restore_gives_back_the_identical_document(document, users, client):
    admin, _ = users
    before = record_of(document.record_id)
    scan_name = RenditionFile.objects.get(rendition__document=document).file.name
    # When an Administrator deletes it
    trashed = trash_document(document, actor=Actor.of(admin))
    # Then its rows are gone, the outbox says so, and the public page is 404
    assert not Document.objects.filter(record_id=document.record_id).exists()
    assert DocumentChange.objects.filter(record_id=document.record_id, deleted=True).exists()
    assert client.get(f"/document/{document.record_id}").status_code == 404
    assert trashed.files == [scan_name]
    # When it is restored
    restored = restore_from_trash(trashed, actor=Actor.of(admin))
    # Then it is the same record: ID, text byte for byte, links, files, status
    assert restored.record_id == document.record_id
    assert record_of(document.record_id) == before
    assert (
        CollectionItem.objects.get(
            document=restored, collection__name="Trash test collection"
        ).order
        == 10
    )
    stored = RenditionFile.objects.get(rendition__document=restored).file
    assert (stored.name, stored.read()) == (scan_name, png())
    assert not TrashedDocument.objects.exists()
    assert client.get(f"/document/{document.record_id}").status_code == 200


def test_purge_deletes_trash_older_than_30_days_and_its_files(document, users, settings):
    admin, _ = users
    trashed = trash_document(document, actor=Actor.of(admin))
    path = Path(settings.MEDIA_ROOT) / trashed.files[0]
    # A day short of 30 days: kept
    TrashedDocument.objects.filter(pk=trashed.pk).update(
        trashed_at=timezone.now() - dt.timedelta(days=29)
    )
    call_command("purge_trash", verbosity=0)
    assert TrashedDocument.objects.filter(pk=trashed.pk).exists() and path.is_file()
    # 31 days: purged, and the file with it
    TrashedDocument.objects.filter(pk=trashed.pk).update(
        trashed_at=timezone.now() - dt.timedelta(days=31)
    )
    assert purge_trash() == (1, 1)
    assert not TrashedDocument.objects.exists()
    assert not path.exists()


def test_trash_views_for_an_administrator(document, users, client):
    admin, _ = users
    client.force_login(admin)
    assert client.get(f"/editor/documents/{document.record_id}/delete").status_code == 200
    response = client.post(f"/editor/documents/{document.record_id}/delete")
    assert response.status_code == 302
    trashed = TrashedDocument.objects.get()
    listing = client.get("/editor/trash/").content.decode()
    assert str(document.record_id) in listing
    response = client.post(f"/editor/trash/{trashed.pk}/restore")
    assert response.status_code == 302
    assert Document.objects.filter(record_id=document.record_id).exists()


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/editor/trash/"),
        ("get", "/editor/documents/{rid}/delete"),
        ("post", "/editor/documents/{rid}/delete"),
        ("post", "/editor/trash/{pk}/restore"),
    ],
    ids=["list", "confirm", "delete", "restore"],
)
def test_an_editor_may_not_delete_nor_restore(document, users, client, method, url):
    admin, editor = users
    other = Document.objects.exclude(pk=document.pk).first()
    trashed = trash_document(other, actor=Actor.of(admin))
    client.force_login(editor)
    response = getattr(client, method)(url.format(rid=document.record_id, pk=trashed.pk))
    assert response.status_code == 403
    assert Document.objects.filter(pk=document.pk).exists()
    assert TrashedDocument.objects.filter(pk=trashed.pk).exists()


def test_trash_document_refuses_a_non_administrator(document, users):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        trash_document(document, actor=Actor.of(users[1]))
    assert Document.objects.filter(pk=document.pk).exists()
