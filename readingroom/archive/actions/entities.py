"""People, places, topics, collections, repositories and funders: saving, deleting, merging.

Each is a record with a history like a document's: a save checks the actor's role (a
record the public can see is a Reviewer's to change), refuses hostile markup, keeps a
revision, and notes the documents that show it in the outbox, so that search and pages
show the new name within seconds. Merging folds duplicates (three "Khrushchev" people
made by separate imports) into one: links, other names and empty fields move over, the
old URL redirects to the survivor (``EntityMerge``), and the merge can be undone.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from readingroom.archive.interchange import serialize
from readingroom.archive.models import (
    Collection,
    CollectionItem,
    Document,
    EntityMerge,
    Person,
    PersonDocumentRelation,
    Place,
    PlaceDocumentRelation,
    Topic,
)
from readingroom.archive.sanitize import clean_text, clean_url

from . import counts
from .actors import Actor, require
from .outbox import changed, documents_naming
from .revisions import KINDS, check_not_stale, kind_of, latest_revision, record_revision

# Fields only some roles may set, and the action each needs.
GUARDED = {"published": "publish_entity", "featured": "feature", "feature_order": "feature"}
# Per mergeable model: its link model, the link's field naming the record, and the fields
# that make a link unique besides the document.
MERGE_LINKS = {
    Person: (PersonDocumentRelation, "person", ["role", "certainty", "certainty_note", "notes"]),
    Place: (PlaceDocumentRelation, "place", ["role", "uncertain", "notes"]),
    Topic: (Document.topics.through, "topic", []),
    Collection: (CollectionItem, "collection", ["order"]),
}
# Fields a merge fills on the survivor when it has none and the merged record has.
FILLED = {
    Person: ["display_name", "birth", "death", "biography", "portrait", "portrait_alt"],
    Place: ["region", "latitude", "longitude", "description", "image", "image_alt"],
    Topic: ["span", "description", "image", "image_alt"],
    Collection: ["description", "image", "image_alt"],
}


def _is_public(obj: Model) -> bool:
    return bool(getattr(obj, "is_public", False))


def save_entity(
    obj: Model,
    values: dict,
    *,
    actor: Actor,
    check_conflicts: bool = False,
    seen_revision: int | None = None,
    summary: str = "",
) -> Model:
    """Create (``obj`` unsaved) or change a record: ``values`` by field name.

    Raises ``Refused``, ``ValidationError`` (naming the field) or ``EditConflict``.
    """
    creating = obj.pk is None
    what = f"{kind_of(obj) or type(obj).__name__.lower()} {obj}" if not creating else ""
    if creating:
        require(actor, "create_entity")
    else:
        require(actor, "edit_public_entity" if _is_public(obj) else "edit_entity", what)
    for field, action in GUARDED.items():
        if field in values and values[field] != getattr(obj, field, values[field]):
            require(actor, action, what)
    _check_texts(values)
    with transaction.atomic():
        if not creating:
            type(obj)._default_manager.select_for_update().filter(pk=obj.pk).exists()
        for field, value in values.items():
            setattr(obj, field, value)
        obj.full_clean(exclude=["slug"])
        obj.save()
        if not creating and check_conflicts:
            check_not_stale(obj, seen_revision, mine=_snapshot_keys(values))
        record_revision(obj, actor, summary=summary or ("Created" if creating else ""))
        changed(documents_naming({type(obj): {obj.pk}}))
        counts.recount({type(obj): {obj.pk}})  # its own pages show the change at once
    return obj


def restore_entity_revision(revision, *, actor: Actor) -> Model:
    """Make a person, place, topic … as it was in ``revision`` (not its slug, featuring or
    publication, which stay as they are); an image comes back if still in storage."""
    model = revision.content_type.model_class()
    obj = model._default_manager.get(pk=revision.object_id)
    snapshot = revision.snapshot
    values = {name: snapshot.get(name) or "" for name in serialize.ENTITY_FIELDS[model][1]}
    for name in serialize.DATE_FIELDS.get(model, []):
        values[name] = snapshot.get(name)
    if model is Place:
        values["latitude"], values["longitude"] = (
            snapshot.get("latitude"),
            snapshot.get("longitude"),
        )
    if image := serialize.IMAGE_FIELDS.get(model):
        stored = (snapshot.get(image) or "").removeprefix(serialize.FILES_PREFIX)
        if not stored or default_storage.exists(stored):
            values[image] = stored
    when = f"{revision.created:%Y-%m-%d %H:%M}"
    with transaction.atomic():
        obj = save_entity(
            obj, values, actor=actor, summary=f"Restored revision {revision.pk} of {when}"
        )
        if model is Collection and "documents" in snapshot:
            _restore_items(obj, snapshot["documents"])
    return obj


def _restore_items(collection: Collection, wanted: list[int]) -> None:
    """A collection's documents, in their order, as a revision had them (those still here)."""
    ids = set(Document.objects.filter(record_id__in=wanted).values_list("pk", flat=True))
    before = set(collection.items.values_list("document_id", flat=True))
    collection.items.all().delete()
    CollectionItem.objects.bulk_create(
        CollectionItem(collection=collection, document_id=rid, order=order)
        for order, rid in enumerate(r for r in wanted if r in ids)
    )
    changed(sorted(ids | before))
    counts.recount({Collection: {collection.pk}})


