"""The operators' backup: export → restore into an empty archive → export gives the same bytes."""

import hashlib
import io
import json
import os
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from PIL import Image

from readingroom.archive.actions import Actor, RestoreError, restore_backup
from readingroom.archive.actions.counts import recount_all
from readingroom.archive.actions.revisions import record_revision
from readingroom.archive.actions.workflow import transition
from readingroom.archive.languages import resolve_language
from readingroom.archive.models import (
    Document,
    NavigationLink,
    Page,
    Person,
    PersonDocumentRelation,
    Rendition,
    RenditionFile,
    Revision,
    WorkflowEvent,
)
from readingroom.curation import backup_tables
from readingroom.curation.export import MANIFEST, export_archive, table_model
from readingroom.curation.roles import EDITOR, ensure_roles
from readingroom.generator.generate import generate_archive
from readingroom.interop.models import ApiToken

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
VERSION_1 = Path(__file__).resolve().parents[1] / "fixtures" / "backups" / "version-1"


def png(color: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), color).save(out, "PNG")
    return out.getvalue()


def add_scans_and_portrait() -> Document:
    """A document with a PDF and a page image, and a person with a portrait."""
    document = Document.objects.create(
        title="Telegram from Lüshun, 旅顺", date="ca. 1956", status="published"
    )
    scan = Rendition.objects.create(
        document=document, kind="scan", language=resolve_language("ru"), order=0
    )
    for order, (name, content) in enumerate([("scan.pdf", PDF), ("page-1.png", png("red"))]):
        RenditionFile.objects.create(
            rendition=scan,
            file=ContentFile(content, name=name),
            label=f"Page {order + 1}",
            content_type="application/pdf" if name.endswith("pdf") else "image/png",
            order=order,
        )
    person = Person.objects.create(sort_name="Чжоу, Эньлай", display_name="Чжоу Эньлай")
    person.portrait.save("zhou.png", ContentFile(png("blue")), save=True)
    PersonDocumentRelation.objects.create(
        person=person,
        document=document,
        role="author",
        certainty="disputed",
        certainty_note="Later attributed to Liu Shaoqi",
        notes="ink signature",
    )
    recount_all()  # as the domain actions would have
    return document


def add_people_and_history(document: Document) -> User:
    """An editor with a role and an API token, a revision and a workflow step of theirs,
    an edited About page and a header link."""
    ensure_roles()
    editor = User.objects.create_user("ada", "ada@example.org", "correct horse battery")
    editor.groups.add(*User.groups.field.related_model.objects.filter(name=EDITOR))
    ApiToken.issue(editor)
    actor = Actor.of(editor)
    document.status = "draft"
    document.save()
    record_revision(document, actor, summary="Checked against the scan")
    transition(document, "submit", actor=actor, note="Ready — 準備完了")
    Page.objects.filter(slug="about").update(body="Ein Archiv für alle.\n\nZweiter Absatz.")
    NavigationLink.objects.create(label="Spenden", url="/donate", order=5)
    return editor


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def without_time(manifest: bytes) -> dict:
    data = json.loads(manifest)
    del data["exported_at"]
    return data


def empty_archive() -> None:
    """What a new database holds after migrate: no rows but the default About page."""
    labels = backup_tables.exported(with_users=True, with_tokens=True)
    with connection.cursor() as cursor:  # foreign keys are checked at commit
        for label in reversed(labels):
            cursor.execute(f"DELETE FROM {table_model(label)._meta.db_table}")
    Page.objects.create(slug="about", title="About", body="Editors: write about this archive.")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def archive(media, db):
    """200 generated documents, the sample, scans and a portrait, users and history."""
    generate_archive(200, seed=4)
    call_command("load_sample", verbosity=0)
    document = add_scans_and_portrait()
    add_people_and_history(document)
    return document


