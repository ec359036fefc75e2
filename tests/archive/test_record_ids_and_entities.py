"""The promises every path keeps: a record ID never changes meaning, a deleted document
stays deleted for harvesters, entities are records with a history, duplicates merge.

Stories told through the paths people and clients use: the JSON API, OAI-PMH, the back
office, an import, and the reader's pages and search.
"""

import pytest
from django.db import transaction
from django.test import Client
from lxml import etree

from readingroom.archive.actions import (
    Actor,
    merge_entities,
    restore_from_trash,
    undo_merge,
    unpublish,
)
from readingroom.archive.models import (
    Document,
    EntityMerge,
    Person,
    Revision,
    TrashedDocument,
)
from readingroom.importers.base import import_files
from readingroom.interop.models import ApiToken
from tests.fixtures.clients import api, user_with

OAI = {"oai": "http://www.openarchives.org/OAI/2.0/"}


def oai_status(record_id: int) -> str:
    """ "deleted", "present" or the error code of GetRecord for this record ID."""
    identifier = f"oai:127.0.0.1:{record_id}"
    response = Client().get(
        "/oai", {"verb": "GetRecord", "identifier": identifier, "metadataPrefix": "oai_dc"}
    )
    root = etree.fromstring(response.content)
    error = root.find("oai:error", OAI)
    if error is not None:
        return error.get("code")
    header = root.find(".//oai:header", OAI)
    return "deleted" if header.get("status") == "deleted" else "present"


# --- Record IDs --------------------------------------------------------------------------


def test_a_deleted_documents_record_id_is_never_given_to_another(db, records):
    administrator = ApiToken.issue(user_with("Administrator"))
    editor = ApiToken.issue(user_with("Editor"))
    # given a published document that harvesters know, then deleted through the API
    document = records.document("Telegram from Moscow", record_id=110398)
    assert oai_status(110398) == "present"
    assert api("delete", "/api/documents/110398", administrator).status_code == 204
    assert oai_status(110398) == "deleted"

    # when a client posts an unrelated document with that record ID
    taken = api(
        "post", "/api/documents", editor, {"record_id": 110398, "title": "A New Memorandum"}
    )

    # then it is refused, naming the ID, and harvesters still learn it was deleted
    assert taken.status_code == 422
    detail = taken.json()["detail"]
    assert detail[0]["loc"] == ["body", "document", "record_id"]
    assert "record ID 110398 belonged to a document that was deleted" in detail[0]["msg"]
    assert not Document.objects.filter(record_id=110398).exists()
    assert oai_status(110398) == "deleted"

    # and an import may not take it either
    # (only the same document, from the trash or the archive's export, may come back)
    trashed = TrashedDocument.objects.get(record_id=document.record_id)
    restored = restore_from_trash(trashed, actor=Actor.of(trashed.trashed_by))
    assert (restored.record_id, restored.title) == (110398, "Telegram from Moscow")
    assert oai_status(110398) == "present"


def test_an_import_cannot_reuse_a_deleted_record_id(db, records, tmp_path):
    document = records.document("Letter", record_id=42)
    with transaction.atomic():
        from readingroom.archive.actions import trash_document

        trash_document(document, actor=Actor.system("cleanup"))
    path = tmp_path / "new.jsonl"
    path.write_text('{"record_id": 42, "title": "Something else"}\n')

    with pytest.raises(Exception) as refused:
        import_files([path])

    assert "record ID 42 belonged to a document that was deleted" in str(refused.value)
    assert not Document.objects.filter(record_id=42).exists()


def test_unpublishing_in_the_back_office_tells_harvesters_it_is_deleted(db, records):
    reviewer = Client()
    reviewer.force_login(user_with("Reviewer"))
    document = records.document("Report on the Harvest")
    assert oai_status(document.record_id) == "present"

    response = reviewer.post(f"/editor/documents/{document.record_id}/workflow/unpublish")

    assert response.status_code == 302
    assert oai_status(document.record_id) == "deleted"


# --- Merging -----------------------------------------------------------------------------


@pytest.fixture
def khrushchevs(records):
    """Three "Khrushchev" people made by three imports, five published documents."""
    kept = records.person("Khrushchev, Nikita", other_names=["Хрущёв"])
    second = records.person("Khrushchev, Nikita S.")
    third = records.person("Khrushchev, N. S.", biography="First Secretary.")
    documents = records.documents(5)
    records.link_person(documents[0], kept)
    records.link_person(documents[1], second)
    records.link_person(documents[2], second, role="mentioned")
    records.link_person(documents[3], third)
    records.link_person(documents[0], third)  # both in one document: one link must stay
    records.link_person(documents[4], third, role="recipient")
    return kept, second, third, documents


