"""The role table applied to records: what an actor may write, record by record.

Whatever path a record comes by (a file's import, the back office, the API, a restore),
``refusals`` finds every rule of ``actors.RULES`` it would break, as errors naming the
record and field, before anything is written. The workflow's steps are here too: a
status change is a step (``STEPS``), and each step has its own rule.
"""

from __future__ import annotations

from collections.abc import Sequence

from readingroom.archive.interchange.validate import ENTITY_KEYS, Record, RecordError
from readingroom.archive.models import Document, IssuedRecordId

from .actors import Actor, Refused, require

Status = Document.Status

# (from, to) → the workflow step; "" is a document not yet stored.
STEPS = {
    ("", Status.REVIEW): "submit",
    ("", Status.PUBLISHED): "publish",
    (Status.DRAFT, Status.REVIEW): "submit",
    (Status.REVIEW, Status.DRAFT): "withdraw",
    (Status.DRAFT, Status.PUBLISHED): "publish",
    (Status.REVIEW, Status.PUBLISHED): "publish",
    (Status.PUBLISHED, Status.DRAFT): "unpublish",
    (Status.PUBLISHED, Status.REVIEW): "unpublish",
}
STEP_LABELS = {
    "submit": "Send to review",
    "withdraw": "Back to draft",
    "publish": "Publish",
    "unpublish": "Unpublish",
}


def step_between(old: str, new: str) -> str | None:
    """The workflow step from one status to another, or None when there is no change."""
    return None if old == new else STEPS.get((old, new))


def refusals(
    records: Sequence[Record], actor: Actor, *, publish: bool, restoring: bool
) -> list[RecordError]:
    """Every record's breach of the role table, as errors (empty when all is allowed)."""
    errors = []
    try:
        require(actor, "import")
    except Refused as refused:
        return [RecordError(records[0].file, None, "", str(refused), True)] if records else []
    documents = [r for r in records if r.kind == "document"]
    errors += _document_refusals(documents, actor, publish=publish, restoring=restoring)
    errors += _entity_refusals([r for r in records if r.kind != "document"], actor)
    return errors


def _refused(record: Record, field: str, actor: Actor, action: str, what: str = ""):
    try:
        require(actor, action, what)
    except Refused as refused:
        return record.error(field, str(refused), refused=True)
    return None


def _document_refusals(
    records: Sequence[Record], actor: Actor, *, publish: bool, restoring: bool
) -> list[RecordError]:
    targets = [r.target_id for r in records if r.target_id]
    stored = {
        row[0]: row[1:]
        for row in Document.objects.filter(record_id__in=targets).values_list(
            "record_id", "status", "featured"
        )
    }
    issued = set(
        IssuedRecordId.objects.filter(record_id__in=targets).values_list("record_id", flat=True)
    )
    errors = []
    for record in records:
        data, target = record.data, record.target_id
        old_status, old_featured = stored.get(target, ("", False))
        checks = []
        if target in stored:
            action = "edit_published_document" if old_status == Status.PUBLISHED else None
            checks.append(("record_id", action or "edit_document", f"document {target}"))
        else:
            checks.append(("record_id", "create_document", ""))
            if target in issued and not restoring:
                message = (
                    f"record ID {target} belonged to a document that was deleted; a record"
                    " ID is never given to another document (restore that document from"
                    " the trash or from an export instead)"
                )
                errors.append(record.error("record_id", message))
            elif target in issued:
                checks.append(("record_id", "restore_record_id", f"record ID {target}"))
        new_status = Status.PUBLISHED if publish else data.get("status", old_status or "draft")
        if step := step_between(old_status, new_status):
            checks.append(("status", step, f"{old_status or 'new'} → {new_status}"))
        if data.get("featured", old_featured) != old_featured:
            checks.append(("featured", "feature", ""))
        errors += [e for c in checks if (e := _refused(record, c[0], actor, c[1], c[2]))]
    return errors


def _entity_refusals(records: Sequence[Record], actor: Actor) -> list[RecordError]:
    errors = []
    stored: dict[str, dict[str, tuple]] = {}
    for record in records:
        if record.kind not in ENTITY_KEYS or not isinstance(record.key, str):
            continue  # not a record of a kind we know: the checks report it
        model, key_field = ENTITY_KEYS[record.kind]
        if record.kind not in stored:
            fields = [key_field, "featured", "feature_order", "published", "document_count"]
            fields = [f for f in fields if _has(model, f)]
            stored[record.kind] = {
                row[0].casefold(): dict(zip(fields, row, strict=True))
                for row in model.objects.values_list(*fields)
            }
        found = stored[record.kind].get(str(record.key).casefold())
        what = f"{record.kind} {record.key}"
        if found is None:
            action = "create_entity"
        elif found.get("published") or found.get("document_count"):
            action = "edit_public_entity"
        else:
            action = "edit_entity"
        checks = [(ENTITY_KEYS[record.kind][1], action)]
        old = found or {"published": False, "featured": False, "feature_order": 0}
        if record.data.get("published", old.get("published")) != old.get("published"):
            checks.append(("published", "publish_entity"))
        for field in ("featured", "feature_order"):
            if field in record.data and record.data[field] != old.get(field):
                checks.append((field, "feature"))
        errors += [e for c in checks if (e := _refused(record, c[0], actor, c[1], what))]
    return errors


def _has(model, field: str) -> bool:
    return any(f.name == field for f in model._meta.get_fields())
