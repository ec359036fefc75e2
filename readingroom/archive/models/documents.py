"""Documents, their renditions (translation, transcript, scan), footnotes and links."""

import re

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify

from .entities import Collection, Contributor, Funder, Language, Person, Place, Repository, Topic
from .fields import HistoricalDateField
from .history import IssuedRecordId


class RecordIdCounter(models.Model):
    """The high-water mark of record IDs: an ID, once given, is never given again.

    A counter row rather than max(record_id) + 1, so that deleting the newest document
    does not let its ID come back with another meaning.
    """

    name = models.CharField(max_length=50, primary_key=True)
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.name}: {self.value}"

    @classmethod
    def next_id(cls) -> int:
        with transaction.atomic():
            counter, _ = cls.objects.select_for_update().get_or_create(name="document")
            floor = Document.objects.aggregate(top=models.Max("record_id"))["top"] or 0
            counter.value = max(counter.value, floor) + 1
            counter.save(update_fields=["value"])
            return counter.value

    @classmethod
    def next_ids(cls, count: int) -> list[int]:
        """``count`` new record IDs in one go (an import's new documents), in order."""
        if count <= 0:
            return []
        with transaction.atomic():
            counter, _ = cls.objects.select_for_update().get_or_create(name="document")
            floor = Document.objects.aggregate(top=models.Max("record_id"))["top"] or 0
            first = max(counter.value, floor) + 1
            counter.value = first + count - 1
            counter.save(update_fields=["value"])
            return list(range(first, first + count))

    @classmethod
    def observe(cls, record_id: int) -> None:
        """Remember an ID given from outside (an import), so it is never handed out."""
        counter, _ = cls.objects.get_or_create(name="document")
        if record_id > counter.value:
            cls.objects.filter(name="document", value__lt=record_id).update(value=record_id)


class NewestFirstIndex(models.Index):
    """(status, date_start DESC NULLS LAST, record_id): "newest first, undated last".

    PostgreSQL needs NULLS LAST said; SQLite refuses it in an index, and its DESC puts
    NULLs last already. Declared on the model (not as raw SQL) so that SQLite's table
    rebuilds in later migrations keep it.
    """

    def __init__(self, *, name: str):
        super().__init__(
            F("status"), F("date_start").desc(nulls_last=True), F("record_id"), name=name
        )

    def deconstruct(self):
        path, _, kwargs = super().deconstruct()
        return path, (), {"name": kwargs["name"]}

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "sqlite":
            plain = models.Index(
                F("status"), F("date_start").desc(), F("record_id"), name=self.name
            )
            return plain.create_sql(model, schema_editor, using, **kwargs)
        return super().create_sql(model, schema_editor, using, **kwargs)


class Certainty(models.TextChoices):
    """How sure the editors are of a date or of who wrote, received or is named in a document.

    The levels and their wording are the legend readers see (archive/_certainty_legend.html).
    Distinct from a date's "ca.": "ca. 1956" can be certain (the year is known to be
    approximate) or disputed (others date it to 1958).
    """

    CERTAIN = "certain", "certain"
    PROBABLE = "probable", "probable"
    INFERRED = "inferred", "inferred"
    DISPUTED = "disputed", "disputed"

    @classmethod
    def meanings(cls) -> dict[str, str]:
        return {
            cls.CERTAIN: "The document says so, or the source states it without doubt.",
            cls.PROBABLE: "Likely, but not stated: the editors judge it so from the evidence.",
            cls.INFERRED: "Worked out by the editors from other documents or context.",
            cls.DISPUTED: "Sources or scholars disagree; the note says who holds what.",
        }


