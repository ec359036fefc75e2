"""Typed relations between documents: a reply, an enclosure, a draft, the same meeting.

A relation is stored once, on the document that says it ("this telegram replies to
that one"); the other document shows it the other way round, under its inverse label
("Replied to by"). Threads (``archive/threads.py``) follow every kind but ``mentions``.
"""

from django.db import models
from django.db.models import F, Q

from .documents import Document


class DocumentRelation(models.Model):
    """``document`` <kind> ``other``: "document replies to other", with an editor's note."""

    class Kind(models.TextChoices):
        REPLIES_TO = "replies-to", "Replies to"
        FORWARDS = "forwards", "Forwards"
        ENCLOSES = "encloses", "Encloses"
        ATTACHMENT_OF = "attachment-of", "Attachment of"
        DRAFT_OF = "draft-of", "Draft of"
        SAME_MEETING = "same-meeting", "Of the same meeting or talks as"
        MENTIONS = "mentions", "Mentions"

    # Seen from the other document.
    INVERSE_LABELS = {
        Kind.REPLIES_TO: "Replied to by",
        Kind.FORWARDS: "Forwarded by",
        Kind.ENCLOSES: "Enclosed in",
        Kind.ATTACHMENT_OF: "Has attachment",
        Kind.DRAFT_OF: "Has draft",
        Kind.SAME_MEETING: "Of the same meeting or talks as",
        Kind.MENTIONS: "Mentioned in",
    }
    # The kinds that make an exchange one reads in order; a mention does not.
    THREADING = frozenset(Kind) - {Kind.MENTIONS}

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="relations_from")
    other = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="relations_to")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    note = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "other", "kind"], name="unique_document_relation"
            ),
            models.CheckConstraint(
                condition=~Q(document=F("other")), name="document_relation_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.document_id} {self.get_kind_display().lower()} {self.other_id}"

    @classmethod
    def label_for(cls, kind: str, *, inverse: bool = False) -> str:
        """ "Replies to", or seen from the other document, "Replied to by"."""
        if inverse:
            return cls.INVERSE_LABELS[cls.Kind(kind)]
        return cls.Kind(kind).label
