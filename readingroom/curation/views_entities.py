"""People, places, topics, collections, repositories and funders in the back office.

The same views serve every kind (``entities.KINDS``): a list to search, an editing
screen with its history, merging duplicates (and undoing a merge), and deleting. Thin:
the domain actions decide who may and write the revision and the outbox rows.
"""

from copy import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import FileField
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from readingroom.archive import actions
from readingroom.archive.actions import Actor
from readingroom.archive.models import EntityMerge

from . import roles
from .entities import KINDS, EntityKind, entity_form, field_groups, likely_duplicates
from .views import AUTOCOMPLETE

PAGE_SIZE = 50


def _kind(kind: str) -> EntityKind:
    try:
        return KINDS[kind]
    except KeyError:
        raise Http404(f"no records of the kind {kind!r}") from None


@roles.editor_required
def entity_list(request, kind):
    entity_kind = _kind(kind)
    records = entity_kind.model.objects.order_by(entity_kind.order, "pk")
    query = request.GET.get("q", "").strip()
    if query:
        records = records.filter(entity_kind.search_filter(query))
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"entity_kind": entity_kind, "page": page, "query": query, "kinds": KINDS.values()}
    return render(request, "curation/entity_list.html", context)


@roles.editor_required
def entity_edit(request, kind, pk=None):
    entity_kind = _kind(kind)
    model = entity_kind.model
    obj = get_object_or_404(model, pk=pk) if pk is not None else model()
    actor = Actor.of(request.user)
    latest = actions.latest_revision(obj) if obj.pk else None
    seen = latest.pk if latest else None
    conflict, status = None, 200
    if request.method == "POST":
        # The form fills a copy; the action sets the record's fields, or none.
        form = entity_form(entity_kind, actor, request.POST, request.FILES, instance=copy(obj))
        seen = _int_or_none(request.POST.get("seen_revision"))
        if form.is_valid():
            values = {name: _value(form, name) for name in form.changed_data}
            try:
                saved = actions.save_entity(
                    obj, values, actor=actor, check_conflicts=True, seen_revision=seen
                )
            except actions.EditConflict as error:
                conflict, seen, status = error, error.latest.pk, 409
            except ValidationError as error:
                _add_errors(form, error)
                status = 400
            else:
                messages.success(request, f"Saved {entity_kind.label} “{saved}”.")
                return redirect("curation:entity-edit", kind=kind, pk=saved.pk)
        else:
            status = 400
    else:
        form = entity_form(entity_kind, actor, instance=obj)
    context = {
        "entity_kind": entity_kind,
        "record": obj,
        "form": form,
        "groups": field_groups(form),
        "seen_revision": seen or "",
        "conflict": conflict,
        "merges": _merges_into(entity_kind, obj),
        "may_merge": entity_kind.mergeable and obj.pk and actor.may("merge_entities"),
        "may_delete": obj.pk and actor.may("delete_entity"),
    }
    return render(request, "curation/entity_form.html", context, status=status)


def _value(form, name: str):
    """A field's new value; a cleared image (``False`` from its checkbox) is no image."""
    value = form.cleaned_data[name]
    return "" if value is False and isinstance(form.fields[name], FileField) else value


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