class ClassificationLevel(models.TextChoices):
    """The level of a document's classification marking, whatever its wording: "Secret;
    Noforn" and "SECRET—EYES ONLY" are both secret. Blank when no marking is known."""

    TOP_SECRET = "top-secret", "Top secret"
    SECRET = "secret", "Secret"
    CONFIDENTIAL = "confidential", "Confidential"
    RESTRICTED = "restricted", "Restricted"
    UNCLASSIFIED = "unclassified", "Unclassified"

    @classmethod
    def of(cls, marking: str) -> str:
        """The level a marking names ("Top Secret; Eyes Only" is top-secret), or ""."""
        words = " ".join(re.findall(r"[a-z]+", marking.lower()))
        for level, pattern in (
            (cls.UNCLASSIFIED, r"\bunclassified\b"),
            (cls.TOP_SECRET, r"\btop secret\b"),
            (cls.SECRET, r"\bsecret\b"),
            (cls.CONFIDENTIAL, r"\bconfidential\b"),
            (cls.RESTRICTED, r"\b(limited official use|official use only|restricted)\b"),
        ):
            if re.search(pattern, words):
                return level
        return ""


class DocumentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Document.Status.PUBLISHED)


class Document(models.Model):
    """One historical document, as the archive publishes it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"

    class Type(models.TextChoices):
        LETTER = "letter", "Letter"
        MEMORANDUM = "memorandum", "Memorandum"
        TELEGRAM = "telegram", "Telegram"
        CABLE = "cable", "Cable"
        MINUTES = "minutes", "Minutes"
        REPORT = "report", "Report"
        CONVERSATION = "conversation", "Record of conversation"
        SPEECH = "speech", "Speech"
        DIARY = "diary", "Diary entry"
        DIRECTIVE = "directive", "Directive"
        RESOLUTION = "resolution", "Resolution"
        AGREEMENT = "agreement", "Agreement"
        NOTE = "note", "Note"
        EDITORIAL_NOTE = "editorial-note", "Editorial note"
        OTHER = "other", "Other"

    # IntegerField, not PositiveIntegerField: SQLite makes a plain "integer primary key" its
    # row ID, which halves the cost of every join on it. A constraint keeps it positive.
    record_id = models.IntegerField(
        "record ID",
        primary_key=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Stable forever: /document/<record ID>. Leave empty for a new one.",
    )
    title = models.CharField(max_length=1000)
    external_id = models.CharField(
        "external identifier",
        max_length=200,
        blank=True,
        help_text="The document's identifier in the source it was imported from"
        ' ("frus1955-57v03/d12"); a re-import finds the document by it.',
    )
    date = HistoricalDateField(blank=True, null=True)
    date_certainty = models.CharField(
        max_length=10,
        choices=Certainty.choices,
        default=Certainty.CERTAIN,
        help_text="How sure the editors are of the date.",
    )
    date_certainty_note = models.TextField(
        blank=True, help_text="Why: the evidence for the date, or who disputes it."
    )
    # First and last possible day of ``date``, kept by save() for sorting and filtering.
    date_start = models.DateField(null=True, blank=True, editable=False, db_index=True)
    date_end = models.DateField(null=True, blank=True, editable=False)
    document_type = models.CharField(max_length=30, choices=Type.choices, blank=True)
    summary = models.TextField(blank=True)
    source_repository = models.ForeignKey(
        Repository, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    source_reference = models.CharField(
        max_length=500, blank=True, help_text='Within the repository: "f.5, op.30, d.164".'
    )
    source_citation = models.TextField(
        blank=True,
        help_text="The archival source as printed in the citation, when it is not simply"
        ' "repository, reference".',
    )
    printed_source = models.TextField(
        "document information", blank=True, help_text="The published source of the text."
    )
    original_languages = models.ManyToManyField(Language, blank=True, related_name="+")
    funders = models.ManyToManyField(Funder, blank=True, related_name="documents")
    topics = models.ManyToManyField(Topic, blank=True, related_name="documents")
    people = models.ManyToManyField(
        Person, through="PersonDocumentRelation", blank=True, related_name="documents"
    )
    places = models.ManyToManyField(
        Place, through="PlaceDocumentRelation", blank=True, related_name="documents"
    )
    related = models.ManyToManyField("self", blank=True, symmetrical=True)
    rights = models.TextField("rights statement", blank=True)
    # Release history: how the document was classified and how it came to be public.
    classification = models.CharField(
        max_length=200,
        blank=True,
        help_text='The marking as printed: "Top Secret", "Secret; Noforn", "Confidential".',
    )
    classification_level = models.CharField(
        max_length=20,
        choices=ClassificationLevel.choices,
        blank=True,
        help_text="The marking's level, for the search facet.",
    )
    declassified = models.TextField(
        blank=True,
        help_text='When and by whose authority it was released: "Declassified 1996, NND 959000".',
    )
    redactions = models.TextField(
        blank=True,
        help_text="What is still withheld, and where later releases filled gaps.",
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    featured = models.BooleanField(default=False, help_text="Shown on the home page.")
    original_uploaded = models.DateField("original uploaded date", null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField("last modified", auto_now=True, db_index=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = [F("date_start").desc(nulls_last=True), "record_id"]
        indexes = [
            # The catalog's two orders, so that a page is read off an index, not sorted.
            NewestFirstIndex(name="doc_newest"),
            models.Index(fields=["status", "date_start", "record_id"], name="doc_oldest"),
            # Feeds: the newest published first, read off an index rather than sorted.
            models.Index(fields=["status", "-published_at", "-record_id"], name="doc_published"),
            # The home page looks for the few featured documents among millions.
            models.Index(fields=["featured"], condition=Q(featured=True), name="doc_featured"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(record_id__gte=1), name="record_id_positive"),
            models.CheckConstraint(
                condition=Q(date_certainty__in=Certainty.values), name="date_certainty_known"
            ),
            models.CheckConstraint(
                condition=Q(classification_level__in=["", *ClassificationLevel.values]),
                name="classification_level_known",
            ),
            models.UniqueConstraint(
                fields=["external_id"], condition=~Q(external_id=""), name="unique_external_id"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.sync_derived()
        if self.record_id is None:
            self.record_id = RecordIdCounter.next_id()
        adding = self._state.adding
        super().save(*args, **kwargs)
        # (a bulk writer that records the IDs it gives in one query says so beforehand)
        if adding and not getattr(self, "issued_by_caller", False):
            # Remembered for good: the ID is never given to another document.
            IssuedRecordId.objects.bulk_create(
                [IssuedRecordId(record_id=self.record_id)], ignore_conflicts=True
            )

    def get_absolute_url(self):
        return reverse("archive:document-detail", args=[self.record_id])

    def sync_derived(self) -> None:
        """Keep the columns derived from other fields in step (call before bulk_create)."""
        date = self.date
        self.date_start = date.first_day if date else None
        self.date_end = date.last_day if date else None
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def slug(self) -> str:
        return slugify(self.title)[:80].strip("-")

    @property
    def permalink(self) -> str:
        return settings.SITE_URL + self.get_absolute_url()

    @property
    def archival_source(self) -> str:
        """The source as it reads in a citation: "TsKhSD (…), f.5, op.30, d.164"."""
        if self.source_citation:
            return self.source_citation
        parts = [str(self.source_repository or ""), self.source_reference]
        return ", ".join(part for part in parts if part)

    @cached_property
    def contributors_by_role(self) -> list[tuple[str, list[Contributor]]]:
        """Who is credited with what, roles in DocumentContribution.Role's order.

        A translation's translator (``Rendition.translator``) is credited with translating
        the document, once, after those credited on the document itself.
        """
        roles: dict[str, list[Contributor]] = {}
        for contribution in self.contributions.all():
            roles.setdefault(contribution.role, []).append(contribution.contributor)
        for rendition in self.renditions.all():
            translators = roles.get(DocumentContribution.Role.TRANSLATED, [])
            if rendition.translator_id is None or rendition.machine_generated:
                continue
            if rendition.translator_id not in {contributor.pk for contributor in translators}:
                roles[DocumentContribution.Role.TRANSLATED] = [*translators, rendition.translator]
        order = [role for role, _ in DocumentContribution.Role.choices]
        return sorted(roles.items(), key=lambda item: order.index(item[0]))

    @property
    def contributions_by_role(self) -> list[tuple[str, list[str]]]:
        """[("obtained", ["Tatiana Zazerskaia"]), ("translated", ["David Wolff"])]."""
        return [(role, [c.name for c in people]) for role, people in self.contributors_by_role]

    @property
    def credit_line(self) -> str:
        """ "Obtained by Tatiana Zazerskaia and translated by David Wolff." as cited.

        Roles shared by the same people are joined: "Translated and annotated by Zhang
        Shu Guang and Chen Jian."
        """
        groups: list[tuple[list[str], list[str]]] = []
        for role, names in self.contributions_by_role:
            for group in groups:
                if group[1] == names:
                    group[0].append(role)
                    break
            else:
                groups.append(([role], names))
        phrases = [f"{join_and(roles)} by {join_and(names)}" for roles, names in groups]
        sentence = join_and(phrases)
        return sentence[:1].upper() + sentence[1:] + "." if sentence else ""

    @property
    def citation(self) -> str:
        """The archive's own citation, as on seeds 003 and 004."""
        return self.cite()

    def cite(self, locator: str = "") -> str:
        """The archive's citation; of a passage with ``locator`` ("para. 4") after the date."""
        parts = [f'"{self.title}"']
        if self.date:
            parts.append(self.date.display())
        if locator:
            parts.append(locator)
        parts.append(settings.ARCHIVE_NAME)
        if source := self.archival_source:
            parts.append(source)
        text = ", ".join(parts)
        # A source that ends in a full stop ("… Official Use Only.") ends the sentence.
        text += "" if text.endswith(".") else "."
        if credit := self.credit_line:
            text += " " + credit
        return text


