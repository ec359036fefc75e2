"""The domain actions: the one place that changes the archive.

The back office, the admin, the API, the importers, restores and background jobs all call
these; no other code writes the archive's models (``tests/archive/test_one_way_in.py``
keeps it so). Each action checks its actor against the role table (``actors.RULES``,
docs/editing.md), and writes the change, its revision, its workflow event where a status
changes, and its outbox row, in one transaction.

    actor = Actor.of(request.user)           # or Actor.system("command line")
    publish(document, actor=actor, note="Checked against the scan")
"""

from readingroom.archive.interchange.validate import ImportFailed, ImportReport, RecordError

from .actors import RULES, Actor, Refused, Role, require
from .counts import recount_all
from .documents import (
    KEEP_DAYS,
    purge_trash,
    restore_from_trash,
    restore_revision,
    save_document,
    set_relations,
    stored_record,
    trash_document,
)
from .entities import (
    delete_entity,
    merge_entities,
    merge_preview,
    merged_into,
    save_entity,
    undo_merge,
)
from .imports import import_records
from .machine import add_machine_transcript, confirm_machine_output
from .restore import RestoreError, restore_backup
from .revisions import EditConflict, latest_revision, record_revision
from .site import delete_site_record, save_site_record
from .workflow import InvalidTransition, available, transition

__all__ = [
    "KEEP_DAYS",
    "RULES",
    "Actor",
    "EditConflict",
    "ImportFailed",
    "ImportReport",
    "InvalidTransition",
    "RestoreError",
    "RecordError",
    "Refused",
    "Role",
    "add_machine_transcript",
    "available",
    "confirm_machine_output",
    "delete_entity",
    "delete_site_record",
    "import_records",
    "latest_revision",
    "merge_entities",
    "merge_preview",
    "merged_into",
    "publish",
    "purge_trash",
    "record_revision",
    "recount_all",
    "require",
    "restore_backup",
    "restore_from_trash",
    "restore_revision",
    "save_document",
    "save_entity",
    "save_site_record",
    "set_relations",
    "stored_record",
    "submit",
    "transition",
    "trash_document",
    "undo_merge",
    "unpublish",
]


def publish(document, *, actor: Actor, note: str = ""):
    """A Reviewer makes a document public."""
    return transition(document, "publish", actor=actor, note=note)


def unpublish(document, *, actor: Actor, note: str = ""):
    """A Reviewer takes a document out of public view (harvesters see it deleted)."""
    return transition(document, "unpublish", actor=actor, note=note)


def submit(document, *, actor: Actor, note: str = ""):
    """An Editor sends a draft to review."""
    return transition(document, "submit", actor=actor, note=note)
