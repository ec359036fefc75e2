"""Machine output: an OCR transcript kept out of public view until an editor vouches for it.

``add_machine_transcript`` stores what OCR read from a scan as a new rendition with
``machine_generated`` set: public pages, the search index and every export leave it out.
``confirm_machine_output`` makes it an ordinary rendition, public with its document; for
a published document that is a public change, so it is a Reviewer's to make.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from readingroom.archive.languages import resolve_language
from readingroom.archive.models import Document, Rendition
from readingroom.archive.passages import first_numbering

from .actors import Actor, require
from .outbox import changed
from .revisions import record_revision


def add_machine_transcript(scan: Rendition, text: str, language: str, *, actor: Actor) -> Rendition:
    """A new, machine-generated transcript of ``scan``'s document (not public)."""
    require(actor, "edit_document", f"document {scan.document_id}")
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=scan.document_id)
        last = document.renditions.aggregate(last=Max("order"))["last"]
        numbering = first_numbering(text)
        transcript = Rendition.objects.create(
            document=document,
            kind=Rendition.Kind.TRANSCRIPT,
            language=resolve_language(language),
            text=text,
            paragraph_ids=numbering.ids,
            last_paragraph=numbering.last,
            order=0 if last is None else last + 1,
            machine_generated=True,
        )
        changed([document.record_id])
        record_revision(transcript, actor, summary="OCR of the scan (machine-generated draft)")
    return transcript


def confirm_machine_output(rendition: Rendition, *, actor: Actor) -> Rendition:
    """An editor vouches for a machine-generated rendition: it may now be shown."""
    document = rendition.document
    action = "edit_published_document" if document.is_published else "confirm_machine_output"
    require(actor, action, f"document {document.record_id}")
    with transaction.atomic():
        rendition = Rendition.objects.select_for_update().get(pk=rendition.pk)
        rendition.machine_generated = False
        rendition.save(update_fields=["machine_generated"])
        changed([document.record_id])
        record_revision(rendition, actor, summary="Confirmed the OCR transcript")
        record_revision(document, actor, summary=f"Confirmed the OCR transcript {rendition.label}")
    return rendition
