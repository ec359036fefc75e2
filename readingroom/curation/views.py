"""The back office's views: dashboard, document list, the editing screen, workflow steps,
preview and autocomplete. Thin: forms.py reads the screen, the domain actions
(``readingroom.archive.actions``) decide and write."""

import re

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from readingroom.archive import actions, queries
from readingroom.archive.actions import Actor
from readingroom.archive.models import (
    Contributor,
    Document,
    Person,
    Place,
    Rendition,
    Revision,
    Topic,
    WorkflowEvent,
)
from readingroom.archive.views import document_context

from . import roles
from .forms import DocumentEditor
from .models import ImportJob


@roles.editor_required
def dashboard(request):
    """What waits for me: reviews, OCR drafts to confirm, failed imports, others' changes."""
    waiting = Document.objects.filter(status=Document.Status.REVIEW).order_by("-modified")
    context = {
        "waiting": waiting[:50],
        "waiting_count": waiting.count(),
        "ocr_drafts": Rendition.objects.filter(machine_generated=True)
        .select_related("document", "language")
        .order_by("-document__modified")[:20],
        "failed_imports": ImportJob.objects.filter(status=ImportJob.Status.FAILED).order_by(
            "-created"
        )[:10],
        "others": Revision.objects.filter(content_type=ContentType.objects.get_for_model(Document))
        .exclude(user=request.user)
        .filter(object_id__in=Document.objects.values("pk"))
        .select_related("user")
        .order_by("-pk")[:20],
        "drafts": Document.objects.filter(status=Document.Status.DRAFT).order_by("-modified")[:20],
        "events": _with_documents(WorkflowEvent.objects.select_related("user")[:20]),
        "can_publish": roles.can_publish(request.user),
    }
    return render(request, "curation/dashboard.html", context)


def _with_documents(events):
    events = list(events)
    titles = dict(
        Document.objects.filter(record_id__in={e.record_id for e in events}).values_list(
            "record_id", "title"
        )
    )
    for event in events:
        event.title = titles.get(event.record_id)
    return events


def may_edit(user, document: Document) -> bool:
    """Whether the role table lets this user change this document (for its buttons)."""
    action = "edit_published_document" if document.is_published else "edit_document"
    return Actor.of(user).may(action)


@roles.editor_required
def document_create(request):
    return _edit(request, Document())


@roles.editor_required
def document_edit(request, record_id):
    document = get_object_or_404(Document, record_id=record_id)
    if not may_edit(request.user, document):
        raise PermissionDenied
    return _edit(request, document)


def _edit(request, document: Document):
    creating = document.pk is None
    latest = None if creating else actions.latest_revision(document)
    seen = latest.pk if latest else None
    actor = Actor.of(request.user)
    conflict = refused = None
    if request.method == "POST":
        editor = DocumentEditor(request.POST, request.FILES, instance=document)
        seen = _int_or_none(request.POST.get("seen_revision"))
        note = request.POST.get("note", "").strip()
        if editor.is_valid():
            try:
                saved, created = _save(editor, actor, seen, note)
            except actions.EditConflict as error:
                conflict = error
                seen = error.latest.pk
            except actions.ImportFailed as failure:
                refused = _report_failure(editor, failure)
            else:
                for name in created:
                    messages.info(request, f"Created {name}: complete it in People/Places.")
                messages.success(request, f"Saved “{saved.title}”.")
                for warning in editor.warnings():
                    messages.warning(request, warning)
                _take_step(request, saved, request.POST.get("step", ""), actor, note)
                return redirect("curation:document-edit", record_id=saved.record_id)
        # Nothing was saved: the files chosen are kept for the next try.
        editor.keep_uploads()
    else:
        editor = DocumentEditor(instance=document)
    context = {
        "editor": editor,
        "document": document,
        "creating": creating,
        "seen_revision": seen or "",
        "conflict": conflict,
        "bar": action_bar(document, actor),
        "events": [] if creating else _events_of(document)[:10],
    }
    status = 409 if conflict else 403 if refused else 400 if request.method == "POST" else 200
    return render(request, "curation/document_form.html", context, status=status)


def action_bar(document: Document, actor: Actor) -> dict:
    """What the sticky bar offers this user: the workflow steps the role table allows now."""
    return {
        "steps": actions.available(document, actor),
        "may_delete": document.pk is not None and actor.may("trash_document"),
    }