def join_and(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]


class DocumentContribution(models.Model):
    """Who obtained, translated, annotated or edited a document for the archive."""

    class Role(models.TextChoices):
        OBTAINED = "obtained", "Obtained"
        TRANSCRIBED = "transcribed", "Transcribed"
        TRANSLATED = "translated", "Translated"
        ANNOTATED = "annotated", "Annotated"
        EDITED = "edited", "Edited"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="contributions")
    contributor = models.ForeignKey(
        Contributor, on_delete=models.PROTECT, related_name="contributions"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "contributor", "role"], name="unique_contribution"
            )
        ]

    def __str__(self):
        return f"{self.get_role_display()} by {self.contributor}"


class PersonDocumentRelation(models.Model):
    """A person's part in a document: its author, its recipient, or mentioned in it."""

    class Role(models.TextChoices):
        AUTHOR = "author", "Author"
        RECIPIENT = "recipient", "Recipient"
        MENTIONED = "mentioned", "Mentioned"
        PARTICIPANT = "participant", "Participant"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="document_links")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="person_links")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MENTIONED)
    certainty = models.CharField(
        max_length=10,
        choices=Certainty.choices,
        default=Certainty.CERTAIN,
        help_text="How sure the editors are that this person had this part.",
    )
    certainty_note = models.TextField(
        blank=True, help_text="Why: how the person was identified, or who disputes it."
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["role", "person__sort_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "person", "document"], name="unique_person_role"
            ),
            models.CheckConstraint(
                condition=Q(certainty__in=Certainty.values), name="person_certainty_known"
            ),
        ]
        indexes = [models.Index(fields=["person", "document"], name="person_documents")]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()}{'?' if self.uncertain else ''})"

    # The boolean this replaced (migration 0013), still read by the API and accepted by
    # imports: anything short of certain is uncertain; "uncertain" alone means probable.
    @property
    def uncertain(self) -> bool:
        return self.certainty != Certainty.CERTAIN

    @uncertain.setter
    def uncertain(self, value: bool) -> None:
        if not value:
            self.certainty = Certainty.CERTAIN
        elif self.certainty == Certainty.CERTAIN:
            self.certainty = Certainty.PROBABLE