def _snapshot_keys(values: dict) -> dict:
    return {key: value for key, value in values.items() if key not in ("portrait", "image")}


def _check_texts(values: dict) -> None:
    """Every text refused if it carries markup; a URL must be a web or mail address."""
    errors = {}
    for field, value in values.items():
        if field == "url" and value:
            try:
                clean_url(value, field)
            except ValidationError as error:
                errors[field] = error.messages
        elif isinstance(value, str):
            try:
                clean_text(value, field.replace("_", " "))
            except ValidationError as error:
                errors[field] = error.messages
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, str):
                    try:
                        clean_text(item, field.replace("_", " "))
                    except ValidationError as error:
                        errors[field] = error.messages
    if errors:
        raise ValidationError(errors)


def delete_entity(obj: Model, *, actor: Actor) -> None:
    """Delete a record; its links go, the documents stay. Its history is kept."""
    require(actor, "delete_entity", f"{kind_of(obj)} {obj}")
    with transaction.atomic():
        shown = documents_naming({type(obj): {obj.pk}})
        record_revision(obj, actor, summary="Deleted")
        obj.delete()
        changed(shown)


# Merging --------------------------------------------------------------------------------


def merge_entities(survivor: Model, merged: list[Model], *, actor: Actor) -> list[EntityMerge]:
    """Fold ``merged`` (duplicates of ``survivor``, of the same model) into ``survivor``."""
    model = type(survivor)
    if model not in MERGE_LINKS:
        raise ValueError(f"{model._meta.verbose_name_plural} cannot be merged")
    require(actor, "merge_entities", f"{kind_of(survivor)} {survivor}")
    merged = [obj for obj in merged if obj.pk != survivor.pk]
    if any(type(obj) is not model for obj in merged):
        raise ValueError("only records of the same kind can be merged")
    done = []
    with transaction.atomic():
        for obj in merged:
            done.append(_merge_one(survivor, obj, actor))
        record_revision(
            survivor, actor, summary=f"Merged {', '.join(str(obj) for obj in merged)} into this"
        )
    return done


def merge_preview(survivor: Model, obj: Model) -> dict:
    """What merging ``obj`` into ``survivor`` would move, for a confirmation; writes nothing.

    ``documents``: the documents naming ``obj`` (any status), ``names``: the names that
    would become the survivor's other names, ``filled``: the survivor's empty fields ``obj``
    would fill.
    """
    link, field, _ = MERGE_LINKS[type(survivor)]
    ids = link.objects.filter(**{field: obj}).values("document_id")
    own = {name.casefold() for name in _names(survivor)}
    names = []
    for name in _names(obj) if hasattr(survivor, "other_names") else []:
        if name and name.casefold() not in own:
            own.add(name.casefold())
            names.append(name)
    filled = [
        name
        for name in FILLED.get(type(survivor), [])
        if not getattr(survivor, name) and getattr(obj, name)
    ]
    return {
        "documents": Document.objects.filter(pk__in=ids).order_by("record_id"),
        "names": names,
        "takes_names": hasattr(survivor, "other_names"),
        "filled": filled,
    }


def _merge_one(survivor: Model, obj: Model, actor: Actor) -> EntityMerge:
    model = type(survivor)
    shown = documents_naming({model: {obj.pk, survivor.pk}})
    before = serialize.entity_record(survivor)
    added_names, filled = _take_over(survivor, obj)
    record = serialize.entity_record(obj)
    record["pk"] = obj.pk
    rows = _move_links(model, obj, survivor)
    merge = EntityMerge.objects.create(
        kind=kind_of(model),
        old_pk=obj.pk,
        old_slug=obj.slug,
        survivor_pk=survivor.pk,
        snapshot={
            "label": str(obj),
            "record": record,
            "added_names": added_names,
            "filled": filled,
            "survivor_before": before,
        },
        links=rows,
        user=actor.db_user,
        actor="" if actor.db_user else actor.name[:200],
    )
    record_revision(obj, actor, summary=f"Merged into {survivor}")
    obj.delete()
    # Names the merged record gave in URLs and redirects stay free for it to come back.
    survivor.save()
    changed(shown)
    counts.recount({model: {survivor.pk}})
    return merge


def _take_over(survivor: Model, obj: Model) -> tuple[list[str], list[str]]:
    """The merged record's names become the survivor's other names; empty fields fill."""
    added = []
    if hasattr(survivor, "other_names"):
        own = {name.casefold() for name in _names(survivor)}
        for name in [*_names(obj)]:
            if name and name.casefold() not in own:
                survivor.other_names = [*survivor.other_names, name]
                own.add(name.casefold())
                added.append(name)
    filled = []
    for name in FILLED.get(type(survivor), []):
        mine, theirs = getattr(survivor, name), getattr(obj, name)
        if not mine and theirs:
            setattr(survivor, name, theirs)
            filled.append(name)
    return added, filled