def _take_step(request, document: Document, step: str, actor: Actor, note: str) -> None:
    """The workflow step asked for with the save ("Save and publish"), if any."""
    if not step:
        return
    try:
        event = actions.transition(document, step, actor=actor, note=note)
    except (actions.InvalidTransition, actions.Refused) as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        label = Document.Status(event.to_status).label.lower()
        messages.success(request, f"“{document.title}” is now {label}.")


def _events_of(document: Document):
    return WorkflowEvent.objects.filter(record_id=document.record_id).select_related("user")


def _save(editor: DocumentEditor, actor: Actor, seen, note: str) -> tuple[Document, list[str]]:
    """Save through the domain action; the uploads stay stored, as pending, if it fails."""
    created = editor.names_to_create()
    editor.store_uploads()
    saved = actions.save_document(
        editor.record(),
        actor=actor,
        check_conflicts=True,
        seen_revision=seen,
        source="back office",
        summary=note,
    )
    return saved, created


def _report_failure(editor: DocumentEditor, failure) -> bool:
    """Put the action's errors on the screen, by field; True if the role table refused."""
    for error in failure.errors:
        field = error.field.split(".")[0].split("[")[0]
        if field in editor.form.fields:
            editor.form.add_error(field, error.message)
        else:
            where = _readable_field(error.field)
            editor.form.add_error(None, f"{where}: {error.message}" if where else error.message)
    return any(error.refused for error in failure.errors)


def _readable_field(field: str) -> str:
    """ "renditions[0].footnotes[1]" as an editor reads it: "Rendition 1, footnote 2"."""
    parts = []
    for name, index in re.findall(r"(\w+)(?:\[(\d+)\])?", field or ""):
        word = FIELD_WORDS.get(name, name.replace("_", " "))
        parts.append(f"{word} {int(index) + 1}" if index else word)
    readable = ", ".join(parts)
    return readable[:1].upper() + readable[1:]


FIELD_WORDS = {
    "renditions": "rendition",
    "footnotes": "footnote",
    "files": "file",
    "people": "person",
    "places": "place",
    "contributors": "contributor",
    "topics": "topic",
}


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_POST
@roles.editor_required
def document_transition(request, record_id, action):
    document = get_object_or_404(Document, record_id=record_id)
    note = request.POST.get("note", "").strip()
    try:
        event = actions.transition(document, action, actor=Actor.of(request.user), note=note)
    except actions.InvalidTransition as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        label = Document.Status(event.to_status).label.lower()
        messages.success(request, f"“{document.title}” is now {label}.")
    return redirect("curation:document-edit", record_id=record_id)


@roles.editor_required
def document_preview(request, record_id):
    """The public page of any document, drafts too, marked as a preview and not indexed."""
    document = get_object_or_404(
        queries.document_detail(Document.objects.all()), record_id=record_id
    )
    context = {**document_context(document), "preview": True}
    response = render(request, "curation/document_preview.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


AUTOCOMPLETE = {
    "person": (Person, ["sort_name", "display_name"], "sort_name"),
    "place": (Place, ["name"], "name"),
    "topic": (Topic, ["name"], "name"),
    "contributor": (Contributor, ["name"], "name"),
}


@roles.editor_required
def autocomplete(request, kind):
    """Up to 20 names starting with (then containing) ``q``: {"results": [{"name": …}]}."""
    if kind not in AUTOCOMPLETE:
        raise Http404(f"No autocomplete for {kind}")
    model, fields, name_field = AUTOCOMPLETE[kind]
    query = request.GET.get("q", "").strip()
    if not query:
        return JsonResponse({"results": []})
    starts = Q()
    contains = Q()
    for field in fields:
        starts |= Q(**{f"{field}__istartswith": query})
        contains |= Q(**{f"{field}__icontains": query})
    names = list(
        model.objects.filter(starts).order_by(name_field).values_list(name_field, flat=True)[:20]
    )
    if len(names) < 20:
        more = model.objects.filter(contains).exclude(starts).order_by(name_field)
        names += list(more.values_list(name_field, flat=True)[: 20 - len(names)])
    return JsonResponse({"results": [{"name": name} for name in names]})