class PlaceDocumentRelation(models.Model):
    """A place's part in a document: where it was written, sent, or what it concerns."""

    class Role(models.TextChoices):
        ORIGIN = "origin", "Written at"
        DESTINATION = "destination", "Sent to"
        MENTIONED = "mentioned", "Mentioned"

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="document_links")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="place_links")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MENTIONED)
    uncertain = models.BooleanField(default=False)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["role", "place__name"]
        constraints = [
            models.UniqueConstraint(fields=["role", "place", "document"], name="unique_place_role")
        ]
        indexes = [models.Index(fields=["place", "document"], name="place_documents")]

    def __str__(self):
        return f"{self.place} ({self.get_role_display()}{'?' if self.uncertain else ''})"


class RenditionQuerySet(models.QuerySet):
    def public(self):
        """What readers may see: not machine output an editor has yet to confirm."""
        return self.filter(machine_generated=False)


class Rendition(models.Model):
    """One form of a document's contents: a translation, a transcript or a scan.

    Text is plain text: paragraphs separated by a blank line. A footnote is referenced
    in the text as ``[label]`` ("[1]"), where label is one of the rendition's footnotes;
    other brackets ("[Stalin]") are the editors' insertions and stay as they are.
    """

    class Kind(models.TextChoices):
        TRANSLATION = "translation", "Translation"
        TRANSCRIPT = "transcript", "Transcript"
        SCAN = "scan", "Original scan"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="renditions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)
    translator = models.ForeignKey(
        Contributor, null=True, blank=True, on_delete=models.PROTECT, related_name="renditions"
    )
    order = models.PositiveSmallIntegerField(default=0)
    machine_generated = models.BooleanField(
        default=False,
        help_text="Made by OCR or machine translation and not yet confirmed by an editor.",
    )
    # The permalink numbers of the text's paragraphs, in order, and the highest number
    # ever given: set only by the writer of renditions (archive/passages.py).
    paragraph_ids = models.JSONField(default=list, blank=True, editable=False)
    last_paragraph = models.PositiveIntegerField(default=0, editable=False)

    objects = RenditionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """ "Translation - English", as on the seed pages."""
        return f"{self.get_kind_display()} - {self.language.name}"

    @property
    def anchor(self) -> str:
        return f"{self.kind}-{self.language_id}-{self.pk}"