def test_merging_people_makes_one_person_everywhere(db, khrushchevs):
    kept, second, third, documents = khrushchevs
    reviewer = user_with("Reviewer")
    old_second, old_third = second.get_absolute_url(), third.get_absolute_url()

    merge_entities(kept, [second, third], actor=Actor.of(reviewer))

    # the old pages answer 301 to the survivor
    reader = Client()
    for old in (old_second, old_third):
        response = reader.get(old)
        assert (response.status_code, response["Location"]) == (301, kept.get_absolute_url())
    # the survivor lists every document once, and counts them so
    kept.refresh_from_db()
    assert kept.document_count == 5
    page = reader.get(kept.get_absolute_url()).content.decode()
    for document in documents:
        assert page.count(document.title) == 1
    assert "Results: 1 - 5 of 5" in " ".join(page.split())
    # its other names carry the merged ones, and what it lacked it now has
    assert kept.other_names == [
        "Хрущёв",
        "Khrushchev, Nikita S.",
        "Khrushchev Nikita S.",
        "Khrushchev, N. S.",
        "Khrushchev N. S.",
    ]
    assert kept.biography == "First Secretary."
    assert Person.objects.count() == 1
    # the API and the index know one person
    assert Client().get("/api/people").json()["results"][0]["document_count"] == 5
    # and the merge is in both histories
    summaries = list(Revision.objects.filter(object_id=kept.pk).values_list("summary", flat=True))
    assert "Merged Khrushchev, Nikita S., Khrushchev, N. S. into this" in summaries


def test_a_merge_can_be_undone(db, khrushchevs):
    kept, second, third, documents = khrushchevs
    before = {
        person.slug: sorted(person.document_links.values_list("document_id", "role"))
        for person in (kept, second, third)
    }
    reviewer = Actor.of(user_with("Reviewer"))
    merges = merge_entities(kept, [second, third], actor=reviewer)

    for merge in merges:
        undo_merge(merge, actor=reviewer)

    # everyone is back, with the same slugs and the same links
    after = {
        person.slug: sorted(person.document_links.values_list("document_id", "role"))
        for person in Person.objects.all()
    }
    assert after == before
    kept.refresh_from_db()
    assert kept.other_names == ["Хрущёв"]
    assert kept.biography == ""
    assert Person.objects.get(slug=second.slug).document_count == 2
    assert Client().get(second.get_absolute_url()).status_code == 200
    assert EntityMerge.objects.filter(undone_at__isnull=True).count() == 0


def test_only_a_reviewer_merges(db, khrushchevs):
    kept, second, _, _ = khrushchevs
    editor = Client()
    editor.force_login(user_with("Editor"))

    response = editor.post(f"/editor/records/person/{kept.pk}/merge", {"merge": [second.pk]})

    assert response.status_code == 403
    assert Person.objects.filter(pk=second.pk).exists()


def test_a_merge_in_the_back_office(db, khrushchevs):
    kept, second, third, _ = khrushchevs
    reviewer = Client()
    reviewer.force_login(user_with("Reviewer"))

    choose = reviewer.get(f"/editor/records/person/{kept.pk}/merge")
    assert "Khrushchev, Nikita S." in choose.content.decode()
    merged = reviewer.post(
        f"/editor/records/person/{kept.pk}/merge", {"merge": [second.pk, third.pk]}, follow=True
    )

    assert "Merged “Khrushchev, Nikita S.”, “Khrushchev, N. S.” into" in merged.content.decode()
    assert list(Person.objects.values_list("pk", flat=True)) == [kept.pk]
    # and the editing screen offers to undo each
    assert merged.content.decode().count("Undo this merge") == 2


def test_a_person_only_a_draft_names_is_public_once_the_draft_is_published(db, records):
    # given a draft naming someone nobody else names
    person = records.person("Nie, Rongzhen")
    draft = records.draft("Report by Nie Rongzhen")
    records.link_person(draft, person)
    reader = Client()
    assert reader.get(person.get_absolute_url()).status_code == 404

    # when a reviewer publishes the draft, the person is public; unpublished, not again
    from readingroom.archive.actions import publish

    publish(draft, actor=Actor.system("reviewer"))
    assert reader.get(person.get_absolute_url()).status_code == 200
    unpublish(Document.objects.get(pk=draft.pk), actor=Actor.system("reviewer"))
    assert reader.get(person.get_absolute_url()).status_code == 404
