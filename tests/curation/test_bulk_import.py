"""Bulk import in the browser: upload, dry-run report, confirm, the job in the background."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from readingroom.archive.actions.revisions import latest_revision
from readingroom.archive.models import Document
from readingroom.curation import imports
from readingroom.curation.models import ImportJob
from tests.curation.jobs_support import run_queued_tasks, user_with_role

VALID = (
    '{"record_id": 900001, "title": "Letter, Zhou Enlai to Comrade Molotov (revised)"}\n'
    '{"type": "person", "sort_name": "Zhou, Enlai", "other_names": ["周恩来", "Чжоу Эньлай"]}\n'
    '{"record_id": 900002, "title": "Note on Lüshun", "date": "June 1957"}\n'
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def editor(db):
    return user_with_role("eddie", "Editor")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def upload(client, name: str, content: str, **data):
    data["file"] = SimpleUploadedFile(name, content.encode(), content_type="application/jsonl")
    return client.post(reverse("curation:import-list"), data)


def job_of(response) -> ImportJob:
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.get(pk=response.url.rstrip("/").rsplit("/", 1)[-1])


def test_dry_run_reports_each_record_and_writes_nothing(editor_client):
    # given a draft already in the archive, which the file updates
    Document.objects.create(record_id=900001, title="Letter", status="draft")

    # when an editor uploads the file
    job = job_of(upload(editor_client, "letters.jsonl", VALID))

    # then the report says what each record would do, and nothing was written
    assert job.status == ImportJob.Status.CHECKED
    assert [(row["line"], row["kind"], row["key"], row["action"]) for row in job.report] == [
        (1, "document", 900001, "updated"),
        (2, "person", "Zhou, Enlai", "new"),
        (3, "document", 900002, "new"),
    ]
    assert Document.objects.get(record_id=900001).title == "Letter"
    assert not Document.objects.filter(record_id=900002).exists()
    page = editor_client.get(job.get_absolute_url()).content.decode()
    assert "2 new, 1 updated, 0 invalid." in page
    assert "Confirm the import" in page
    # the upload waits in MEDIA_ROOT/imports/ for the confirmation
    assert job.file.name == f"imports/{job.folder}/letters.jsonl"
    assert (imports.progress_path(job).parent / "letters.jsonl").read_text() == VALID


def test_confirmed_import_runs_in_the_background(editor_client, editor):
    # given a checked upload
    Document.objects.create(record_id=900001, title="Letter", status="draft")
    job = job_of(upload(editor_client, "letters.jsonl", VALID))

    # when the editor confirms it, it is queued, not run
    response = editor_client.post(reverse("curation:import-confirm", args=[job.pk]))
    job.refresh_from_db()
    assert response.status_code == 302
    assert job.status == ImportJob.Status.QUEUED
    assert 'http-equiv="refresh"' in editor_client.get(job.get_absolute_url()).content.decode()
    assert not Document.objects.filter(record_id=900002).exists()

    # and a worker runs it
    assert run_queued_tasks() == 2  # it, then the citations of the documents it wrote

    # then the records exist, the job says so, and the upload is gone
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED
    assert (job.done, job.total) == (3, 3)
    assert job.summary == "2 documents (1 new, 1 updated) and 1 person (1 new) from 1 file"
    assert Document.objects.get(record_id=900001).title == (
        "Letter, Zhou Enlai to Comrade Molotov (revised)"
    )
    assert Document.objects.get(record_id=900002).title == "Note on Lüshun"
    assert latest_revision(Document.objects.get(record_id=900002)).user == editor
    assert not job.file
    assert not imports.progress_path(job).parent.exists()
    page = editor_client.get(job.get_absolute_url()).content.decode()
    assert "All 3 records were imported." in page
    assert 'http-equiv="refresh"' not in page


def test_a_truncated_file_is_reported_and_nothing_is_written(editor_client):
    content = '{"record_id": 900031, "title": "Fine"}\n{"record_id": 900032, "title": "Cut sh'

    job = job_of(upload(editor_client, "truncated.jsonl", content))

    assert job.status == ImportJob.Status.INVALID
    assert job.errors == [
        "line 2: the line ends before the record does (truncated?):"
        " Unterminated string starting at column 32"
    ]
    assert not Document.objects.exists()
    page = editor_client.get(job.get_absolute_url()).content.decode()
    assert "Unterminated string starting at column 32" in page
    assert "nothing was imported" in page
    assert "Confirm the import" not in page
    # an invalid upload is not kept
    assert not job.file


def test_a_record_with_an_invalid_date_is_invalid_with_the_reason(editor_client):
    content = (
        '{"record_id": 900011, "title": "Fine"}\n\n'
        '{"record_id": 900012, "title": "Not a real day", "date": "June 31, 1957"}\n'
    )

    job = job_of(upload(editor_client, "bad_date.jsonl", content))

    assert job.status == ImportJob.Status.INVALID
    assert [(row["line"], row["action"], row["reason"]) for row in job.report] == [
        (1, "new", ""),
        (3, "invalid", "date: 'June 31, 1957': day 31 is out of range for June 1957 (1-30)"),
    ]
    assert not Document.objects.exists()
    page = editor_client.get(job.get_absolute_url()).content.decode()
    assert "day 31 is out of range for June 1957 (1-30)" in page


def test_a_job_that_fails_at_run_time_leaves_the_archive_as_it_was(editor_client):
    # given a checked upload whose related document exists at the dry run
    related = Document.objects.create(record_id=900050, title="Related", status="draft")
    content = (
        '{"record_id": 900051, "title": "First"}\n'
        '{"record_id": 900052, "title": "Second", "related": [900050]}\n'
    )
    job = job_of(upload(editor_client, "related.jsonl", content))
    assert job.status == ImportJob.Status.CHECKED

    # when the related document is gone by the time the worker runs the job
    related.delete()
    editor_client.post(reverse("curation:import-confirm", args=[job.pk]))
    run_queued_tasks()

    # then nothing was written and the job shows why
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.errors == ["line 2: related[0]: no document has record ID 900050"]
    assert not Document.objects.exists()
    page = editor_client.get(job.get_absolute_url()).content.decode()
    assert "no document has record ID 900050" in page
    assert "the archive is as it was before" in page


def test_an_editor_may_not_publish_by_import(editor_client):
    content = '{"record_id": 900061, "title": "Out", "status": "published"}\n'

    job = job_of(upload(editor_client, "publish.jsonl", content, publish="on"))

    assert job.status == ImportJob.Status.INVALID
    assert job.publish is False
    assert [row["reason"] for row in job.report] == [
        "status: Only a Reviewer or above may publish a document (new → published)."
    ]


def test_a_reviewer_may_publish_by_import(client, db):
    client.force_login(user_with_role("rita", "Reviewer"))
    content = '{"record_id": 900061, "title": "Out"}\n'

    job = job_of(upload(client, "publish.jsonl", content, publish="on"))
    client.post(reverse("curation:import-confirm", args=[job.pk]))
    run_queued_tasks()

    assert Document.objects.get(record_id=900061).status == Document.Status.PUBLISHED


def test_an_editor_may_not_change_a_published_document_by_import(editor_client):
    Document.objects.create(record_id=900071, title="Public", status="published")

    job = job_of(upload(editor_client, "edit.jsonl", '{"record_id": 900071, "title": "New"}\n'))

    assert [row["reason"] for row in job.report] == [
        "record_id: Only a Reviewer or above may edit a published document (document 900071)."
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("archive.csv", "record_id,title\n1,x\n", "is neither JSON Lines"),
        ("empty.jsonl", "", "is empty"),
    ],
    ids=["csv", "empty"],
)
def test_an_unreadable_upload_is_refused(editor_client, name, content, message):
    response = upload(editor_client, name, content)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 403), ("Editor", 200), ("Reviewer", 200), ("Administrator", 200)],
    ids=["no-role", "editor", "reviewer", "administrator"],
)
def test_only_editors_and_above_may_import(client, db, role, status):
    client.force_login(user_with_role("someone", role))

    assert client.get(reverse("curation:import-list")).status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(reverse("curation:import-list"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("curation:login"))


def test_only_the_uploader_may_confirm(editor_client):
    job = job_of(upload(editor_client, "letters.jsonl", '{"title": "A note"}\n'))
    other = Client()
    other.force_login(user_with_role("otto", "Editor"))

    assert other.post(reverse("curation:import-confirm", args=[job.pk])).status_code == 403
    assert "Only eddie or an Administrator" in other.get(job.get_absolute_url()).content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED


def test_a_running_job_shows_its_progress(editor_client, editor):
    # given a job the worker is running, halfway through
    job = ImportJob.objects.create(
        name="big.jsonl", user=editor, status=ImportJob.Status.RUNNING, total=10
    )
    imports.ProgressFile(job)(4, 10)

    page = editor_client.get(job.get_absolute_url()).content.decode()

    assert '<meta http-equiv="refresh" content="2">' in page
    assert '<span class="done">4</span> of <span class="total">10</span> records written' in page
    assert json.loads(imports.progress_path(job).read_text()) == {"done": 4, "total": 10}


def test_cancel_drops_the_upload(editor_client):
    job = job_of(upload(editor_client, "letters.jsonl", '{"title": "A note"}\n'))

    editor_client.post(reverse("curation:import-cancel", args=[job.pk]))

    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED
    assert not imports.progress_path(job).parent.exists()
