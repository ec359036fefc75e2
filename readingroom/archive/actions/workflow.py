"""A document's way to the public: draft → in review → published, and back to draft.

Editors send drafts to review (and may take them back); only Reviewers publish and
unpublish. Each step is a ``WorkflowEvent`` (who, when, from, to, note), a revision and
an outbox row, all in one transaction, whichever path took it (the back office's
buttons, an API ``PATCH`` of ``status``, an import's ``status`` or ``--publish``).

Unpublishing keeps the moment the document was first published: OAI-PMH then reports
it as deleted, so harvesters drop it, rather than as never having existed.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from readingroom.archive.models import Document, WorkflowEvent
from readingroom.archive.sanitize import clean_text

from . import counts
from .actors import Actor, require
from .outbox import changed
from .revisions import record_revision
from .rules import STEP_LABELS, STEPS

Status = Document.Status
# The buttons' steps: the statuses each may start from, and where it leads.
TRANSITIONS = {
    "submit": ({Status.DRAFT}, Status.REVIEW),
    "withdraw": ({Status.REVIEW}, Status.DRAFT),
    "publish": ({Status.DRAFT, Status.REVIEW}, Status.PUBLISHED),
    "unpublish": ({Status.PUBLISHED}, Status.DRAFT),
}


class InvalidTransition(Exception):
    """The document's status does not allow this step (someone else moved it)."""


def available(document: Document, actor: Actor) -> list[tuple[str, str]]:
    """(step, label) of the steps this actor may take with this document now."""
    return [
        (step, STEP_LABELS[step])
        for step, (sources, _) in TRANSITIONS.items()
        if document.status in sources and actor.may(step)
    ]


def transition(document: Document, step: str, *, actor: Actor, note: str = "") -> WorkflowEvent:
    """Move ``document`` one step, or raise ``Refused`` / ``InvalidTransition``."""
    if step not in TRANSITIONS:
        raise InvalidTransition(f"There is no workflow step “{step}”.")
    require(actor, step, f"document {document.record_id}")
    _check_note(note)
    sources, target = TRANSITIONS[step]
    with transaction.atomic():
        # Locked: two reviewers clicking at once make one transition, not two.
        document = Document.objects.select_for_update().get(pk=document.pk)
        if document.status not in sources:
            raise InvalidTransition(
                f"“{document.title}” is {document.get_status_display().lower()}: "
                f"it cannot be moved with “{STEP_LABELS[step]}”."
            )
        old = document.status
        document.status = target
        document.save()
        (event,) = record_steps([(document.record_id, old, target)], actor, note=note)
        changed([document.record_id])
        record_revision(
            document, actor, summary=f"{STEP_LABELS[step]}{': ' + note if note else ''}"
        )
        counts.recount(counts.linked_entities([document.record_id]))
    return event


def record_steps(
    changes: Iterable[tuple[int, str, str]], actor: Actor, *, note: str = ""
) -> list[WorkflowEvent]:
    """A workflow event for each (record ID, from, to) status change made by a write."""
    events = [
        WorkflowEvent(
            record_id=record_id,
            from_status=old or "new",
            to_status=new,
            user=actor.db_user,
            actor="" if actor.db_user else actor.name[:200],
            note=note,
        )
        for record_id, old, new in changes
        if (old, new) in STEPS
    ]
    return WorkflowEvent.objects.bulk_create(events, batch_size=500)


def _check_note(note: str) -> None:
    clean_text(note, "note")
