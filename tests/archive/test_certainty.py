"""Certainty: how sure the editors are of a date and of each person's part, and why.

Stored with a constraint, carried by imports, exports and revisions, shown to readers with
a legend, given by the API, and never shown for a draft.
"""

import json

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from readingroom.archive.actions.revisions import revisions_of
from readingroom.archive.interchange.serialize import document_record
from readingroom.archive.models import Document, DocumentChange, PersonDocumentRelation
from readingroom.importers.base import ImportFailed, import_files

pytestmark = pytest.mark.django_db

LETTER = {
    "record_id": 117001,
    "title": "Telegram, Nie Rongzhen to Zhou Enlai",
    "date": "ca. 1960-07",
    "date_certainty": "inferred",
    "date_certainty_note": "Undated; the editors date it by the report of 7 July 1960 (聂荣臻).",
    "status": "published",
    "people": [
        {"name": "Nie, Rongzhen", "role": "author"},
        {
            "name": "Zhou, Enlai",
            "role": "recipient",
            "certainty": "probable",
            "certainty_note": "Addressed to “the Premier”.",
        },
        {
            "name": "Khrushchev, Nikita",
            "role": "mentioned",
            "certainty": "disputed",
            "certainty_note": "“K.” may be Kozlov.",
        },
    ],
}


