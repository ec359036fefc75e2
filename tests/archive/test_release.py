"""Release history: a document's classification marking and level, its declassification,
and what is still withheld.

Stored with a constraint, carried by imports, exports and revisions, shown to readers in a
"Release" section, given by the API, and never shown for a draft.
"""

import json

import pytest
from django.db import IntegrityError, transaction

from readingroom.archive.actions.revisions import revisions_of
from readingroom.archive.interchange.serialize import document_record
from readingroom.archive.models import ClassificationLevel, Document, DocumentChange
from readingroom.importers.base import ImportFailed, import_files
from readingroom.importers.tei import classification_marking

pytestmark = pytest.mark.django_db

CABLE = {
    "record_id": 117101,
    "title": "Telegram From the Embassy in Moscow to the Department of State",
    "date": "1960-07-16",
    "status": "published",
    "classification": "Secret; Noforn",
    "declassified": "Declassified 1996, NND 959000",
    "redactions": "One paragraph (1½ lines) not declassified; the 2004 release gives it.",
}


def write_lines(path, *records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


@pytest.fixture
def cable(tmp_path):
    import_files([write_lines(tmp_path / "cable.jsonl", CABLE)])
    return Document.objects.get(record_id=117101)


# --- Stored --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "marking, level",
    [
        ("Top Secret", "top-secret"),
        ("TOP SECRET—EYES ONLY", "top-secret"),
        ("Secret; Noforn", "secret"),
        ("Secret; Priority; Limdis", "secret"),
        ("Confidential", "confidential"),
        ("Limited Official Use", "restricted"),
        ("Restricted", "restricted"),
        ("Unclassified", "unclassified"),
        ("No classification marking", ""),
        ("Eyes Only for the Secretary", ""),
        ("", ""),
    ],
)
def test_a_marking_names_its_level(marking, level):
    assert ClassificationLevel.of(marking) == level


def test_a_document_has_no_release_history_unless_given(records):
    document = records.document("Plain letter")
    assert (document.classification, document.classification_level) == ("", "")
    assert (document.declassified, document.redactions) == ("", "")


def test_the_database_refuses_a_level_outside_the_five(records):
    records.document("Letter")
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.update(classification_level="secretish")


# --- Imports and exports ---------------------------------------------------------------


def test_an_import_keeps_the_history_exactly_and_reads_the_level(cable):
    assert (cable.classification, cable.classification_level) == ("Secret; Noforn", "secret")
    assert cable.declassified == CABLE["declassified"]
    assert cable.redactions == CABLE["redactions"]


def test_a_given_level_is_kept_even_where_the_marking_says_otherwise(tmp_path):
    line = CABLE | {"classification": "Sekretno", "classification_level": "secret"}
    import_files([write_lines(tmp_path / "cable.jsonl", line)])
    assert Document.objects.get().classification_level == "secret"


def test_the_export_gives_back_what_was_imported_and_a_reimport_changes_nothing(cable, tmp_path):
    record = document_record(cable)
    assert {key: record[key] for key in ("classification", "declassified", "redactions")} == {
        key: CABLE[key] for key in ("classification", "declassified", "redactions")
    }
    assert record["classification_level"] == "secret"
    revisions, changes = revisions_of(cable).count(), DocumentChange.objects.count()
    # when the exported record is imported again
    import_files([write_lines(tmp_path / "again.jsonl", record)])
    # then nothing changed: the same record, no new revision, nothing for the outbox
    assert DocumentChange.objects.count() == changes
    assert document_record(Document.objects.get(record_id=117101)) == record
    assert revisions_of(cable).count() == revisions


def test_a_revision_keeps_the_release_history_it_had(cable, tmp_path):
    import_files([write_lines(tmp_path / "later.jsonl", CABLE | {"redactions": ""})])
    old = revisions_of(cable).last().snapshot
    new = revisions_of(cable).first().snapshot
    assert old["redactions"] == CABLE["redactions"]
    assert new["redactions"] == ""


@pytest.mark.parametrize(
    "change, message",
    [
        (
            {"classification_level": "eyes-only"},
            "classification_level: 'eyes-only' is not one of 'top-secret', 'secret',"
            " 'confidential', 'restricted', 'unclassified'",
        ),
        ({"classification": 7}, "classification: 7 is not of type 'string'"),
    ],
    ids=["level", "marking"],
)
def test_a_bad_value_is_named_and_nothing_is_stored(cable, tmp_path, change, message):
    path = write_lines(tmp_path / "bad.jsonl", CABLE | {"declassified": "Later"} | change)
    with pytest.raises(ImportFailed) as failure:
        import_files([path])
    assert [str(error) for error in failure.value.errors] == [f"{path}:1: {message}"]
    assert Document.objects.get(record_id=117101).declassified == CABLE["declassified"]


