"""Views of the back office's background jobs: bulk import, and OCR of scans.

Thin on purpose: ``curation.imports`` and ``curation.ocr`` do the work, ``curation.tasks``
queues it. A job page refreshes itself (a meta refresh, no JavaScript) while the job
waits or runs.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_tasks import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from readingroom.archive import actions
from readingroom.archive.actions import Actor
from readingroom.archive.models import Document, Rendition

from . import imports
from .models import ImportJob
from .roles import can_administer, can_publish, editor_required
from .tasks import transcribe_scan

# How often (seconds) a page of a job that waits or runs reloads itself.
REFRESH_SECONDS = 2


class ImportForm(forms.Form):
    file = forms.FileField(
        help_text="Reading Room JSON Lines (.jsonl, .jsonl.gz) or the archive's text export "
        "(.txt, .md). Files a record names (scans, portraits) cannot come along: import "
        "those with the readingroom import command."
    )
    publish = forms.BooleanField(
        required=False, label="Publish every imported document (Reviewers only)"
    )


# Bulk import --------------------------------------------------------------------------


@editor_required
@require_http_methods(["GET", "POST"])
def import_list(request):
    """The upload form, and the latest jobs."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = imports.start(
                form.cleaned_data["file"], request.user, publish=form.cleaned_data["publish"]
            )
        except imports.UploadRefused as refusal:
            form.add_error("file", str(refusal))
        else:
            return redirect(job)
    jobs = ImportJob.objects.select_related("user")[:20]
    context = {"form": form, "jobs": jobs, "can_publish": can_publish(request.user)}
    return render(request, "curation/import_list.html", context, status=400 if form.errors else 200)


@editor_required
@require_GET
def import_detail(request, pk: int):
    """The dry-run report with Confirm, the progress of a running job, or how it ended."""
    job = get_object_or_404(ImportJob.objects.select_related("user"), pk=pk)
    done, total = imports.progress(job)
    context = {
        "job": job,
        "done": done,
        "total": total,
        "percent": round(100 * done / total) if total else 0,
        "refresh": REFRESH_SECONDS if job.is_active else None,
        "may_confirm": job.status == ImportJob.Status.CHECKED and _owns(request.user, job),
        "actions": job.counts or _count_actions(job.report),
        "unlisted": max(0, job.total - len(job.report)) if job.report else 0,
    }
    return render(request, "curation/import_detail.html", context)


@editor_required
@require_POST
def import_confirm(request, pk: int):
    job = get_object_or_404(ImportJob, pk=pk)
    if not _owns(request.user, job):
        raise PermissionDenied
    job = imports.confirm(job)
    if job.status != ImportJob.Status.QUEUED:
        messages.error(request, f"This import cannot be started: it is {job.get_status_display()}.")
    return redirect(job)


@editor_required
@require_POST
def import_cancel(request, pk: int):
    job = get_object_or_404(ImportJob, pk=pk)
    if not _owns(request.user, job):
        raise PermissionDenied
    imports.cancel(job)
    return redirect("curation:import-list")


def _owns(user, job: ImportJob) -> bool:
    """Who may start or drop a checked import: who uploaded it, or an Administrator."""
    return job.user_id == user.pk or can_administer(user)


def _count_actions(rows: list[dict]) -> dict[str, int]:
    """For jobs stored before ``counts`` was kept: from their (then whole) report."""
    counts = dict.fromkeys(("new", "updated", "invalid"), 0)
    for row in rows:
        counts[row["action"]] = counts.get(row["action"], 0) + 1
    return counts


# OCR ----------------------------------------------------------------------------------


@editor_required
@require_http_methods(["GET", "POST"])
def ocr_start(request, record_id: int):
    """GET: the document's scans, each with an OCR button. POST: queue OCR of one scan.

    The POST takes ``rendition`` (a scan's ID); without it, the document's first scan.
    """
    document = get_object_or_404(Document, record_id=record_id)
    scans = list(document.renditions.filter(kind=Rendition.Kind.SCAN).select_related("language"))
    if request.method == "POST":
        chosen = request.POST.get("rendition", "")
        scan = next((s for s in scans if str(s.pk) == chosen), None) if chosen else None
        if scan is None and not chosen and scans:
            scan = scans[0]
        if scan is None:
            messages.error(request, "This document has no such scan to read.")
            return redirect("curation:ocr-start", record_id=record_id)
        result = transcribe_scan.enqueue(scan.pk, request.user.pk)
        return redirect("curation:ocr-status", result_id=result.id)
    return render(request, "curation/ocr_start.html", {"document": document, "scans": scans})


@editor_required
@require_GET
def ocr_status(request, result_id: str):
    """How an OCR job is doing; once done, the draft transcript with a Confirm button."""
    try:
        result = transcribe_scan.get_result(result_id)
    except TaskResultDoesNotExist:
        return render(request, "curation/ocr_status.html", {"missing": True}, status=404)
    if result.task.name != transcribe_scan.name:
        return render(request, "curation/ocr_status.html", {"missing": True}, status=404)
    scan = Rendition.objects.filter(pk=result.args[0]).select_related("document").first()
    context = {"result": result, "scan": scan, "document": scan.document if scan else None}
    if result.status == TaskResultStatus.SUCCESSFUL:
        context["transcript"] = (
            Rendition.objects.filter(pk=result.return_value).select_related("language").first()
        )
    elif result.status == TaskResultStatus.FAILED:
        context["error"] = _failure(result)
    else:
        context["refresh"] = REFRESH_SECONDS
    return render(request, "curation/ocr_status.html", context)


def _failure(result) -> str:
    """The last line of the task's traceback: "OcrError: Tesseract found no text …"."""
    if not result.errors:
        return "The job failed."
    lines = result.errors[-1].traceback.strip().splitlines()
    return lines[-1] if lines else "The job failed."


@editor_required
@require_POST
def ocr_confirm(request, record_id: int, pk: int):
    """An editor confirms a machine-generated transcript: it may now appear in public."""
    transcript = get_object_or_404(
        Rendition.objects.select_related("document"),
        pk=pk,
        document__record_id=record_id,
        machine_generated=True,
    )
    try:
        actions.confirm_machine_output(transcript, actor=Actor.of(request.user))
    except actions.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"{transcript.label} is confirmed.")
    return redirect("curation:document-edit", record_id=record_id)