# "[3]", "[a]", "[*]"; "[*.2]" a second note "*" of one text (a FRUS table's rows).
FOOTNOTE_REFERENCE = re.compile(r"\[((?:[0-9]{1,3}|[a-z]|[*†‡§])(?:\.[0-9]{1,3})?)\]")


class Footnote(models.Model):
    """An editor's or the source's note, referenced as [label] in its rendition's text."""

    rendition = models.ForeignKey(Rendition, on_delete=models.CASCADE, related_name="footnotes")
    label = models.CharField(max_length=10)
    text = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["rendition", "label"], name="unique_footnote_label")
        ]

    def __str__(self):
        return f"[{self.label}] {self.text[:60]}"


class RenditionFile(models.Model):
    """A file of a scan: a PDF, or one image per page."""

    rendition = models.ForeignKey(Rendition, on_delete=models.CASCADE, related_name="files")
    # Indexed: /media/ looks a requested name up to find who owns it (archive/media.py).
    file = models.FileField(upload_to="scans/%Y/", db_index=True)
    label = models.CharField(max_length=200, blank=True, help_text='"Page 1"')
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label or self.file.name

    def save(self, *args, **kwargs):
        if self.file and not self.size:
            self.size = self.file.size
        super().save(*args, **kwargs)


__all__ = [
    "Collection",
    "Document",
    "DocumentContribution",
    "Footnote",
    "PersonDocumentRelation",
    "PlaceDocumentRelation",
    "RecordIdCounter",
    "Rendition",
    "RenditionFile",
]