# --- FRUS source notes ----------------------------------------------------------------


@pytest.mark.parametrize(
    "note, marking",
    [
        (
            "Department of State, Central Files, 611.93/8–255. Secret. Received at 11:17 a.m.",
            "Secret",
        ),
        (
            "Department of State, Central Files, POL 30-1 S VIET Secret; Immediate. Repeated to"
            " Saigon.",
            "Secret; Immediate",
        ),
        (
            "National Archives, Nixon Presidential Materials, NSC Files, Box 713, Vol. IX."
            " Secret; Nodis; Eyes Only; Outside System. Sent for urgent information.",
            "Secret; Nodis; Eyes Only; Outside System",
        ),
        (
            "Department of State, Geneva Talks Files: Lot 72 D 415. Top Secret; Official–Informal.",
            "Top Secret; Official–Informal",
        ),
        (
            "Department of State, CA Files. Secret; U.S. Eyes Only. The Prochnow…",
            "Secret; U.S. Eyes Only",
        ),
        (
            "Department of State, Central Files, 611.93/8–155. Official Use Only. The…",
            "Official Use Only",
        ),
        ("Washington National Records Center, Box 8. No classification marking.", ""),
        ("Kennedy Library. The Secretary read it. Drafted by Dulles on August 3.", ""),
        ("Eisenhower Library. A Secret Service report was attached.", ""),
    ],
    ids=[
        "secret",
        "no-full-stop-before",
        "handling",
        "en-dash",
        "U.S.",
        "official-use",
        "no-marking",
        "secretary",
        "secret-service",
    ],
)
def test_a_frus_source_note_gives_its_marking(note, marking):
    assert classification_marking(note) == marking


def test_a_frus_volume_gives_its_documents_their_markings(shared_dir):
    path = shared_dir / "corpus" / "frus" / "xml" / "frus1955-57v03.xml"
    if not path.is_file():
        pytest.skip(f"{path} is absent (the shared FRUS corpus)")
    import_files([path])
    found = {
        document.external_id: (document.classification, document.classification_level)
        for document in Document.objects.filter(external_id__startswith="frus1955-57v03/")
    }
    # checked by hand against the source notes
    assert found["frus1955-57v03/d1"] == ("Official Use Only", "restricted")
    assert found["frus1955-57v03/d2"] == ("Secret", "secret")
    assert found["frus1955-57v03/d8"] == ("Confidential; Priority", "confidential")
    assert found["frus1955-57v03/d9"] == ("Secret; Eyes Only", "secret")
    assert found["frus1955-57v03/d5"] == ("", "")  # "Drafted by Dulles on August 3."
    # 266 of the volume's 305 documents have a marking in their source note
    assert len(found) == 305
    assert sum(1 for _, level in found.values() if level) == 266


# --- Readers ---------------------------------------------------------------------------


def test_the_page_shows_a_release_section(client, cable):
    html = client.get("/document/117101").content.decode()
    assert '<h3 id="release-heading">Release</h3>' in html
    assert "<dt>Classification</dt><dd>Secret; Noforn</dd>" in html
    assert "<dt>Declassified</dt><dd>Declassified 1996, NND 959000</dd>" in html
    assert "One paragraph (1½ lines) not declassified; the 2004 release gives it." in html


def test_a_page_without_release_history_has_no_section(client, records):
    document = records.document("Plain letter")
    html = client.get(document.get_absolute_url()).content.decode()
    assert "release-heading" not in html


def test_the_api_gives_the_release_history(client, cable):
    data = client.get("/api/documents/117101").json()
    assert {key: data[key] for key in CABLE if key in data and key not in ("date", "status")} == {
        key: CABLE[key] for key in CABLE if key not in ("date", "status")
    }
    assert data["classification_level"] == "secret"


def test_a_drafts_release_history_is_never_shown(client, tmp_path):
    draft = CABLE | {"record_id": 117102, "status": "draft"}
    import_files([write_lines(tmp_path / "draft.jsonl", draft)])
    assert client.get("/document/117102").status_code == 404
    assert client.get("/api/documents/117102").status_code == 404
