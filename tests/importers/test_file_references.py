"""`readingroom import` takes files from the import's own folder and from nowhere else.

Absolute paths, ``..`` and symbolic links that lead out of the folder are refused (issue
10, probe 1), for a plain JSON Lines file and for an export folder alike; a link that
stays inside the folder is followed.
"""

import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from readingroom.archive.models import Person, RenditionFile
from readingroom.curation.export import export_archive, sha256

pytestmark = pytest.mark.django_db

SECRET = b"an operator's secret, outside the import's folder"
VERSION_1 = Path(__file__).resolve().parents[1] / "fixtures" / "backups" / "version-1"


@pytest.fixture
def folder(tmp_path):
    """An import folder, and beside it (outside it) a secret."""
    (tmp_path / "secret_key").write_bytes(SECRET)
    inside = tmp_path / "import"
    inside.mkdir()
    return inside


def write_records(folder, *records) -> str:
    path = folder / "archive.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    return str(path)


def portrait(name: str) -> dict:
    return {"type": "person", "sort_name": "Zhou, Enlai", "portrait": name}


def stored_files(media_root) -> list[bytes]:
    return [p.read_bytes() for p in media_root.rglob("*") if p.is_file()]


ABSOLUTE = "is an absolute path, not a name inside the import's folder"


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        pytest.param(lambda f: "../secret_key", "leads outside the import's folder", id="dotdot"),
        pytest.param(lambda f: str(f.parent / "secret_key"), ABSOLUTE, id="absolute-secret"),
        pytest.param(lambda f: "/etc/passwd", ABSOLUTE, id="etc-passwd"),
        pytest.param(
            lambda f: (f / "mao.jpg").symlink_to(f.parent / "secret_key") or "mao.jpg",
            "leads outside the import's folder",
            id="symlink-out",
        ),
        pytest.param(
            lambda f: (f / "up").symlink_to(f.parent) or "up/secret_key",
            "leads outside the import's folder",
            id="symlinked-folder-out",
        ),
    ],
)
@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "import"])
def test_a_file_outside_the_folder_is_refused(folder, media_root, make, reason, dry_run):
    given = make(folder)
    path = write_records(folder, portrait(given))

    with pytest.raises(CommandError) as failure:
        call_command("import", path, *(["--dry-run"] if dry_run else []), stdout=None)

    message = str(failure.value)
    assert f"{path}:1: portrait: {given!r} {reason} (person 'Zhou, Enlai')" in message
    # the message quotes the record, not where the link or the ".." really lead
    assert str(folder.parent / "secret_key") not in message.replace(repr(given), "")
    assert not Person.objects.exists()
    assert SECRET not in stored_files(media_root)


def test_a_link_that_stays_inside_the_folder_is_followed(folder, importer_files, media_root):
    shutil.copy(importer_files / "images" / "zhou.png", folder / "mao-original.png")
    (folder / "mao.png").symlink_to(folder / "mao-original.png")

    call_command("import", write_records(folder, portrait("mao.png")), stdout=None)

    assert Person.objects.get().portrait.read() == (folder / "mao-original.png").read_bytes()


def test_a_scan_in_an_export_folder_cannot_point_out_of_it(folder, media_root, tmp_path):
    # given an export folder (version 1: records.jsonl, which `import` reads) whose records
    # were edited to name a file outside it
    export = tmp_path / "export"
    shutil.copytree(VERSION_1, export)
    record = {
        "record_id": 900201,
        "title": "A scan",
        "renditions": [
            {"kind": "scan", "language": "en", "files": [{"path": "../import/../secret_key"}]}
        ],
    }
    (export / "records.jsonl").write_text(json.dumps(record) + "\n")
    _refresh_manifest(export, "records.jsonl")

    with pytest.raises(CommandError) as failure:
        call_command("import", str(export), stdout=None)

    assert (
        "renditions[0].files[0].path: '../import/../secret_key' leads outside the import's"
        " folder (document 900201)"
    ) in str(failure.value)
    assert not RenditionFile.objects.exists()
    assert SECRET not in stored_files(media_root)


@pytest.mark.parametrize(
    "name",
    ["files/../tables/archive.Document.jsonl", "files/../../secret_key", "/etc/hostname"],
    ids=["back out of files", "out of the folder", "absolute"],
)
def test_a_backup_cannot_restore_a_file_from_outside_its_files_folder(
    folder, media_root, tmp_path, name
):
    # given a backup (version 2) whose manifest was edited to list a file outside files/
    backup = tmp_path / "backup"
    export_archive(backup)
    manifest = json.loads((backup / "manifest.json").read_text())
    (backup / "files").mkdir(exist_ok=True)
    target = backup / name
    # (with the right checksum, where the file exists, so that only its name is wrong)
    manifest["sha256"][name] = sha256(target) if target.is_file() else "0" * 64
    (backup / "manifest.json").write_text(json.dumps(manifest))

    with pytest.raises(CommandError) as failure:
        call_command("restore", str(backup), "--no-reindex", stdout=None)

    # it is refused before anything is written, naming the file (one that leads out of the
    # folder is refused with the checksums, as missing; one inside it, by its name)
    assert name in str(failure.value)
    assert "nothing was restored" in str(failure.value)
    assert SECRET not in stored_files(media_root)


def _refresh_manifest(export, name: str) -> None:
    """The checksum of an edited file, as an attacker with the folder would write it."""
    from readingroom.curation.export import MANIFEST, sha256

    manifest = json.loads((export / MANIFEST).read_text())
    manifest["sha256"][name] = sha256(export / name)
    (export / MANIFEST).write_text(json.dumps(manifest))
