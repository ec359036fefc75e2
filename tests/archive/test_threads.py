"""Threads: typed relations between documents, imported, exported, edited and read.

A telegram replies to another, two records are of the same talks: the relation is stored
on the document that says it and shown on both; a thread is every published document
connected by such relations, in date order. Drafts never appear.
"""

import json

import pytest
from django.db import IntegrityError, transaction

from readingroom.archive.actions import Actor, ImportFailed, restore_revision, set_relations
from readingroom.archive.actions.revisions import latest_revision
from readingroom.archive.interchange import serialize
from readingroom.archive.models import Document, DocumentChange, DocumentRelation
from readingroom.importers.base import import_files

Kind = DocumentRelation.Kind


def write_jsonl(path, *records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    return path


def relations_of(document) -> list[tuple[str, int, str]]:
    return list(
        DocumentRelation.objects.filter(document=document).values_list("kind", "other", "note")
    )


# --- The model ---------------------------------------------------------------------------


def test_a_document_is_not_related_to_itself(db, records):
    cable = records.document("Cable")
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentRelation.objects.create(document=cable, other=cable, kind=Kind.REPLIES_TO)


def test_a_relation_is_stored_once_per_kind(db, records):
    reply, cable = records.document("Reply"), records.document("Cable")
    DocumentRelation.objects.create(document=reply, other=cable, kind=Kind.REPLIES_TO)
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentRelation.objects.create(document=reply, other=cable, kind=Kind.REPLIES_TO)
    # another kind between the same two is another relation
    DocumentRelation.objects.create(document=reply, other=cable, kind=Kind.MENTIONS)


@pytest.mark.parametrize(
    ("kind", "label", "inverse"),
    [
        ("replies-to", "Replies to", "Replied to by"),
        ("encloses", "Encloses", "Enclosed in"),
        ("same-meeting", "Of the same meeting or talks as", "Of the same meeting or talks as"),
        ("mentions", "Mentions", "Mentioned in"),
    ],
    ids=["reply", "enclosure", "same-meeting", "mention"],
)
def test_each_kind_reads_both_ways(kind, label, inverse):
    assert DocumentRelation.label_for(kind) == label
    assert DocumentRelation.label_for(kind, inverse=True) == inverse


# --- Import and export -------------------------------------------------------------------


def test_an_import_relates_documents_by_external_id_further_down_the_file(db, tmp_path):
    # given a reply that names, by external identifier, a cable described after it
    path = write_jsonl(
        tmp_path / "thread.jsonl",
        {
            "title": "Stalin to Mao",
            "date": "1949-01-14",
            "external_id": "cables/2",
            "relations": [{"type": "replies-to", "document": "cables/1", "note": "Answers №1"}],
        },
        {"title": "Mao to Stalin", "date": "1949-01-13", "external_id": "cables/1"},
    )

    # when it is imported
    import_files([path])

    # then the reply is related to the cable, note kept exactly
    reply = Document.objects.get(external_id="cables/2")
    cable = Document.objects.get(external_id="cables/1")
    assert relations_of(reply) == [("replies-to", cable.pk, "Answers №1")]
    # and the export says so by record ID, which imports again to the same thing
    record = serialize.document_record(reply)
    assert record["relations"] == [
        {"type": "replies-to", "document": cable.pk, "note": "Answers №1"}
    ]
    assert serialize.document_record(cable)["relations"] == []


def test_importing_an_export_again_changes_nothing(db, tmp_path, records):
    reply, cable = records.document("Reply"), records.document("Cable")
    set_relations(reply, [{"type": "replies-to", "document": cable.pk}], actor=Actor.system("test"))
    exported = [serialize.document_record(d) for d in (reply, cable)]
    revisions = latest_revision(reply).pk
    changes = DocumentChange.objects.count()

    import_files([write_jsonl(tmp_path / "again.jsonl", *exported)], restoring=True)

    assert relations_of(reply) == [("replies-to", cable.pk, "")]
    assert latest_revision(reply).pk == revisions
    assert DocumentChange.objects.count() == changes


@pytest.mark.parametrize(
    ("relation", "field", "message"),
    [
        ({"type": "replies-to", "document": 999}, "relations[0].document", "record ID 999"),
        (
            {"type": "replies-to", "document": "frus/d404"},
            "relations[0].document",
            "no document has the external identifier 'frus/d404'",
        ),
        ({"type": "replies-to", "document": 7}, "relations[0].document", "to itself"),
        ({"type": "replies-to", "document": "self/7"}, "relations[0].document", "to itself"),
        ({"type": "answers", "document": 1}, "relations[0].type", "'answers' is not one of"),
        ({"type": "replies-to", "document": 1.5}, "relations[0].document", "record ID or"),
    ],
    ids=["unknown-id", "unknown-external-id", "self-by-id", "self-by-external-id", "kind", "type"],
)
def test_a_wrong_relation_is_named_and_nothing_is_written(
    db, records, tmp_path, relation, field, message
):
    records.document("Existing", record_id=1)
    line = {"record_id": 7, "title": "Telegram", "external_id": "self/7", "relations": [relation]}
    with pytest.raises(ImportFailed) as failed:
        import_files([write_jsonl(tmp_path / "bad.jsonl", line)])
    [error] = failed.value.errors
    assert error.field == field
    assert message in error.message
    assert not Document.objects.filter(record_id=7).exists()


def test_a_relation_given_twice_is_named(db, records, tmp_path):
    cable = records.document("Cable")
    twice = [{"type": "replies-to", "document": cable.pk}] * 2
    with pytest.raises(ImportFailed) as failed:
        import_files([write_jsonl(tmp_path / "bad.jsonl", {"title": "R", "relations": twice})])
    assert [e.field for e in failed.value.errors] == ["relations[1]"]


# --- The action --------------------------------------------------------------------------


def test_setting_relations_keeps_a_revision_and_tells_both_pages(db, records):
    reply, cable = records.document("Reply"), records.document("Cable")
    before = DocumentChange.objects.count()

    set_relations(
        reply,
        [{"type": "replies-to", "document": cable.pk, "note": "Reference telegram"}],
        actor=Actor.system("test"),
    )

    assert relations_of(reply) == [("replies-to", cable.pk, "Reference telegram")]
    revision = latest_revision(reply)
    assert revision.summary == "Relations edited"
    assert revision.snapshot["relations"] == [
        {"type": "replies-to", "document": cable.pk, "note": "Reference telegram"}
    ]
    changed = DocumentChange.objects.filter(pk__gt=before).values_list("record_id", flat=True)
    assert set(changed) == {reply.pk, cable.pk}


def test_restoring_a_revision_brings_back_its_relations(db, records):
    reply, cable = records.document("Reply"), records.document("Cable")
    actor = Actor.system("test")
    set_relations(reply, [{"type": "replies-to", "document": cable.pk}], actor=actor)
    with_relation = latest_revision(reply)
    set_relations(reply, [], actor=actor)
    assert relations_of(reply) == []

    restore_revision(with_relation, actor=actor)

    assert relations_of(reply) == [("replies-to", cable.pk, "")]


def test_an_editor_may_not_relate_a_published_document(db, records):
    from tests.fixtures.clients import user_with

    reply, cable = records.document("Reply"), records.document("Cable")
    editor = Actor.of(user_with("Editor"))
    with pytest.raises(ImportFailed) as refused:
        set_relations(reply, [{"type": "replies-to", "document": cable.pk}], actor=editor)
    assert refused.value.errors[0].refused
    assert relations_of(reply) == []


# --- Reading -----------------------------------------------------------------------------


@pytest.fixture
def exchange(records):
    """Mao's cable, Stalin's reply, Mao's answer to it, a draft reply, and a mention."""
    mao = records.person("Mao, Zedong")
    stalin = records.person("Stalin, Joseph")
    cable = records.document(
        "Cable, Mao Zedong to Stalin", date="1949-01-13", document_type="cable"
    )
    reply = records.document("Cable, Stalin to Mao Zedong", date="1949-01-14", summary="Wait.")
    answer = records.document("Cable, Mao Zedong to Stalin, again", date="1949-01-17")
    draft = records.draft("Draft reply nobody may see", date="1949-01-15")
    mention = records.document("Memoir mentioning the cable", date="1960-01-01")
    records.link_person(cable, mao, "author")
    records.link_person(cable, stalin, "recipient")
    records.link_person(reply, stalin, "author")
    relate = DocumentRelation.objects.create
    relate(document=reply, other=cable, kind=Kind.REPLIES_TO, note="Answers the cable of 13th")
    relate(document=answer, other=reply, kind=Kind.REPLIES_TO)
    relate(document=draft, other=cable, kind=Kind.DRAFT_OF)
    relate(document=mention, other=cable, kind=Kind.MENTIONS)
    return {"cable": cable, "reply": reply, "answer": answer, "draft": draft, "mention": mention}


def test_a_thread_is_the_published_exchange_in_date_order(db, exchange):
    from readingroom.archive.threads import thread

    # from the last cable as from the first: the same three, mention and draft left out
    titles = [d.title for d in thread(exchange["answer"].pk)]
    assert titles == [
        "Cable, Mao Zedong to Stalin",
        "Cable, Stalin to Mao Zedong",
        "Cable, Mao Zedong to Stalin, again",
    ]
    assert [d.pk for d in thread(exchange["cable"].pk)] == [
        exchange[name].pk for name in ("cable", "reply", "answer")
    ]
    assert thread(exchange["draft"].pk) == []


def test_the_thread_page_shows_each_item_and_names_the_first_as_canonical(
    db, exchange, client, settings
):
    response = client.get(f"/thread/{exchange['answer'].pk}")

    assert response.status_code == 200
    html = response.content.decode()
    first = f"{settings.SITE_URL}/thread/{exchange['cable'].pk}"
    assert f'<link rel="canonical" href="{first}">' in html
    # each item's date, type, sender, recipient and summary, in order
    assert html.index("January 13, 1949") < html.index("January 14, 1949")
    assert "Cable" in html and ">Mao Zedong</a>" in html and ">Stalin Joseph</a>" in html
    assert "Wait." in html
    assert "Draft reply" not in html and "Memoir" not in html


def test_a_drafts_thread_page_is_not_found(db, exchange, client):
    assert client.get(f"/thread/{exchange['draft'].pk}").status_code == 404
    assert client.get("/thread/999999").status_code == 404


def test_the_document_page_lists_its_thread_with_labels(db, exchange, client):
    html = client.get(exchange["cable"].get_absolute_url()).content.decode()

    assert "<dt>Thread</dt>" in html
    assert "Replied to by" in html
    assert "Mentioned in" in html
    assert "(Answers the cable of 13th)" in html
    assert f'href="/thread/{exchange["cable"].pk}">Read the whole exchange in order' in html
    assert "Draft reply" not in html and "Has draft" not in html


def test_a_document_only_mentioned_has_no_exchange_to_read(db, records, client):
    memoir, cable = records.document("Memoir"), records.document("Cable")
    DocumentRelation.objects.create(document=memoir, other=cable, kind=Kind.MENTIONS)

    html = client.get(memoir.get_absolute_url()).content.decode()

    assert "Mentions" in html
    assert "Read the whole exchange" not in html


def test_the_api_gives_relations_both_ways_and_published_only(db, exchange, client):
    data = client.get(f"/api/documents/{exchange['cable'].pk}").json()

    assert [
        (r["type"], r["direction"], r["label"], r["note"], r["document"]["record_id"])
        for r in data["relations"]
    ] == [
        (
            "replies-to",
            "incoming",
            "Replied to by",
            "Answers the cable of 13th",
            exchange["reply"].pk,
        ),
        ("mentions", "incoming", "Mentioned in", "", exchange["mention"].pk),
    ]
    reply = client.get(f"/api/documents/{exchange['reply'].pk}").json()
    assert [(r["direction"], r["label"]) for r in reply["relations"]] == [
        ("outgoing", "Replies to"),
        ("incoming", "Replied to by"),
    ]


def test_the_sample_shows_the_1957_talks_as_one_thread(sample_archive, client):
    protocol = Document.objects.get(external_id="sample/1957-09-11-protocol-1")

    html = client.get(f"/thread/{protocol.pk}").content.decode()

    assert html.count('class="document-item') == 3
    assert html.index("Protocol No. 1") < html.index("Rocket Production")
    assert html.index("Rocket Production") < html.index("Meeting of the Representatives")
    remarks = Document.objects.get(external_id="sample/1960-07-11-zhou-enlai-remarks")
    page = client.get(remarks.get_absolute_url()).content.decode()
    assert "Replies to" in page and "Report by Nie Rongzhen" in page


def test_loading_the_sample_again_changes_no_relation(sample_archive):
    from django.core.management import call_command

    before = list(DocumentRelation.objects.values_list("document", "other", "kind", "note"))
    call_command("load_sample", verbosity=0)
    after = list(DocumentRelation.objects.values_list("document", "other", "kind", "note"))
    assert len(before) == 4
    assert after == before


# --- The back office ---------------------------------------------------------------------


def test_an_editor_relates_documents_in_the_back_office(db, records, client):
    from tests.curation.conftest import form_data
    from tests.fixtures.clients import user_with

    # given a reviewer editing a published reply
    reply, cable = records.document("Reply"), records.document("Cable")
    client.force_login(user_with("Reviewer"))
    url = f"/editor/documents/{reply.pk}/"
    data = form_data(
        reply,
        **{
            "relations-0-kind": "replies-to",
            "relations-0-other": str(cable.pk),
            "relations-0-note": "Reference telegram №1",
        },
    )

    # when the screen is saved
    response = client.post(url, data)

    # then the relation is stored through the action, with a revision
    assert response.status_code == 302
    assert relations_of(reply) == [("replies-to", cable.pk, "Reference telegram №1")]
    assert latest_revision(reply).snapshot["relations"][0]["document"] == cable.pk
    # and the screen shows it again to edit
    page = client.get(url).content.decode()
    assert f'name="relations-0-other" value="{cable.pk}"' in page
    assert "Thread: relations to other documents" in page


@pytest.mark.parametrize(
    ("other", "message"),
    [("999", "no document has record ID 999"), ("self", "cannot be related to itself")],
    ids=["unknown", "self"],
)
def test_a_wrong_relation_in_the_back_office_is_named(db, records, client, other, message):
    from tests.curation.conftest import form_data
    from tests.fixtures.clients import user_with

    reply = records.document("Reply")
    client.force_login(user_with("Reviewer"))
    data = form_data(
        reply,
        **{
            "relations-0-kind": "replies-to",
            "relations-0-other": str(reply.pk) if other == "self" else other,
        },
    )

    response = client.post(f"/editor/documents/{reply.pk}/", data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert relations_of(reply) == []


def test_the_thread_has_a_json_twin(db, exchange, client, settings):
    data = client.get(f"/api/threads/{exchange['reply'].pk}").json()

    assert data["record_id"] == exchange["cable"].pk
    assert [(d["record_id"], d["senders"], d["recipients"]) for d in data["documents"]] == [
        (exchange["cable"].pk, ["Mao Zedong"], ["Stalin Joseph"]),
        (exchange["reply"].pk, ["Stalin Joseph"], []),
        (exchange["answer"].pk, [], []),
    ]
    assert data["urls"]["html"] == f"{settings.SITE_URL}/thread/{exchange['cable'].pk}"
    assert client.get(f"/api/threads/{exchange['draft'].pk}").status_code == 404


def test_a_cycle_of_relations_ends(db, records):
    from readingroom.archive.threads import thread_ids

    a, b, c = records.document("A"), records.document("B"), records.document("C")
    relate = DocumentRelation.objects.create
    relate(document=a, other=b, kind=Kind.REPLIES_TO)
    relate(document=b, other=c, kind=Kind.FORWARDS)
    relate(document=c, other=a, kind=Kind.ENCLOSES)

    assert sorted(thread_ids(b.pk)) == sorted([a.pk, b.pk, c.pk])
    assert len(thread_ids(b.pk, limit=2)) == 2


def test_a_thread_page_changes_when_a_document_of_it_is_unpublished(db, exchange, client):
    from readingroom.archive.actions import unpublish

    url = f"/thread/{exchange['cable'].pk}"
    assert "Cable, Mao Zedong to Stalin, again" in client.get(url).content.decode()

    unpublish(exchange["answer"], actor=Actor.system("test"))

    assert "Cable, Mao Zedong to Stalin, again" not in client.get(url).content.decode()


def test_a_document_restored_from_the_trash_says_again_what_it_said(db, records):
    from readingroom.archive.actions import restore_from_trash, trash_document
    from readingroom.archive.models import TrashedDocument

    reply, cable = records.document("Reply"), records.document("Cable")
    actor = Actor.system("test")
    set_relations(reply, [{"type": "replies-to", "document": cable.pk}], actor=actor)

    trash_document(reply, actor=actor)
    assert DocumentRelation.objects.count() == 0
    restore_from_trash(TrashedDocument.objects.get(record_id=reply.pk), actor=actor)

    assert relations_of(reply) == [("replies-to", cable.pk, "")]
