"""The document list: filters and sort, and bulk actions through the domain actions,
each with a way back."""

import re

import pytest

from readingroom.archive.actions import Actor, save_document
from readingroom.archive.models import Document, WorkflowEvent


def titles(response) -> list[str]:
    return re.findall(r'/editor/documents/\d+/">([^<]+)</a></td>', response.content.decode())


@pytest.fixture
def three(records):
    return [
        records.document("Alpha memo", status="draft", document_type="memorandum"),
        records.document("Beta letter", status="review", document_type="letter"),
        records.document("Gamma telegram", status="published", document_type="telegram"),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=review", ["Beta letter"]),
        ("type=telegram", ["Gamma telegram"]),
        ("q=memo", ["Alpha memo"]),
        ("sort=title", ["Alpha memo", "Beta letter", "Gamma telegram"]),
    ],
    ids=["status", "type", "search", "sort by title"],
)
def test_the_list_filters_and_sorts(client_as, three, query, expected):
    assert titles(client_as("editor").get(f"/editor/documents/?{query}")) == expected


def test_the_list_filters_by_collection_and_by_who_changed_last(client_as, users, three, records):
    collection = records.collection("Cold War Hotlines")
    collection.documents.add(three[1])
    editor = client_as("editor")
    assert titles(editor.get(f"/editor/documents/?collection={collection.pk}")) == ["Beta letter"]
    # a change by the reviewer, through the domain action, makes them the last to change it
    save_document(
        {"record_id": three[0].record_id, "title": "Alpha memo", "summary": "Checked."},
        actor=Actor.of(users["reviewer"]),
    )
    assert titles(editor.get("/editor/documents/?by=reviewer")) == ["Alpha memo"]


def bulk(client, action, documents, value=""):
    ids = [str(d.record_id) for d in documents]
    data = {"action": action, "record_ids": ids, "value": value, "back": ""}
    return client.post("/editor/documents/bulk", data, follow=True)


def test_a_reviewer_publishes_three_and_undoes_one(client_as, records):
    drafts = [records.draft(f"Draft {n}") for n in (1, 2, 3)]
    drafts[2].status = "review"
    Document.objects.filter(pk=drafts[2].pk).update(status="review")
    reviewer = client_as("reviewer")

    response = bulk(reviewer, "publish", drafts)
    assert "Publish: done for 3 document(s)." in response.content.decode()
    assert set(Document.objects.values_list("status", flat=True)) == {"published"}
    assert WorkflowEvent.objects.filter(to_status="published").count() == 3

    # the way back, for the one that was in review: it goes back to review
    response = reviewer.post(
        "/editor/documents/bulk/undo", {"record_id": drafts[2].record_id}, follow=True
    )
    assert "Undone for 1 document(s)." in response.content.decode()
    statuses = dict(Document.objects.values_list("title", "status"))
    assert statuses == {"Draft 1": "published", "Draft 2": "published", "Draft 3": "review"}
    # and the undo offers the two still published
    assert "Undo for #" + str(drafts[2].record_id) not in response.content.decode()
    assert "Undo for #" + str(drafts[0].record_id) in response.content.decode()


def test_an_editor_is_not_offered_publish_and_is_refused_it(client_as, records):
    draft = records.draft()
    editor = client_as("editor")
    html = editor.get("/editor/documents/").content.decode()
    assert '<option value="publish">' not in html
    assert '<option value="submit">' in html
    response = bulk(editor, "publish", [draft])
    assert "publish a document" in response.content.decode()
    assert Document.objects.get().status == "draft"


def test_add_a_topic_in_bulk_and_take_it_off_again(client_as, records):
    documents = [records.draft("One", summary="Kept."), records.draft("Two")]
    records.rendition(documents[0], "A text [1].", notes={"1": "A note."})
    records.topic("Berlin Crisis").documents.add(documents[1])
    editor = client_as("editor")

    response = bulk(editor, "add_topic", documents, value="Berlin Crisis")
    # the second had it already: only the first changed
    assert "done for 1 document(s)" in response.content.decode()
    assert [t.name for t in documents[0].topics.all()] == ["Berlin Crisis"]
    # and nothing else of the document changed
    documents[0].refresh_from_db()
    assert documents[0].summary == "Kept."
    assert documents[0].renditions.get().footnotes.get().text == "A note."

    editor.post("/editor/documents/bulk/undo", {"record_id": "all"})
    assert list(documents[0].topics.all()) == []
    assert [t.name for t in documents[1].topics.all()] == ["Berlin Crisis"]


def test_add_to_a_collection_in_bulk(client_as, records):
    documents = [records.draft("One"), records.draft("Two")]
    bulk(client_as("editor"), "add_collection", documents, value="Hotlines")
    assert [d.collections.get().name for d in documents] == ["Hotlines", "Hotlines"]


def test_a_bulk_action_without_a_name_or_ticks_says_so(client_as, records):
    editor = client_as("editor")
    response = bulk(editor, "add_topic", [records.draft()])
    assert "Add a topic: type the name first." in response.content.decode()
    response = bulk(editor, "submit", [])
    assert "Tick at least one document first." in response.content.decode()
