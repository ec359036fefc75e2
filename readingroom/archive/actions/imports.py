"""Writing records to the archive: the one way in for imports, edits and restores.

``import_records`` takes records in the JSON Lines form (docs/import-formats.md), from a
file, the back office, the API or the archive's own history, and:

1. checks every one (the schema, values, markup: ``interchange.validate``) and every
   rule of the role table the actor would break (``rules``), all before writing;
2. writes them (``interchange.apply``), all or nothing, in one transaction, which also
   holds a revision of each record changed, a workflow event of each status changed,
   the outbox rows that feed search, caches and OAI-PMH, the record IDs issued, and the
   published-document counts of the people, places, topics and collections concerned.

A record that changes nothing leaves no trace: no revision, no outbox row, not even a
new modification time, so that importing the same file twice changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from django.db import transaction

from readingroom.archive.diffs import flatten
from readingroom.archive.interchange import serialize
from readingroom.archive.interchange.apply import Applier
from readingroom.archive.interchange.validate import (
    MATCH_FIELDS,
    ImportFailed,
    ImportReport,
    Record,
    RecordError,
    RecordResult,
    assign_targets,
    check_records,
    plan,
)
from readingroom.archive.models import Document, IssuedRecordId
from readingroom.archive.statistics import bulk_writing, refresh_statistics

from . import counts
from .actors import Actor
from .outbox import changed, documents_naming
from .revisions import KINDS, check_not_stale, record_revisions
from .rules import refusals
from .workflow import record_steps

# Documents read back per query when recording what an import did.
BATCH = 500
# Fewer records than this look names up one by one rather than reading whole tables.
LAZY_BELOW = 50


@dataclass
class Written:
    """What a write did: the documents changed (new or not) and those it left as they were."""

    changed: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)


def import_records(
    records: list[Record],
    *,
    actor: Actor,
    errors: Sequence[RecordError] = (),
    files: Sequence[str] = (),
    dry_run: bool = False,
    publish: bool = False,
    restoring: bool = False,
    progress: bool = False,
    progress_callback: Callable[[int, int], None] | None = None,
    match_unnumbered_by: Sequence[str] = (),
    summary: str = "",
    seen: dict[int, tuple[int | None, dict]] | None = None,
    skip_invalid: bool = False,
) -> ImportReport:
    """Check every record, plan what each does, and write them all unless one is refused.

    ``restoring``: the records are this archive's own (the trash, an export), so a
    deleted document may come back under its record ID, with its publication time.
    ``seen``: record ID → (the revision the editor started from, the values they set),
    for the back office's check that no one else's change is undone.
    ``skip_invalid``: write the records that are valid, skip the others (and the files
    that could not be read), and list them in the report (``skipped``, and results whose
    action is "skipped") instead of raising.
    Raises ``ImportFailed`` (with the report) when any record is invalid or refused.
    """
    if unknown := set(match_unnumbered_by) - MATCH_FIELDS:
        raise ValueError(f"cannot match documents by {', '.join(sorted(unknown))}")
    assign_targets(records, match_unnumbered_by)
    # In the order of the files given, then of the lines, whatever found them.
    rank = {
        name: index
        for index, name in enumerate(dict.fromkeys([*files, *(r.file for r in records)]))
    }

    def in_order(errors: list[RecordError]) -> list[RecordError]:
        return sorted(errors, key=lambda error: (rank.get(error.file, len(rank)), error.line or 0))

    def check(records: list[Record]) -> list[RecordError]:
        found = check_records(records)
        return in_order([*found, *refusals(records, actor, publish=publish, restoring=restoring)])

    errors = in_order([*errors, *check(records)])
    skipped: list[RecordResult] = []
    skipped_errors: list[RecordError] = []
    if skip_invalid and errors:
        records, errors, skipped, skipped_errors = _without_invalid(records, errors, check)
    report = plan(records, errors)
    report.dry_run, report.files, report.skipped = dry_run, len(rank), skipped_errors
    if errors:
        raise ImportFailed(errors, report)
    if skipped:
        report.results = sorted(
            [*report.results, *skipped],
            key=lambda result: (rank.get(result.file, len(rank)), result.line),
        )
    if not dry_run:
        with bulk_writing(), transaction.atomic():
            applier = Applier(
                publish=publish,
                restoring=restoring,
                lazy_names=len(records) < LAZY_BELOW,
                progress=progress,
                progress_callback=progress_callback,
            )
            write(records, applier, actor, summary=summary or _summary(files), seen=seen)
        refresh_statistics(len(records))
    return report


def _without_invalid(records, errors, check):
    """The records left once the invalid ones are skipped, checked again (one may have
    needed a record skipped) until none is invalid; what was skipped, and why.

    Errors that name no record (a file that cannot be read, a line that is no record)
    skip what they name. Errors left that name no record are returned: they refuse all.
    """
    skipped: list[RecordResult] = []
    skipped_errors: list[RecordError] = []
    first = True
    while errors:
        results = plan(records, errors).results
        invalid = {index for index, result in enumerate(results) if result.action == "invalid"}
        if not invalid and not first:
            return records, errors, skipped, skipped_errors
        skipped += [replace(results[index], action="skipped") for index in sorted(invalid)]
        skipped_errors += errors
        records = [record for index, record in enumerate(records) if index not in invalid]
        errors, first = check(records), False
    return records, [], skipped, skipped_errors


def _summary(files: Sequence[str]) -> str:
    names = [name.rsplit("/", 1)[-1] for name in files]
    return f"Imported from {', '.join(names)}" if names else ""


def write(
    records: list[Record],
    applier: Applier,
    actor: Actor,
    *,
    summary: str = "",
    seen: dict[int, tuple[int | None, dict]] | None = None,
) -> Written:
    """Apply checked records and record what changed; call inside a transaction."""
    targets = [r.target_id for r in records if r.kind == "document" and r.target_id]
    before = _fingerprints(targets)
    linked_before = counts.linked_entities(before)
    applier.apply(records)
    written = _record_documents(applier, before, actor, summary, seen or {})
    IssuedRecordId.objects.bulk_create(
        [IssuedRecordId(record_id=rid) for rid in sorted(applier.new_documents)],
        ignore_conflicts=True,
        batch_size=BATCH,
    )
    record_steps(applier.status_changes, actor, note=summary)
    changed_entities = _record_entities(applier, actor, summary)
    # One outbox row a document, whether it changed or a record it shows did (a
    # relation shows on the other document's page too).
    others = {o for pk in written.changed for o in applier.related_others.get(pk, ())}
    changed(set(written.changed) | set(documents_naming(changed_entities)) | others)
    counts.recount(
        counts.merge(linked_before, counts.linked_entities(written.changed), changed_entities)
    )
    return written


def _fingerprints(record_ids: list[int]) -> dict[int, tuple[str, object]]:
    """(a digest of its record, its modification time) of each stored document."""
    found = {}
    for start in range(0, len(record_ids), BATCH):
        chunk = record_ids[start : start + BATCH]
        for document in serialize.documents_for_records().filter(pk__in=chunk):
            found[document.pk] = (_digest(serialize.document_record(document)), document.modified)
    return found


def _digest(record: dict) -> str:
    text = json.dumps(record, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _record_documents(applier, before, actor, summary, seen) -> Written:
    """Revisions and outbox rows of the documents that changed; the rest keep their time."""
    written = Written()
    ids = sorted(applier.documents)
    for start in range(0, len(ids), BATCH):
        documents = list(
            serialize.documents_for_records().filter(pk__in=ids[start : start + BATCH])
        )
        snapshots = {d.pk: serialize.document_record(d) for d in documents}
        changed = []
        for document in documents:
            old = before.get(document.pk)
            if old is not None and old[0] == _digest(snapshots[document.pk]):
                written.unchanged.append(document.pk)
                Document.objects.filter(pk=document.pk).update(modified=old[1])
                continue
            if document.pk in seen:
                revision, mine = seen[document.pk]
                # Without the editor's own values, what this save leaves is theirs.
                mine = mine if mine is not None else flatten(snapshots[document.pk])
                check_not_stale(document, revision, mine)
            changed.append(document)
        record_revisions(changed, actor, summary=summary, snapshots=snapshots)
        written.changed += [document.pk for document in changed]
    return written


def _record_entities(applier, actor, summary) -> counts.Linked:
    """Revisions of the people, places … written; returns them by model."""
    touched: counts.Linked = {}
    for model, instances in applier.changed_entities.items():
        if model in KINDS.values():
            record_revisions(instances.values(), actor, summary=summary)
        touched[model] = set(instances)
    return touched
