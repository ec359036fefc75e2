"""Draft → in review → published → (unpublished) draft: who may, and what is kept."""

import pytest

from readingroom.archive import actions
from readingroom.archive.actions import Actor
from readingroom.archive.models import Document, DocumentChange, Revision, WorkflowEvent


def step(client, document, action, note=""):
    return client.post(
        f"/editor/documents/{document.record_id}/workflow/{action}", {"note": note}, follow=True
    )


def test_a_draft_goes_to_review_then_is_published_then_unpublished(client_as, users, records):
    draft = records.draft("Memorandum for Review")
    editor, reviewer = client_as("editor"), client_as("reviewer")

    # when the editor sends it to review
    response = step(editor, draft, "submit", note="Ready, please check the dates")
    assert "“Memorandum for Review” is now in review." in response.content.decode()
    # then it waits on the dashboard
    assert "Memorandum for Review" in reviewer.get("/editor/").content.decode()

    # when the reviewer publishes it, and later unpublishes it
    step(reviewer, draft, "publish")
    draft.refresh_from_db()
    assert draft.status == "published" and draft.published_at is not None
    assert client_as(None).get(f"/document/{draft.record_id}").status_code == 200
    step(reviewer, draft, "unpublish", note="A date is wrong")

    # then each step is kept with who and when, in the outbox and in the history
    draft.refresh_from_db()
    # (keeping when it was first published: harvesters are told it was deleted)
    assert draft.status == "draft" and draft.published_at is not None
    events = list(WorkflowEvent.objects.order_by("at", "pk"))
    assert [(e.from_status, e.to_status, e.user.username, e.note) for e in events] == [
        ("draft", "review", "editor", "Ready, please check the dates"),
        ("review", "published", "reviewer", ""),
        ("published", "draft", "reviewer", "A date is wrong"),
    ]
    assert DocumentChange.objects.filter(record_id=draft.record_id).count() == 3
    assert Revision.objects.count() == 3
    assert client_as(None).get(f"/document/{draft.record_id}").status_code == 404
    # and the dashboard shows the steps
    assert "A date is wrong" in reviewer.get("/editor/").content.decode()


def test_an_editor_cannot_publish(client_as, records):
    document = records.document("In Review", status="review")
    assert step(client_as("editor"), document, "publish").status_code == 403
    document.refresh_from_db()
    assert document.status == "review"
    assert WorkflowEvent.objects.count() == DocumentChange.objects.count() == 0


def test_a_step_that_no_longer_applies_is_refused_with_a_message(client_as, records):
    # given a document someone else already published
    document = records.document("Already Out", status="published")
    response = step(client_as("reviewer"), document, "publish")
    assert "“Already Out” is published: it cannot be moved with “Publish”." in (
        response.content.decode()
    )
    assert WorkflowEvent.objects.count() == 0


def test_an_unknown_step_is_refused(users, records):
    with pytest.raises(actions.InvalidTransition):
        administrator = Actor.of(users["administrator"])
        actions.transition(records.draft(), "burn", actor=administrator)


def test_the_buttons_offered_follow_the_role(users, records):
    draft = records.draft()
    assert [a for a, _ in actions.available(draft, Actor.of(users["editor"]))] == ["submit"]
    assert [a for a, _ in actions.available(draft, Actor.of(users["reviewer"]))] == [
        "submit",
        "publish",
    ]
    document = Document(status="published")
    assert [a for a, _ in actions.available(document, Actor.of(users["editor"]))] == []
    assert [a for a, _ in actions.available(document, Actor.of(users["reviewer"]))] == ["unpublish"]
