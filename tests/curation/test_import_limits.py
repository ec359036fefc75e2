"""The back office's import is bounded too: a bomb is refused, a job's page stays small.

Issue 10, probe 3: a 292 KB ``.jsonl.gz`` made a 600 MB job page. The importer's bounds
(``IMPORT_MAX_*``) refuse the file at the dry run, and a job keeps at most
``REPORT_ROWS`` rows of its report and ``REPORT_ERRORS`` errors, saying how many more.
"""

import gzip
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from readingroom.archive.models import Document
from readingroom.curation import imports
from readingroom.curation.models import ImportJob
from tests.curation.jobs_support import run_queued_tasks


def upload(client, name: str, content: bytes) -> ImportJob:
    data = {"file": SimpleUploadedFile(name, content)}
    response = client.post(reverse("curation:import-list"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.get(pk=response.url.rstrip("/").rsplit("/", 1)[-1])


def blank_lines_gzip(size: int) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9) as out:
        for _ in range(size // (1 << 20)):
            out.write(b"\n" * (1 << 20))
    return buffer.getvalue()


def test_a_gzip_of_blank_lines_is_refused_at_the_dry_run(client_as, settings):
    # given a bound of 8 MB, and an upload of 64 MB of blank lines in a few kilobytes
    settings.IMPORT_MAX_BYTES = 8 * 1024 * 1024
    client = client_as("editor")

    job = upload(client, "blank.jsonl.gz", blank_lines_gzip(64 * 1024 * 1024))

    # then the dry run stops at the bound and says which setting it is
    assert job.status == ImportJob.Status.INVALID
    assert job.errors == [
        "blank.jsonl.gz: the file unpacks to more than 8 MB (IMPORT_MAX_BYTES);"
        " nothing was imported"
    ]
    assert "Confirm the import" not in client.get(job.get_absolute_url()).content.decode()
    client.post(reverse("curation:import-confirm", args=[job.pk]))
    assert run_queued_tasks() == 0


def test_a_jobs_report_keeps_a_bounded_number_of_rows(client_as, monkeypatch):
    # given a file of 30 records, 12 of them invalid, and room for 10 rows and 5 errors
    monkeypatch.setattr(imports, "REPORT_ROWS", 10)
    lines = [
        f'{{"record_id": {900400 + n}, "title": "Letter {n}"'
        + (', "date": "June 31, 1957"}' if n % 5 < 2 else "}")
        for n in range(30)
    ]
    client = client_as("editor")

    job = upload(client, "many.jsonl", ("\n".join(lines) + "\n").encode())

    # then the job keeps 10 rows, the invalid ones first, and counts all 30
    assert job.status == ImportJob.Status.INVALID
    assert len(job.report) == 10
    assert {row["action"] for row in job.report} == {"invalid"}
    assert [row["line"] for row in job.report] == [1, 2, 6, 7, 11, 12, 16, 17, 21, 22]
    assert job.counts == {"new": 18, "updated": 0, "invalid": 12}
    page = client.get(job.get_absolute_url()).content.decode()
    assert "18 new, 0 updated, 12 invalid." in page
    assert "… and 20 more records, not listed" in page
    assert not Document.objects.exists()


def test_a_jobs_errors_are_bounded_and_the_rest_counted(client_as, monkeypatch):
    monkeypatch.setattr(imports, "REPORT_ERRORS", 5)
    content = "".join(f"{{not json {n}}}\n" for n in range(1, 13)).encode()
    client = client_as("editor")

    job = upload(client, "broken.jsonl", content)

    assert job.errors[:1] == [
        "line 1: malformed JSON: Expecting property name enclosed in double quotes at column 2"
    ]
    assert len(job.errors) == 6
    assert job.errors[-1] == "… and 7 more errors, not listed."
    assert "… and 7 more errors, not listed." in client.get(job.get_absolute_url()).content.decode()


@pytest.mark.parametrize("name", ["bomb.jsonl.gz", "bomb.ndjson.gz"])
def test_an_upload_that_is_not_gzip_inside_is_an_error(client_as, name):
    job = upload(client_as("editor"), name, b"\x1f\x8b\x08\x00 not really gzip")

    assert job.status == ImportJob.Status.INVALID
    assert job.errors and job.errors[0].startswith(f"{name}: cannot be read:")
