"""The back office's list of documents: search, filters, sort, and bulk actions with a
way back (``bulk.py`` takes them, through the domain actions)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import OuterRef, Q, Subquery
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from readingroom.archive.actions import Actor
from readingroom.archive.models import Collection, Document, Revision

from . import bulk, roles

# sort key: (label, ordering)
SORTS = {
    "changed": ("Last changed", ["-modified", "-record_id"]),
    "title": ("Title", ["title", "record_id"]),
    "date": ("Date of the document", ["date_start", "record_id"]),
    "record": ("Record ID", ["record_id"]),
}
SESSION_KEY = "curation-bulk-last"


def filtered(params) -> tuple[object, dict]:
    """The documents the list's filters choose, with who changed each last."""
    last = Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(Document), object_id=OuterRef("pk")
    ).order_by("-pk")
    documents = Document.objects.only(
        "record_id", "title", "date", "status", "document_type", "modified"
    ).annotate(changed_by=Subquery(last.values("user__username")[:1]))
    chosen = {name: params.get(name, "").strip() for name in ("q", "status", "type", "by")}
    chosen["collection"] = params.get("collection", "")
    if query := chosen["q"]:
        match = Q(title__icontains=query)
        if query.isdigit():
            match |= Q(record_id=int(query))
        documents = documents.filter(match)
    if chosen["status"] in Document.Status.values:
        documents = documents.filter(status=chosen["status"])
    if chosen["type"] in Document.Type.values:
        documents = documents.filter(document_type=chosen["type"])
    if chosen["collection"].isdigit():
        documents = documents.filter(collections__pk=int(chosen["collection"]))
    if chosen["by"]:
        documents = documents.filter(changed_by=chosen["by"])
    chosen["sort"] = params.get("sort") if params.get("sort") in SORTS else "changed"
    return documents.order_by(*SORTS[chosen["sort"]][1]), chosen


@roles.editor_required
def document_list(request):
    documents, chosen = filtered(request.GET)
    page = Paginator(documents, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "chosen": chosen,
        "query_string": query.urlencode(),
        "statuses": Document.Status.choices,
        "types": Document.Type.choices,
        "collections": Collection.objects.order_by("name").values_list("pk", "name"),
        "users": get_user_model()
        .objects.filter(is_active=True)
        .order_by("username")
        .values_list("username", flat=True),
        "sorts": [(key, label) for key, (label, _) in SORTS.items()],
        "bulk_actions": bulk.offered(Actor.of(request.user)),
        "last_bulk": _last_bulk(request),
    }
    return render(request, "curation/document_list.html", context)


def _last_bulk(request) -> dict | None:
    done = request.session.get(SESSION_KEY)
    if not done or not done["before"]:
        return None
    label = bulk.BULK_ACTIONS[done["action"]][0]
    return {
        "label": f"{label}{' “' + done['value'] + '”' if done['value'] else ''}",
        "documents": [(int(pk), done["titles"][pk]) for pk in done["before"]],
    }


@require_POST
@roles.editor_required
def document_bulk(request):
    """Take one bulk action on the ticked documents; the list then offers to undo it."""
    ids = [int(pk) for pk in request.POST.getlist("record_ids") if pk.isdigit()]
    action = request.POST.get("action", "")
    documents = list(Document.objects.filter(record_id__in=ids).order_by("record_id"))
    back = redirect(f"{request.path.removesuffix('bulk')}?{request.POST.get('back', '')}")
    if not documents:
        messages.error(request, "Tick at least one document first.")
        return back
    try:
        outcome = bulk.apply(
            action, documents, actor=Actor.of(request.user), value=request.POST.get("value", "")
        )
    except ValueError as error:
        messages.error(request, str(error))
        return back
    for refusal in outcome.refused:
        messages.error(request, refusal)
    if outcome.before:
        request.session[SESSION_KEY] = outcome.as_session()
        label = bulk.BULK_ACTIONS[action][0]
        messages.success(request, f"{label}: done for {len(outcome.before)} document(s).")
    else:
        messages.info(request, "Nothing changed.")
    return back


@require_POST
@roles.editor_required
def document_bulk_undo(request):
    """Undo the last bulk action for one document, or for all it changed."""
    done = request.session.get(SESSION_KEY)
    back = redirect("curation:document-list")
    if not done:
        messages.error(request, "There is nothing to undo.")
        return back
    wanted = request.POST.get("record_id", "all")
    ids = [int(pk) for pk in done["before"]] if wanted == "all" else [int(wanted)]
    undone, refused = bulk.undo(done, ids, actor=Actor.of(request.user))
    for refusal in refused:
        messages.error(request, refusal)
    for record_id in undone:
        done["before"].pop(str(record_id), None)
    request.session[SESSION_KEY] = done
    if undone:
        messages.success(request, f"Undone for {len(undone)} document(s).")
    return back
