"""`readingroom import` and `readingroom load_sample`, as an operator runs them."""

import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from readingroom.archive.models import Collection, Document, Person, Place, Topic

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_reports_what_it_imported(importer_files):
    output = run("import", str(importer_files / "valid.jsonl"))

    assert output.splitlines()[-1] == (
        "Imported 3 documents (3 new), 1 person (1 new), 1 place (1 new), 1 topic (1 new),"
        " 1 collection (1 new), 1 repository (1 new) and 1 funder (1 new) from 1 file."
    )
    assert Document.objects.count() == 3


def test_import_dry_run_prints_each_record_and_writes_nothing(importer_files):
    # given one of the documents is already stored
    Document.objects.create(record_id=900002, title="Stored")
    path = importer_files / "valid.jsonl"

    output = run("import", "--dry-run", str(path))

    assert output.splitlines()[-4:] == [
        f"{path}:8: document 900001: new",
        f"{path}:9: document 900002: updated",
        f"{path}:10: document (new ID): new",
        "Would import 3 documents (2 new, 1 updated), 1 person (1 new), 1 place (1 new),"
        " 1 topic (1 new), 1 collection (1 new), 1 repository (1 new) and 1 funder (1 new)"
        " from 1 file.",
    ]
    assert list(Document.objects.values_list("title", flat=True)) == ["Stored"]


def test_import_dry_run_shows_invalid_records_with_the_reason(importer_files):
    path = importer_files / "bad_date.jsonl"

    out = StringIO()
    with pytest.raises(CommandError, match="1 error; nothing was imported"):
        call_command("import", "--dry-run", str(path), stdout=out)

    # the per-record lines were written before the error
    assert out.getvalue().splitlines() == [
        f"{path}:1: document 900011: new",
        f"{path}:3: document 900012: invalid: date: 'June 31, 1957': day 31 is out of range"
        " for June 1957 (1-30)",
    ]


def test_import_of_a_malformed_file_fails_with_every_error(importer_files):
    Document.objects.create(record_id=1, title="Already here")
    bad, missing = importer_files / "bad_date.jsonl", importer_files / "nowhere.jsonl"

    with pytest.raises(CommandError) as failure:
        run("import", str(importer_files / "valid.jsonl"), str(bad), str(missing))

    assert str(failure.value) == (
        "2 errors; nothing was imported.\n"
        f"  {bad}:3: date: 'June 31, 1957': day 31 is out of range for June 1957 (1-30)\n"
        f"  {missing}: no such file"
    )
    assert list(Document.objects.values_list("record_id", flat=True)) == [1]


def test_import_publish_publishes(importer_files):
    run("import", "--publish", str(importer_files / "valid.jsonl"))

    assert set(Document.objects.values_list("status", flat=True)) == {"published"}


def test_load_sample_is_idempotent():
    # when the bundled sample archive is loaded twice
    first = run("load_sample")
    counts = _counts()
    second = run("load_sample")

    # then the second load adds nothing and says the same
    assert _counts() == counts
    assert first == second
    assert first.startswith(f"Loaded {counts[0]} documents, {counts[1]} people, ")
    assert counts[0] >= 2
    assert Document.objects.filter(record_id__in=[110398, 116979]).count() == 2


def _counts():
    return (
        Document.objects.count(),
        Person.objects.count(),
        Place.objects.count(),
        Topic.objects.count(),
        Collection.objects.count(),
        sorted(Document.objects.values_list("record_id", "title")),
    )


def test_load_sample_matches_unnumbered_documents_by_title_and_date(importer_files, tmp_path):
    # given a sample file with a document without a record ID, and an image beside it
    shutil.copytree(importer_files / "images", tmp_path / "images")
    sample = tmp_path / "sample.jsonl"
    sample.write_text(
        (importer_files / "valid.jsonl").read_text(encoding="utf-8"), encoding="utf-8"
    )

    run("load_sample", "--file", str(sample))
    run("load_sample", "--file", str(sample))

    # then the unnumbered document was matched, not made twice
    assert Document.objects.filter(title="An undated note without a record ID").count() == 1
    assert Document.objects.count() == 3


def test_load_sample_fails_clearly_without_its_file(tmp_path):
    with pytest.raises(CommandError, match="the sample archive is missing"):
        run("load_sample", "--file", str(tmp_path / "absent.jsonl"))
