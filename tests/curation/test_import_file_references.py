"""An Editor's web import cannot reach a file outside its own folder (issue 10, probe 1).

The attack: a JSON Lines upload whose person has ``"portrait": "../../../secret_key"``
(from MEDIA_ROOT/imports/<job>/ that is the data folder's signing key) or
``"/etc/passwd"``; once confirmed, the file would be copied into the media folder and
served to anyone. Each case must be refused at the dry run, with a message that quotes
the path as the record gave it and says nothing of where the server keeps its files.
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from readingroom.archive.models import Person, RenditionFile, Topic
from readingroom.curation.models import ImportJob
from tests.curation.jobs_support import run_queued_tasks

SECRET = b"the data folder's signing key, byte for byte"


@pytest.fixture
def data_dir(settings, tmp_path):
    """A data folder laid out as settings lay it out: media/ beside a key file."""
    data = tmp_path / "data"
    settings.MEDIA_ROOT = data / "media"
    settings.MEDIA_ROOT.mkdir(parents=True)
    (data / "secret_key").write_bytes(SECRET)
    return data


def person(**fields) -> dict:
    return {"type": "person", "sort_name": "Leak, Key", **fields}


def scan(path: str) -> dict:
    rendition = {"kind": "scan", "language": "en", "files": [{"path": path}]}
    return {"record_id": 900101, "title": "A scan", "renditions": [rendition]}


HOSTILE = [
    pytest.param(person(portrait="../../../secret_key"), "portrait", id="portrait-dotdot"),
    pytest.param(person(portrait="/etc/passwd"), "portrait", id="portrait-etc-passwd"),
    pytest.param(
        {"type": "topic", "name": "Hostnames", "image": "/etc/hostname"}, "image", id="topic-abs"
    ),
    pytest.param(scan("../../../secret_key"), "renditions[0].files[0].path", id="scan-dotdot"),
    pytest.param(scan("/etc/passwd"), "renditions[0].files[0].path", id="scan-etc-passwd"),
]


def upload(client, record: dict) -> ImportJob:
    content = json.dumps(record, ensure_ascii=False) + "\n"
    data = {"file": SimpleUploadedFile("hostile.jsonl", content.encode())}
    response = client.post(reverse("curation:import-list"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.get(pk=response.url.rstrip("/").rsplit("/", 1)[-1])


def files_under(folder) -> list[bytes]:
    return [path.read_bytes() for path in folder.rglob("*") if path.is_file()]


@pytest.mark.parametrize(("record", "field"), HOSTILE)
def test_a_file_outside_the_upload_is_refused_at_the_dry_run(
    client_as, data_dir, settings, record, field
):
    client = client_as("editor")
    given = next(
        value
        for value in (record.get("portrait"), record.get("image"), *_scan_paths(record))
        if value
    )

    # when an Editor uploads the record
    job = upload(client, record)

    # then the dry run refuses it, naming the line, the field and the path as given
    assert job.status == ImportJob.Status.INVALID
    [row] = job.report
    assert row["action"] == "invalid"
    assert row["reason"].startswith(f"{field}: {given!r} ")
    assert "outside the import's folder" in row["reason"] or "absolute path" in row["reason"]
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Confirm the import" not in page
    # and no server path is told: neither the data folder nor the job's own folder
    assert str(data_dir) not in row["reason"] + page
    assert str(settings.MEDIA_ROOT) not in page

    # when the Editor confirms anyway, nothing is queued nor copied
    client.post(reverse("curation:import-confirm", args=[job.pk]))
    assert run_queued_tasks() == 0
    job.refresh_from_db()
    assert job.status == ImportJob.Status.INVALID
    assert not Person.objects.exists() and not Topic.objects.exists()
    assert not RenditionFile.objects.exists()
    assert SECRET not in files_under(settings.MEDIA_ROOT)
    assert not any(content.startswith(b"root:") for content in files_under(settings.MEDIA_ROOT))


def _scan_paths(record: dict) -> list[str]:
    return [item["path"] for r in record.get("renditions", []) for item in r["files"]]


def test_a_missing_file_is_named_as_the_record_gave_it(client_as, data_dir, settings):
    job = upload(client_as("editor"), person(portrait="portraits/zhou.jpg"))

    assert [row["reason"] for row in job.report] == [
        "portrait: no such file in the import's folder: 'portraits/zhou.jpg' (person 'Leak, Key')"
    ]
