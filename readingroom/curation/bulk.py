"""Bulk actions of the document list, each through the domain actions, each undoable.

Add a topic or a collection to the ticked documents, send them to review, or publish
them (Reviewers). Every document is changed by its own action call (its revision, its
workflow event, its outbox row), so a document the role table refuses is reported and
the others still go. What each document was before is returned for the way back:
``undo`` brings the named documents back (a topic or collection taken off again; a
step taken back: withdrawn from review, unpublished and, if it was in review, sent
back there).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from readingroom.archive import actions
from readingroom.archive.actions import Actor
from readingroom.archive.models import Document

# action: (what the list's menu says, the record key it changes, or the workflow step)
BULK_ACTIONS = {
    "add_topic": ("Add a topic", "topics"),
    "add_collection": ("Add to a collection", "collections"),
    "submit": ("Send to review", None),
    "publish": ("Publish", None),
}
FAILURES = (actions.ImportFailed, actions.InvalidTransition, actions.Refused, ValidationError)


@dataclass
class Outcome:
    """What a bulk action did: the documents changed (with what they were) and refused."""

    action: str
    value: str = ""
    before: dict[int, object] = field(default_factory=dict)
    titles: dict[int, str] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)

    def as_session(self) -> dict:
        return {
            "action": self.action,
            "value": self.value,
            "before": {str(k): v for k, v in self.before.items()},
            "titles": {str(k): v for k, v in self.titles.items()},
        }


def offered(actor: Actor) -> list[tuple[str, str]]:
    """(action, label) of the bulk actions this actor may take."""
    needs = {"add_topic": "edit_document", "add_collection": "edit_document"}
    return [
        (action, label)
        for action, (label, _) in BULK_ACTIONS.items()
        if actor.may(needs.get(action, action))
    ]


def apply(action: str, documents: list[Document], *, actor: Actor, value: str = "") -> Outcome:
    """Take ``action`` on each document; ``value`` names the topic or collection."""
    if action not in BULK_ACTIONS:
        raise ValueError(f"There is no bulk action “{action}”.")
    key = BULK_ACTIONS[action][1]
    value = value.strip()
    if key and not value:
        raise ValueError(f"{BULK_ACTIONS[action][0]}: type the name first.")
    outcome = Outcome(action, value)
    for document in documents:
        try:
            if key:
                before = _names(document, key)
                if value.casefold() in (name.casefold() for name in before):
                    continue
                _set_names(document, key, [*before, value], actor)
            else:
                before = document.status
                actions.transition(document, action, actor=actor)
        except FAILURES as error:
            outcome.refused.append(f"#{document.record_id} “{document.title}”: {_said(error)}")
            continue
        outcome.before[document.record_id] = before
        outcome.titles[document.record_id] = document.title
    return outcome


def undo(done: dict, record_ids: list[int], *, actor: Actor) -> tuple[list[int], list[str]]:
    """Bring the documents named back to what they were before ``done`` (as_session)."""
    key = BULK_ACTIONS[done["action"]][1]
    undone, refused = [], []
    documents = Document.objects.in_bulk(record_ids)
    for record_id in record_ids:
        before = done["before"].get(str(record_id))
        document = documents.get(record_id)
        if before is None or document is None:
            continue
        try:
            if key:
                _set_names(document, key, before, actor)
            else:
                _step_back(document, done["action"], before, actor)
        except FAILURES as error:
            refused.append(f"#{record_id} “{document.title}”: {_said(error)}")
            continue
        undone.append(record_id)
    return undone, refused


def _step_back(document: Document, action: str, before: str, actor: Actor) -> None:
    back = {"submit": "withdraw", "publish": "unpublish"}[action]
    actions.transition(document, back, actor=actor, note="Undone from the document list")
    if before == Document.Status.REVIEW and action == "publish":
        document.refresh_from_db()
        actions.transition(document, "submit", actor=actor, note="Undone from the document list")


def _names(document: Document, key: str) -> list[str]:
    related = document.topics if key == "topics" else document.collections
    return list(related.order_by("name").values_list("name", flat=True))


def _set_names(document: Document, key: str, names: list[str], actor: Actor) -> None:
    actions.save_document(
        # A record names its document by record ID and title; the rest stays as it is.
        {"record_id": document.record_id, "title": document.title, key: names},
        actor=actor,
        source="back office",
        summary="From the document list",
    )


def _said(error: Exception) -> str:
    if isinstance(error, actions.ImportFailed):
        return "; ".join(e.message for e in error.errors)
    if isinstance(error, ValidationError):
        return error.messages[0]
    return str(error)
