"""The back office's views: dashboard, document list, the editing screen, workflow steps,
preview and autocomplete. Thin: forms.py, workflow.py and revisions.py do the work."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from readingroom.archive import queries
from readingroom.archive.models import (
    Contributor,
    Document,
    Person,
    Place,
    Topic,
    note_changed,
)
from readingroom.archive.views import document_context

from . import records, revisions, roles, workflow
from .forms import DocumentEditor
from .models import WorkflowEvent
from .sanitize import clean_text


@roles.editor_required
def dashboard(request):
    waiting = Document.objects.filter(status=Document.Status.REVIEW).order_by("-modified")
    context = {
        "waiting": waiting[:50],
        "waiting_count": waiting.count(),
        "drafts": Document.objects.filter(status=Document.Status.DRAFT).order_by("-modified")[:20],
        "recent": Document.objects.order_by("-modified")[:20],
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


@roles.editor_required
def document_list(request):
    documents = Document.objects.only("record_id", "title", "date", "status", "modified")
    query = request.GET.get("q", "").strip()
    if query:
        match = Q(title__icontains=query)
        if query.isdigit():
            match |= Q(record_id=int(query))
        documents = documents.filter(match)
    status = request.GET.get("status", "")
    if status in Document.Status.values:
        documents = documents.filter(status=status)
    page = Paginator(documents.order_by("-modified"), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query": query,
        "status": status,
        "statuses": Document.Status.choices,
    }
    return render(request, "curation/document_list.html", context)


def may_edit(user, document: Document) -> bool:
    """Editors edit drafts and documents in review; a published one only reviewers may
    change, since every change to it is at once public."""
    if not roles.can_edit(user):
        return False
    return document.status != Document.Status.PUBLISHED or roles.can_publish(user)


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
    latest = None if creating else revisions.latest_revision(document)
    seen = latest.pk if latest else None
    conflict = None
    if request.method == "POST":
        editor = DocumentEditor(request.POST, request.FILES, instance=document)
        seen = _int_or_none(request.POST.get("seen_revision"))
        if editor.is_valid():
            try:
                saved = _save(editor, document, request.user, seen, creating)
            except revisions.EditConflict as error:
                conflict = error
                seen = error.latest.pk
            else:
                for created in editor.created:
                    messages.info(request, f"Created {created}: complete it in People/Places.")
                messages.success(request, f"Saved “{saved.title}”.")
                return redirect("curation:document-edit", record_id=saved.record_id)
    else:
        editor = DocumentEditor(instance=document)
    context = {
        "editor": editor,
        "document": document,
        "creating": creating,
        "seen_revision": seen or "",
        "conflict": conflict,
        "steps": [] if creating else workflow.available(document, request.user),
        "events": (
            []
            if creating
            else WorkflowEvent.objects.filter(record_id=document.record_id).select_related("user")[
                :10
            ]
        ),
    }
    status = 409 if conflict else 400 if request.method == "POST" else 200
    return render(request, "curation/document_form.html", context, status=status)


def _events_of(document: Document):
    return WorkflowEvent.objects.filter(record_id=document.record_id).select_related("user")


def _save(editor: DocumentEditor, document: Document, user, seen, creating: bool) -> Document:
    """Everything in one transaction: the change, its outbox row and its revision.

    The conflict check compares the record as this save would leave it with what others
    saved since ``seen``: a field they changed and this save would set otherwise raises
    EditConflict, and the transaction rolls back.
    """
    with transaction.atomic():
        if not creating:
            # The row lock makes "check, then save" atomic between two editors.
            Document.objects.select_for_update().get(pk=document.pk)
        saved = editor.save()
        # Fetched again: the snapshot must see the renditions and links just written.
        fresh = records.documents_for_records().get(pk=saved.pk)
        if not creating:
            mine = revisions.flatten(records.document_record(fresh))
            revisions.check_not_stale(fresh, seen, mine=mine)
        note_changed([saved.record_id])
        revisions.record_revision(fresh, user, summary="Created" if creating else "")
    return saved


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
        clean_text(note, "note")
        event = workflow.transition(document, action, request.user, note=note)
    except workflow.InvalidTransition as error:
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