def _names(obj: Model) -> list[str]:
    if isinstance(obj, Person):
        return [obj.sort_name, obj.display_name, *obj.other_names]
    return [getattr(obj, "name", str(obj)), *getattr(obj, "other_names", [])]


def _move_links(model, obj: Model, survivor: Model) -> list[dict]:
    """Point the merged record's links at the survivor; a link it has already is dropped.

    Returns each link as it was, and whether it moved, for ``undo_merge``.
    """
    link, field, extra = MERGE_LINKS[model]
    unique = [name for name in ("role",) if name in extra]
    have = set(link.objects.filter(**{field: survivor}).values_list("document_id", *unique))
    rows = []
    for row in link.objects.filter(**{field: obj}).order_by("pk"):
        key = (row.document_id, *(getattr(row, name) for name in unique))
        kept = {"document_id": row.document_id, **{n: getattr(row, n) for n in extra}}
        kept["moved"] = key not in have
        if kept["moved"]:
            setattr(row, field, survivor)
            row.save()
            have.add(key)
        else:
            row.delete()
        rows.append(kept)
    return rows


def undo_merge(merge: EntityMerge, *, actor: Actor) -> Model:
    """Bring a merged record back, as it was, with its links; the survivor gives them up."""
    require(actor, "merge_entities", f"{merge.kind} {merge.old_slug}")
    model = KINDS[merge.kind]
    link, field, _ = MERGE_LINKS[model]
    with transaction.atomic():
        merge = EntityMerge.objects.select_for_update().get(pk=merge.pk)
        if merge.undone_at is not None:
            raise ValueError("this merge was undone already")
        survivor = model.objects.get(pk=merge.survivor_pk)
        restored = _recreate(model, merge.snapshot["record"])
        for row in merge.links:
            row = dict(row)
            if row.pop("moved"):
                same = {"role": row["role"]} if "role" in row else {}
                link.objects.filter(
                    **{field: survivor}, document_id=row["document_id"], **same
                ).delete()
            link.objects.create(**{field: restored}, **row)
        _give_back(survivor, merge)
        survivor.save()
        merge.undone_at = timezone.now()
        merge.save(update_fields=["undone_at"])
        record_revision(restored, actor, summary=f"Merge into {survivor} undone")
        record_revision(survivor, actor, summary=f"Merge of {restored} undone")
        changed(documents_naming({model: {restored.pk, survivor.pk}}))
        counts.recount({model: {restored.pk, survivor.pk}})
    return restored


def _recreate(model, record: dict) -> Model:
    obj = model(pk=record["pk"], slug=record["slug"])
    fields = serialize.ENTITY_FIELDS[model][1]
    for name in fields:
        setattr(obj, name, record.get(name) if record.get(name) is not None else "")
    for name in serialize.DATE_FIELDS.get(model, []):
        setattr(obj, name, record.get(name))
    if model is Place:
        obj.latitude, obj.longitude = record.get("latitude"), record.get("longitude")
    if image := serialize.IMAGE_FIELDS.get(model):
        setattr(obj, image, (record.get(image) or "").removeprefix(serialize.FILES_PREFIX))
    for name in ("featured", "feature_order", "published"):
        if name in record:
            setattr(obj, name, record[name])
    obj.save(force_insert=True)
    return obj


def _give_back(survivor: Model, merge: EntityMerge) -> None:
    """The names and fields the merge gave the survivor go back, unless since changed."""
    added = {name.casefold() for name in merge.snapshot.get("added_names", [])}
    if hasattr(survivor, "other_names"):
        survivor.other_names = [n for n in survivor.other_names if n.casefold() not in added]
    record = merge.snapshot["record"]
    for name in merge.snapshot.get("filled", []):
        value = getattr(survivor, name)
        stored = value.name if hasattr(value, "name") and hasattr(value, "url") else value
        if str(stored) == str(record.get(name, "")).removeprefix(serialize.FILES_PREFIX):
            setattr(survivor, name, None if name in _nullable(type(survivor)) else "")


def _nullable(model) -> set[str]:
    return {f.name for f in model._meta.concrete_fields if f.null}


def merged_into(kind: str, slug: str) -> Model | None:
    """The record a merged record's old slug now leads to (following later merges)."""
    model = KINDS.get(kind)
    for _ in range(10):
        merge = (
            EntityMerge.objects.filter(kind=kind, old_slug=slug, undone_at__isnull=True)
            .order_by("-merged_at")
            .first()
        )
        if merge is None or model is None:
            return None
        survivor = model.objects.filter(pk=merge.survivor_pk).first()
        if survivor is not None:
            return survivor
        slug = next(
            (m.old_slug for m in EntityMerge.objects.filter(kind=kind, old_pk=merge.survivor_pk)),
            None,
        )
        if slug is None:
            return None
    return None


__all__ = [
    "delete_entity",
    "latest_revision",
    "merge_entities",
    "merged_into",
    "save_entity",
    "undo_merge",
]
