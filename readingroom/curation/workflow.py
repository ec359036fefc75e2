"""A document's way to the public: draft → in review → published, and back to draft.

Editors send drafts to review (and may take them back); only reviewers publish and
unpublish. Each transition is a ``WorkflowEvent`` (who, when, from, to, note), noted in
the outbox and kept as a revision, all in one transaction.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from readingroom.archive.models import Document, note_changed

from . import roles
from .models import WorkflowEvent
from .revisions import record_revision

Status = Document.Status


@dataclass(frozen=True)
class Transition:
    label: str
    sources: frozenset
    target: str
    allowed: object  # a role check: can_edit or can_publish


TRANSITIONS = {
    "submit": Transition(
        "Send to review", frozenset({Status.DRAFT}), Status.REVIEW, roles.can_edit
    ),
    "withdraw": Transition(
        "Back to draft", frozenset({Status.REVIEW}), Status.DRAFT, roles.can_edit
    ),
    "publish": Transition(
        "Publish", frozenset({Status.DRAFT, Status.REVIEW}), Status.PUBLISHED, roles.can_publish
    ),
    "unpublish": Transition(
        "Unpublish", frozenset({Status.PUBLISHED}), Status.DRAFT, roles.can_publish
    ),
}


class InvalidTransition(Exception):
    """The document's status does not allow this step (someone else moved it)."""


def available(document: Document, user) -> list[tuple[str, Transition]]:
    """The steps this user may take with this document now, for its buttons."""
    return [
        (action, step)
        for action, step in TRANSITIONS.items()
        if document.status in step.sources and step.allowed(user)
    ]


def transition(document: Document, action: str, user, note: str = "") -> WorkflowEvent:
    """Move ``document`` one step, or raise PermissionDenied / InvalidTransition."""
    step = TRANSITIONS.get(action)
    if step is None:
        raise InvalidTransition(f"There is no workflow step “{action}”.")
    if not step.allowed(user):
        raise PermissionDenied
    with transaction.atomic():
        # Locked: two reviewers clicking at once make one transition, not two.
        document = Document.objects.select_for_update().get(pk=document.pk)
        if document.status not in step.sources:
            raise InvalidTransition(
                f"“{document.title}” is {document.get_status_display().lower()}: "
                f"it cannot be moved with “{step.label}”."
            )
        event = WorkflowEvent.objects.create(
            record_id=document.record_id,
            from_status=document.status,
            to_status=step.target,
            user=user,
            note=note,
        )
        document.status = step.target
        if step.target != Status.PUBLISHED:
            document.published_at = None
        document.save()
        note_changed([document.record_id])
        record_revision(document, user, summary=f"{step.label}{': ' + note if note else ''}")
    return event