def test_export_restore_export_gives_the_same_bytes(archive, settings, tmp_path):
    # Given an archive exported with its users and tokens
    first = tmp_path / "first"
    export_archive(first, with_users=True, with_tokens=True)
    stored = {name: (Path(settings.MEDIA_ROOT) / name).read_bytes() for name in media_names()}
    # When it is restored into an empty archive with empty storage
    empty_archive()
    settings.MEDIA_ROOT = tmp_path / "empty-media"
    result = restore_backup(first, actor=Actor.system("test"), reindex=False)
    # Then exporting again gives the same bytes, except the manifest's time
    second = tmp_path / "second"
    export_archive(second, with_users=True, with_tokens=True)
    one, two = folder_bytes(first), folder_bytes(second)
    assert without_time(one.pop(MANIFEST)) == without_time(two.pop(MANIFEST))
    assert one == two
    # and every file is back in storage, byte for byte, under its name
    assert {name: (Path(settings.MEDIA_ROOT) / name).read_bytes() for name in stored} == stored
    assert result.files == 3 and result.tables["archive.Document"] == Document.objects.count()
    # and the people, their roles, history and pages are back
    ada = User.objects.get(username="ada")
    assert ada.check_password("correct horse battery")
    assert list(ada.groups.values_list("name", flat=True)) == [EDITOR]
    assert Revision.objects.get(summary="Checked against the scan").user == ada
    assert WorkflowEvent.objects.get(note="Ready — 準備完了").user == ada
    assert Page.objects.get(slug="about").body == "Ein Archiv für alle.\n\nZweiter Absatz."
    assert NavigationLink.objects.filter(label="Spenden").exists()
    # and new rows get new numbers (PostgreSQL's sequences moved past the restored ones)
    assert Person.objects.create(sort_name="Neu, Person").pk > Person.objects.order_by("pk")[0].pk


def media_names() -> list[str]:
    files = list(RenditionFile.objects.values_list("file", flat=True))
    return files + [p.portrait.name for p in Person.objects.exclude(portrait="")]


def test_two_exports_are_identical_bytes(archive, tmp_path):
    export_archive(tmp_path / "a")
    export_archive(tmp_path / "b")
    a, b = folder_bytes(tmp_path / "a"), folder_bytes(tmp_path / "b")
    assert without_time(a.pop(MANIFEST)) == without_time(b.pop(MANIFEST))
    assert a == b


def test_without_users_no_accounts_and_history_names_nobody(archive, tmp_path):
    # When the archive is exported without --with-users
    export_archive(tmp_path / "out")
    tables = {p.name for p in (tmp_path / "out" / "tables").iterdir()}
    # Then no account, role or token is in it, and the history names no user
    assert not {"auth.User.jsonl", "auth.Group.jsonl", "interop.ApiToken.jsonl"} & tables
    revisions = (tmp_path / "out" / "tables" / "archive.Revision.jsonl").read_text()
    assert '"user_id":null' in revisions and "pbkdf2" not in revisions
    # and tokens come only when asked for, with users
    export_archive(tmp_path / "users", with_users=True)
    assert not (tmp_path / "users" / "tables" / "interop.ApiToken.jsonl").exists()
    users = (tmp_path / "users" / "tables" / "auth.User.jsonl").read_text()
    assert "pbkdf2_sha256$" in users
    with pytest.raises(CommandError, match="--with-tokens needs --with-users"):
        call_command("export", str(tmp_path / "tokens"), "--with-tokens", verbosity=0)


def test_manifest_lists_tables_checksums_and_time(media, tmp_path, db):
    # Given a document with a PDF and an image, and a person with a portrait
    document = add_scans_and_portrait()
    # When the archive is exported
    export_archive(tmp_path / "out")
    # Then the manifest has the rows of each table, every file's checksum and the time
    manifest = json.loads((tmp_path / "out" / MANIFEST).read_text())
    assert manifest["version"] == 2 and manifest["files"] == 3 and not manifest["missing_files"]
    assert manifest["tables"]["archive.Document"] == 1
    assert manifest["tables"]["archive.Person"] == 1
    assert set(manifest["tables"]) == set(backup_tables.ARCHIVE)
    pdf, image = [item.file.name for item in RenditionFile.objects.order_by("order")]
    portrait = Person.objects.get().portrait.name
    listed = {f"tables/{label}.jsonl" for label in backup_tables.ARCHIVE}
    listed |= {f"files/{pdf}", f"files/{image}", f"files/{portrait}"}
    assert set(manifest["sha256"]) == listed
    assert manifest["sha256"][f"files/{pdf}"] == hashlib.sha256(PDF).hexdigest()
    table = (tmp_path / "out" / "tables" / "archive.Document.jsonl").read_bytes()
    assert manifest["sha256"]["tables/archive.Document.jsonl"] == hashlib.sha256(table).hexdigest()
    assert manifest["record_id_high_water"] == document.record_id
    assert manifest["schema"]["archive"].startswith("00")
    assert manifest["exported_at"].startswith("20")
    # and nothing half-written is left beside it
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["files", MANIFEST, "tables"]