def _merges_into(entity_kind: EntityKind, obj):
    if not obj.pk or not entity_kind.mergeable:
        return []
    return EntityMerge.objects.filter(kind=entity_kind.kind, survivor_pk=obj.pk).select_related(
        "user"
    )


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@roles.reviewer_required
def entity_merge(request, kind, pk):
    """Choose the duplicates of a record (by search), then merge them into it."""
    entity_kind = _kind(kind)
    if not entity_kind.mergeable:
        raise Http404(f"{entity_kind.label_plural} are not merged")
    survivor = get_object_or_404(entity_kind.model, pk=pk)
    if request.method == "POST":
        chosen = [int(value) for value in request.POST.getlist("merge") if value.isdigit()]
        found = entity_kind.model.objects.filter(pk__in=chosen).exclude(pk=pk)
        duplicates = sorted(found, key=lambda record: chosen.index(record.pk))
        if not duplicates:
            messages.error(request, "Choose at least one duplicate to merge.")
        else:
            actions.merge_entities(survivor, duplicates, actor=Actor.of(request.user))
            names = ", ".join(f"“{d}”" for d in duplicates)
            messages.success(request, f"Merged {names} into “{survivor}”.")
            return redirect("curation:entity-edit", kind=kind, pk=pk)
    query = request.GET.get("q", "").strip() or _first_word(survivor)
    candidates = (
        entity_kind.model.objects.filter(entity_kind.search_filter(query))
        .exclude(pk=pk)
        .order_by(entity_kind.order, "pk")[:50]
    )
    context = {
        "entity_kind": entity_kind,
        "record": survivor,
        "query": query,
        "candidates": candidates,
    }
    return render(request, "curation/entity_merge.html", context)


@roles.reviewer_required
def entity_merge_into(request, kind, pk):
    """Merge this record into another: choose the one to keep, confirm what moves, merge."""
    entity_kind = _kind(kind)
    if not entity_kind.mergeable:
        raise Http404(f"{entity_kind.label_plural} are not merged")
    merged = get_object_or_404(entity_kind.model, pk=pk)
    keep_pk = request.POST.get("keep") or request.GET.get("keep") or ""
    keep = None
    if keep_pk.isdigit() and int(keep_pk) != pk:
        keep = entity_kind.model.objects.filter(pk=int(keep_pk)).first()
    context = {"entity_kind": entity_kind, "record": merged, "keep": keep}
    if keep is None:
        if "keep" in request.GET or "keep" in request.POST:
            messages.error(request, f"Choose the {entity_kind.label} to keep.")
        query = request.GET.get("q", "").strip()
        found = entity_kind.model.objects.filter(entity_kind.search_filter(query)) if query else []
        context |= {
            "query": query,
            "found": list(found.exclude(pk=pk).order_by(entity_kind.order, "pk")[:50])
            if query
            else [],
            "likely": likely_duplicates(entity_kind, merged),
            "autocomplete": kind if kind in AUTOCOMPLETE else "",
        }
        return render(request, "curation/entity_merge_into.html", context)
    if request.method == "POST":
        actions.merge_entities(keep, [merged], actor=Actor.of(request.user))
        messages.success(request, f"Merged “{merged}” into “{keep}”.")
        return redirect("curation:entity-edit", kind=kind, pk=keep.pk)
    context["preview"] = actions.merge_preview(keep, merged)
    return render(request, "curation/entity_merge_confirm.html", context)


def _first_word(obj) -> str:
    """What duplicates most likely share: a person's family name, a place's first word."""
    text = str(obj)
    return text.split(",")[0].split()[0] if text.strip() else ""


@require_POST
@roles.reviewer_required
def merge_undo(request, pk):
    merge = get_object_or_404(EntityMerge, pk=pk)
    try:
        restored = actions.undo_merge(merge, actor=Actor.of(request.user))
    except ValueError as error:
        messages.error(request, str(error))
        return redirect("curation:entity-edit", kind=merge.kind, pk=merge.survivor_pk)
    messages.success(request, f"“{restored}” is back, with its documents.")
    return redirect("curation:entity-edit", kind=merge.kind, pk=restored.pk)


@roles.administrator_required
def entity_delete(request, kind, pk):
    entity_kind = _kind(kind)
    obj = get_object_or_404(entity_kind.model, pk=pk)
    if request.method == "POST":
        name = str(obj)
        actions.delete_entity(obj, actor=Actor.of(request.user))
        messages.success(request, f"Deleted {entity_kind.label} “{name}”; its history is kept.")
        return redirect("curation:entity-list", kind=kind)
    context = {"entity_kind": entity_kind, "record": obj}
    return render(request, "curation/entity_delete.html", context)
