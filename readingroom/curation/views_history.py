"""History and trash in the back office: revisions of a record, diffs, restores, the trash.

Thin views over ``revisions`` and ``trash``; every page is for signed-in staff only
(editors for history, Administrators for deleting and the trash).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from readingroom.archive import actions
from readingroom.archive.actions import Actor
from readingroom.archive.actions.revisions import KINDS, content_type_of, kind_of
from readingroom.archive.diffs import diff_snapshots
from readingroom.archive.models import Document, Revision, TrashedDocument

from . import roles


def _model(kind: str):
    try:
        return KINDS[kind]
    except KeyError:
        raise Http404(f"no history for {kind!r}") from None


def _history_of(kind: str, pk: int):
    """The record (None once deleted) and its revisions, newest first."""
    model = _model(kind)
    obj = model._default_manager.filter(pk=pk).first()
    content_type = content_type_of(model)
    found = Revision.objects.filter(content_type=content_type, object_id=pk)
    if obj is None and not found.exists():
        raise Http404("no such record")
    return obj, found.select_related("user").order_by("-pk")


@roles.editor_required
def history(request, kind, pk):
    obj, found = _history_of(kind, pk)
    context = {"kind": kind, "pk": pk, "record": obj, "revisions": found[:200]}
    return render(request, "curation/history_list.html", context)


@roles.editor_required
def history_diff(request, kind, pk):
    """Field by field between revisions ``a`` (older) and ``b`` (newer) of one record."""
    obj, found = _history_of(kind, pk)
    try:
        a = found.get(pk=int(request.GET["a"]))
        b = found.get(pk=int(request.GET["b"]))
    except (KeyError, ValueError, Revision.DoesNotExist):
        raise Http404("choose two revisions of this record") from None
    if a.pk > b.pk:
        a, b = b, a
    changes = diff_snapshots(a.snapshot, b.snapshot)
    context = {"kind": kind, "pk": pk, "record": obj, "a": a, "b": b, "changes": changes}
    return render(request, "curation/history_diff.html", context)


@require_POST
@roles.editor_required
def revision_restore(request, revision_id):
    revision = get_object_or_404(Revision, pk=revision_id)
    kind = kind_of(revision.content_type.model_class())
    if kind is None:
        raise Http404("this revision cannot be restored here")
    try:
        actions.restore_revision(revision, actor=Actor.of(request.user))
    except revision.content_type.model_class().DoesNotExist:
        messages.error(request, "This record was deleted; restore it from the trash first.")
    except actions.Refused as refused:
        messages.error(request, str(refused))
    except actions.ImportFailed as failure:
        messages.error(request, f"The revision could not be restored: {failure}")
    else:
        messages.success(request, f"Revision {revision.pk} restored as a new revision.")
    return redirect("curation:history", kind=kind, pk=revision.object_id)


@roles.administrator_required
def document_delete(request, record_id):
    """A confirmation page; the POST moves the document to the trash."""
    document = get_object_or_404(Document, record_id=record_id)
    if request.method == "POST":
        actions.trash_document(document, actor=Actor.of(request.user))
        messages.success(
            request,
            f"“{document.title}” is in the trash; it can be restored for {actions.KEEP_DAYS} days.",
        )
        return redirect("curation:trash")
    return render(request, "curation/trash_confirm.html", {"document": document})


@roles.administrator_required
def trash_list(request):
    trashed = TrashedDocument.objects.select_related("trashed_by").defer("snapshot")
    context = {"trashed": trashed[:500], "keep_days": actions.KEEP_DAYS}
    return render(request, "curation/trash_list.html", context)


@require_POST
@roles.administrator_required
def trash_restore(request, pk):
    trashed = get_object_or_404(TrashedDocument, pk=pk)
    try:
        document = actions.restore_from_trash(trashed, actor=Actor.of(request.user))
    except (ValueError, actions.ImportFailed, actions.Refused) as error:
        messages.error(request, f"Document {trashed.record_id} could not be restored: {error}")
        return redirect("curation:trash")
    messages.success(request, f"“{document.title}” is restored, as document {document.record_id}.")
    return redirect("curation:history", kind="document", pk=document.record_id)