def write_lines(path, *records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


@pytest.fixture
def letter(tmp_path):
    import_files([write_lines(tmp_path / "letter.jsonl", LETTER)])
    return Document.objects.get(record_id=117001)


# --- Stored --------------------------------------------------------------------------


def test_a_document_and_a_link_are_certain_unless_the_editors_say_otherwise(records):
    document = records.document("Plain letter")
    link = records.link_person(document, records.person("Mao, Zedong"))

    assert (document.date_certainty, document.date_certainty_note) == ("certain", "")
    assert (link.certainty, link.certainty_note, link.uncertain) == ("certain", "", False)


@pytest.mark.parametrize(
    "model, field",
    [(Document, "date_certainty"), (PersonDocumentRelation, "certainty")],
    ids=["date", "person link"],
)
def test_the_database_refuses_a_level_outside_the_four(records, model, field):
    document = records.document("Letter")
    records.link_person(document, records.person("Mao, Zedong"))

    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.update(**{field: "maybe"})


def test_the_old_uncertain_flag_reads_and_sets_probable(records):
    link = records.link_person(records.document(), records.person("Mao, Zedong"), uncertain=True)

    assert (link.certainty, link.uncertain) == ("probable", True)
    link.certainty = "disputed"
    link.uncertain = True  # does not weaken a stronger doubt
    assert link.certainty == "disputed"
    link.uncertain = False
    assert link.certainty == "certain"


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_uncertain_into_probable_and_back():
    before, after = [("archive", "0016_rendition_paragraph_ids")], [("archive", "0017_certainty")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    document = old.get_model("archive", "Document").objects.create(record_id=5, title="Letter")
    Person = old.get_model("archive", "Person")
    links = old.get_model("archive", "PersonDocumentRelation").objects
    for name, uncertain in [("Mao, Zedong", False), ("Stalin, Joseph", True)]:
        person = Person.objects.create(sort_name=name, display_name=name, slug=name[:4])
        links.create(document=document, person=person, role="author", uncertain=uncertain)

    # when the archive is migrated
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps.get_model("archive", "PersonDocumentRelation")

    # then the doubted attribution is probable, the other certain
    assert sorted(new.objects.values_list("person__sort_name", "certainty")) == [
        ("Mao, Zedong", "certain"),
        ("Stalin, Joseph", "probable"),
    ]

    # and migrating back gives the flags back
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    back = executor.loader.project_state(before).apps.get_model("archive", "PersonDocumentRelation")
    assert sorted(back.objects.values_list("person__sort_name", "uncertain")) == [
        ("Mao, Zedong", False),
        ("Stalin, Joseph", True),
    ]
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())


# --- Imports and exports ---------------------------------------------------------------


def test_an_import_keeps_every_level_and_reason_exactly(letter):
    assert (letter.date_certainty, letter.date_certainty_note) == (
        "inferred",
        "Undated; the editors date it by the report of 7 July 1960 (聂荣臻).",
    )
    assert [
        (link.person.sort_name, link.certainty, link.certainty_note)
        for link in letter.person_links.order_by("person__sort_name")
    ] == [
        ("Khrushchev, Nikita", "disputed", "“K.” may be Kozlov."),
        ("Nie, Rongzhen", "certain", ""),
        ("Zhou, Enlai", "probable", "Addressed to “the Premier”."),
    ]


def test_the_export_gives_back_what_was_imported_and_a_reimport_changes_nothing(letter, tmp_path):
    record = document_record(letter)
    assert record["date_certainty"] == LETTER["date_certainty"]
    assert record["date_certainty_note"] == LETTER["date_certainty_note"]
    assert [
        (p["name"], p["role"], p["certainty"], p["certainty_note"]) for p in record["people"]
    ] == [
        ("Nie, Rongzhen", "author", "certain", ""),
        ("Khrushchev, Nikita", "mentioned", "disputed", "“K.” may be Kozlov."),
        ("Zhou, Enlai", "recipient", "probable", "Addressed to “the Premier”."),
    ]
    revisions, changes = revisions_of(letter).count(), DocumentChange.objects.count()

    # when the exported record is imported again
    import_files([write_lines(tmp_path / "again.jsonl", record)])

    # then nothing changed: the same record, no new revision, nothing for the outbox
    assert DocumentChange.objects.count() == changes
    assert document_record(Document.objects.get(record_id=117001)) == record
    assert revisions_of(letter).count() == revisions


def test_a_revision_keeps_the_certainty_it_had(letter):
    snapshot = revisions_of(letter).first().snapshot

    assert snapshot["date_certainty"] == "inferred"
    assert {p["name"]: p["certainty"] for p in snapshot["people"]}["Zhou, Enlai"] == "probable"


@pytest.mark.parametrize(
    "uncertain, expected",
    [(True, "probable"), (False, "certain")],
    ids=["uncertain-is-probable", "not-uncertain-is-certain"],
)
def test_the_old_uncertain_field_is_still_accepted(tmp_path, uncertain, expected):
    line = {"title": "Old file", "people": [{"name": "Mao, Zedong", "uncertain": uncertain}]}
    import_files([write_lines(tmp_path / "old.jsonl", line)])

    assert PersonDocumentRelation.objects.get().certainty == expected


@pytest.mark.parametrize(
    "change, message",
    [
        (
            {"date_certainty": "maybe"},
            "date_certainty: 'maybe' is not one of 'certain', 'probable', 'inferred', 'disputed'",
        ),
        (
            {"people": [{"name": "Mao, Zedong", "certainty": "likely"}]},
            "people[0].certainty: 'likely' is not one of 'certain', 'probable', 'inferred',"
            " 'disputed'",
        ),
        (
            {"people": [{"name": "Mao, Zedong", "uncertain": True, "certainty": "certain"}]},
            "people[0].uncertain: True contradicts certainty 'certain'",
        ),
        (
            {"places": [{"name": "Beijing", "certainty": "probable"}]},
            "places[0].certainty: is kept for people only; a place link has uncertain and notes",
        ),
    ],
    ids=["date-level", "person-level", "contradiction", "place"],
)
def test_a_bad_value_is_named_and_nothing_is_stored(letter, tmp_path, change, message):
    path = write_lines(tmp_path / "bad.jsonl", LETTER | change)

    with pytest.raises(ImportFailed) as failure:
        import_files([path])

    assert [str(error) for error in failure.value.errors] == [f"{path}:1: {message}"]
    assert Document.objects.get(record_id=117001).date_certainty == "inferred"


# --- Readers ---------------------------------------------------------------------------


def test_the_page_shows_each_level_with_its_reason_and_the_legend(client, letter):
    html = client.get("/document/117001").content.decode()

    # the date: its level linked to the legend, and the reason in words
    assert (
        '<p class="date">ca. July 1960 <a class="certainty certainty-inferred"'
        ' href="#certainty-legend" aria-label="inferred (date): what this means">inferred</a>'
        ' <span class="certainty-note">(Undated; the editors date it by the report of'
        " 7 July 1960 (聂荣臻).)</span></p>" in html
    )
    # each person: a certain author unmarked, the others marked with their reason
    assert '<span class="role">(Author)</span>' in html
    assert (
        '<span class="role">(Recipient <a class="certainty certainty-probable"'
        ' href="#certainty-legend" aria-label="probable (recipient): what this means">'
        'probable</a> <span class="certainty-note">(Addressed to “the Premier”.)</span>)'
        "</span>" in html
    )
    assert 'aria-label="disputed (mentioned): what this means">disputed</a>' in html
    # the legend explains the four levels
    assert 'id="certainty-legend"' in html
    for meaning in [
        "The document says so, or the source states it without doubt.",
        "Likely, but not stated: the editors judge it so from the evidence.",
        "Worked out by the editors from other documents or context.",
        "Sources or scholars disagree; the note says who holds what.",
    ]:
        assert meaning in html


@pytest.mark.parametrize("url", ["/catalog", "/people/nie-rongzhen"], ids=["catalog", "person"])
def test_a_list_marks_an_uncertain_date_and_links_to_the_reason(client, letter, records, url):
    records.document("Plain letter")

    html = client.get(url).content.decode()

    assert (
        '<p class="date">ca. July 1960 <a class="certainty certainty-inferred"'
        ' href="/document/117001#certainty-legend"'
        ' aria-label="inferred (date): what this means, and why">inferred</a></p>' in html
    )
    assert html.count('class="certainty ') == 1  # the plain letter's date is unmarked


def test_a_page_where_all_is_certain_has_no_marks_and_no_legend(client, records):
    document = records.document("Plain letter")
    records.link_person(document, records.person("Mao, Zedong"))

    html = client.get(document.get_absolute_url()).content.decode()

    assert "certainty" not in html


def test_the_api_gives_the_levels_and_reasons(client, letter):
    data = client.get("/api/documents/117001").json()

    assert (data["date_certainty"], data["date_certainty_note"]) == (
        "inferred",
        LETTER["date_certainty_note"],
    )
    assert [
        (p["name"], p["role"], p["certainty"], p["certainty_note"], p["uncertain"])
        for p in data["people"]
    ] == [
        ("Nie, Rongzhen", "author", "certain", "", False),
        ("Khrushchev, Nikita", "mentioned", "disputed", "“K.” may be Kozlov.", True),
        ("Zhou, Enlai", "recipient", "probable", "Addressed to “the Premier”.", True),
    ]


def test_a_drafts_certainty_is_never_shown(client, tmp_path):
    draft = LETTER | {"record_id": 117002, "status": "draft", "date_certainty_note": "Zqxdraft"}
    import_files([write_lines(tmp_path / "draft.jsonl", draft)])

    assert client.get("/document/117002").status_code == 404
    assert client.get("/api/documents/117002").status_code == 404