def test_a_missing_file_is_named_instead_of_crashing(media, tmp_path, db, capsys):
    # Given a scan whose file has gone from storage
    add_scans_and_portrait()
    gone = RenditionFile.objects.get(label="Page 1").file.name
    (Path(media) / gone).unlink()
    # When the archive is exported
    call_command("export", str(tmp_path / "out"))
    # Then the report and the manifest name it, and everything else is exported
    assert gone in capsys.readouterr().out
    manifest = json.loads((tmp_path / "out" / MANIFEST).read_text())
    assert manifest["missing_files"] == [gone] and manifest["files"] == 2
    # and with --strict the command fails, the export written all the same
    with pytest.raises(CommandError, match="1 stored files are missing"):
        call_command("export", str(tmp_path / "strict"), "--strict", verbosity=0)
    assert (tmp_path / "strict" / MANIFEST).is_file()


def test_export_refuses_a_folder_that_is_not_empty(db, tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "old.txt").write_text("x")
    with pytest.raises(CommandError, match="not an empty folder"):
        call_command("export", str(tmp_path / "out"), verbosity=0)


def test_restore_refuses_an_archive_that_is_not_empty(archive, tmp_path):
    export_archive(tmp_path / "out")
    before = Document.objects.count()
    with pytest.raises(CommandError, match="into an empty archive only") as raised:
        call_command("restore", str(tmp_path / "out"), "--no-reindex", verbosity=0)
    assert f"archive.Document: {before:,} rows" in str(raised.value)
    assert "Nothing was restored" in str(raised.value)
    assert Document.objects.count() == before


@pytest.mark.parametrize("damage", ["changed", "missing"], ids=["changed-file", "missing-file"])
def test_restore_of_a_damaged_backup_writes_nothing(media, db, tmp_path, damage):
    add_scans_and_portrait()
    export_archive(tmp_path / "out")
    empty_archive()
    scan = next((tmp_path / "out" / "files" / "scans").rglob("scan*.pdf"))
    if damage == "changed":
        scan.write_bytes(PDF + b"tampered")
    else:
        scan.unlink()
    with pytest.raises(RestoreError, match="does not match its manifest") as raised:
        restore_backup(tmp_path / "out", actor=Actor.system("test"), reindex=False)
    assert scan.relative_to(tmp_path / "out").as_posix() in str(raised.value)
    assert Document.objects.count() == 0 and Person.objects.count() == 0


def test_an_unfinished_export_is_refused(db, tmp_path):
    (tmp_path / "out" / "tables").mkdir(parents=True)
    with pytest.raises(CommandError, match="has no manifest.json: an export that did not finish"):
        call_command("restore", str(tmp_path / "out"), verbosity=0)


def test_a_version_1_export_is_still_imported(media, db, tmp_path):
    # Given an export written by the previous version (records.jsonl)
    # When `restore` is asked to read it, it points to `import`
    with pytest.raises(CommandError, match="restore it with `readingroom import"):
        call_command("restore", str(VERSION_1), verbosity=0)
    # and `import` reads it as before
    call_command("import", str(VERSION_1), verbosity=0)
    assert Document.objects.count() == 4
    assert (
        Person.objects.get(sort_name="Чжоу, Эньлай").portrait.read()
        == (VERSION_1 / "files" / "portraits" / "zhou.png").read_bytes()
    )


def test_import_points_a_version_2_backup_to_restore(db, media, tmp_path):
    export_archive(tmp_path / "out")
    with pytest.raises(CommandError, match="restore it with `readingroom restore"):
        call_command("import", str(tmp_path / "out"), verbosity=0)


@pytest.fixture
def small_disk(tmp_path):
    """A 256 KB filesystem of its own (tmpfs, mounted as root; CI runs as root)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small filesystem needs root (CI runs as root)")
    mount = tmp_path / "small-disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


def test_a_full_disk_says_so_and_leaves_no_half_export(archive, small_disk):
    # When the archive is exported onto a disk too small for it
    with pytest.raises(CommandError, match="No space left on device") as raised:
        call_command("export", str(small_disk / "out"), verbosity=0)
    # Then the message says what was done about it, and nothing is left
    assert "What was written is removed" in str(raised.value)
    assert list(small_disk.iterdir()) == []
