"""The forms of the document editing screen.

One screen edits a document with everything hanging off it: its fields, contributors,
people and places (with role, uncertainty and notes), topics, renditions with their
footnotes, and scans. ``DocumentEditor`` bundles the form and the formsets, validates
them together and saves them in one go; the view wraps that in a transaction.

People, places, topics and contributors are typed by name (an autocomplete helps, but a
name typed exactly works without JavaScript); a name that does not exist yet is
created on save, and the editor is told.
"""

import re

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils.html import escape

from readingroom.archive.models import (
    Certainty,
    Contributor,
    Document,
    DocumentContribution,
    Language,
    Person,
    PersonDocumentRelation,
    Place,
    PlaceDocumentRelation,
    Rendition,
    RenditionFile,
    Topic,
)
from readingroom.archive.models.documents import FOOTNOTE_REFERENCE
from readingroom.archive.sanitize import clean_text

from .relation_forms import relation_formset, relation_rows
from .uploads import check_scan


class SanitizedForm:
    """Refuse hostile markup in every text value of the form, naming the field.

    The raw values are checked, so markup is reported even where another check (a
    length, a date) fails too.
    """

    # Said before a field's name in messages: "footnote text: …".
    sanitize_prefix = ""

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            value = self[name].data
            if not isinstance(field, forms.CharField) or not isinstance(value, str):
                continue
            try:
                clean_text(value, self.sanitize_prefix + name.replace("_", " "))
            except ValidationError as error:
                self.add_error(name, error)
        return cleaned


class DocumentForm(SanitizedForm, forms.ModelForm):
    related_ids = forms.CharField(
        label="Related documents",
        required=False,
        help_text="Record IDs, separated by spaces or commas.",
    )

    class Meta:
        model = Document
        fields = [
            "record_id",
            "title",
            "date",
            "date_certainty",
            "date_certainty_note",
            "document_type",
            "summary",
            "source_repository",
            "source_reference",
            "source_citation",
            "printed_source",
            "original_languages",
            "funders",
            "rights",
            "classification",
            "classification_level",
            "declassified",
            "redactions",
            "original_uploaded",
        ]
        widgets = {
            "title": forms.TextInput(attrs={"class": "wide"}),
            "summary": forms.Textarea(attrs={"rows": 5}),
            "date_certainty_note": forms.TextInput(attrs={"class": "wide"}),
            "source_citation": forms.Textarea(attrs={"rows": 2}),
            "printed_source": forms.Textarea(attrs={"rows": 2}),
            "rights": forms.Textarea(attrs={"rows": 2}),
            "declassified": forms.TextInput(attrs={"class": "wide"}),
            "redactions": forms.Textarea(attrs={"rows": 2}),
            "original_uploaded": forms.DateInput(attrs={"type": "date"}),
            "original_languages": forms.CheckboxSelectMultiple,
            "funders": forms.CheckboxSelectMultiple,
        }

    # The screen's groups, in the order the content is: (legend, fields).
    GROUPS = [
        (
            "The document",
            [
                "record_id",
                "title",
                "date",
                "date_certainty",
                "date_certainty_note",
                "document_type",
                "summary",
            ],
        ),
        ("Its source", ["source_repository", "source_reference", "source_citation"]),
        ("Release", ["classification", "classification_level", "declassified", "redactions"]),
        ("Publication", ["printed_source", "rights", "original_uploaded", "related_ids"]),
        ("Languages and funders", ["original_languages", "funders"]),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Django renders help text as HTML: "/document/<record ID>" must show as typed.
            field.help_text = escape(field.help_text)
        if self.instance.pk:
            # A record ID is stable forever: shown, never changed.
            del self.fields["record_id"]
            self.initial["related_ids"] = " ".join(
                str(pk)
                for pk in self.instance.related.order_by("record_id").values_list(
                    "record_id", flat=True
                )
            )

    def groups(self) -> list[tuple[str, list]]:
        """(legend, bound fields) for each fieldset of the screen, skipping absent fields."""
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self.GROUPS
        ]

    def clean_record_id(self):
        record_id = self.cleaned_data.get("record_id")
        if record_id and Document.objects.filter(record_id=record_id).exists():
            raise ValidationError(f"record ID: {record_id} is already taken.")
        return record_id

    def clean_related_ids(self):
        text = self.cleaned_data["related_ids"]
        ids = []
        for token in re.split(r"[\s,;]+", text.strip()):
            if not token:
                continue
            if not token.isdigit():
                raise ValidationError(f"related documents: “{token}” is not a record ID.")
            ids.append(int(token))
        found = set(Document.objects.filter(record_id__in=ids).values_list("record_id", flat=True))
        if missing := [str(pk) for pk in ids if pk not in found]:
            raise ValidationError(f"related documents: no document {', '.join(missing)}.")
        if self.instance.pk in found:
            raise ValidationError("related documents: a document cannot be related to itself.")
        return sorted(set(ids))


def name_field(kind: str, label: str = "Name") -> forms.CharField:
    """A name typed in full, with suggestions from /editor/autocomplete/<kind> (editor.js)."""
    widget = forms.TextInput(
        attrs={"list": f"{kind}-names", "data-autocomplete": kind, "autocomplete": "off"}
    )
    return forms.CharField(max_length=300, required=False, label=label, widget=widget)


class ContributionForm(SanitizedForm, forms.Form):
    sanitize_prefix = "contributor "
    name = name_field("contributor", "Contributor")
    role = forms.ChoiceField(choices=DocumentContribution.Role.choices)


class LinkForm(SanitizedForm, forms.Form):
    """A person's or a place's part in the document."""

    role = forms.ChoiceField(choices=())
    uncertain = forms.BooleanField(required=False)
    notes = forms.CharField(required=False, widget=forms.TextInput)


class PersonLinkForm(LinkForm):
    sanitize_prefix = "person "
    field_order = ["name", "role", "certainty", "certainty_note", "notes"]
    name = name_field("person", "Person")
    role = forms.ChoiceField(choices=PersonDocumentRelation.Role.choices, initial="mentioned")
    uncertain = None  # replaced by a level and its reason
    certainty = forms.ChoiceField(choices=Certainty.choices, initial=Certainty.CERTAIN)
    certainty_note = forms.CharField(required=False, label="Why", widget=forms.TextInput)


class PlaceLinkForm(LinkForm):
    sanitize_prefix = "place "
    field_order = ["name", "role", "uncertain", "notes"]
    name = name_field("place", "Place")
    role = forms.ChoiceField(choices=PlaceDocumentRelation.Role.choices, initial="mentioned")


class TopicForm(SanitizedForm, forms.Form):
    sanitize_prefix = "topic "
    name = name_field("topic", "Topic")


class FootnoteForm(SanitizedForm, forms.Form):
    sanitize_prefix = "footnote "
    label = forms.CharField(max_length=10, required=False)
    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("text") and not cleaned.get("label"):
            self.add_error("label", "footnote label: a footnote needs its label ([1] → 1).")
        return cleaned


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ScanFilesField(forms.FileField):
    """Any number of files, each checked by its content."""

    widget = MultipleFileInput(
        attrs={"accept": ".pdf,.jpg,.jpeg,.png,.tif,.tiff,application/pdf,image/*"}
    )

    def has_changed(self, initial, data):
        # An empty list of files is no change: a blank rendition panel stays blank.
        return bool(data)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data] if data else []
        errors, checked = [], []
        for upload in uploads:
            try:
                checked.append((upload, check_scan(upload)))
            except ValidationError as error:
                errors.append(error)
        if errors:
            raise ValidationError(errors)
        return checked


class RenditionForm(SanitizedForm, forms.ModelForm):
    sanitize_prefix = "rendition "
    translator_name = name_field("contributor", "Translator")
    files = ScanFilesField(required=False, label="Scan files")

    class Meta:
        model = Rendition
        fields = ["kind", "language", "text", "machine_generated"]
        widgets = {"text": forms.Textarea(attrs={"rows": 14, "class": "rendition-text"})}
        labels = {"machine_generated": "Machine-generated (not yet confirmed)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].queryset = Language.objects.order_by("name")
        # Files stored by an earlier try that did not save: kept, not chosen again.
        self.pending = (
            read_pending(self.data.get(f"{self.prefix}-pending")) if self.is_bound else []
        )
        if self.instance.pk and self.instance.translator_id:
            self.initial["translator_name"] = self.instance.translator.name
        self.footnotes = FootnoteFormSet(
            self.data if self.is_bound else None,
            prefix=f"{self.prefix}-footnotes",
            initial=[
                {"label": note.label, "text": note.text}
                for note in (self.instance.footnotes.all() if self.instance.pk else [])
            ],
        )

    def clean(self):
        cleaned = super().clean()
        has_files = cleaned.get("files") or self.pending
        if has_files and cleaned.get("kind") != Rendition.Kind.SCAN:
            self.add_error("files", "scan files: files belong to a rendition of kind “scan”.")
        return cleaned

    def has_changed(self):
        return super().has_changed() or self.footnotes.has_changed() or bool(self.pending)

    @property
    def footnote_row(self) -> str:
        """How the screen names its footnotes' inputs: "Rendition 2, footnote 1: label"."""
        return f"Rendition {int(self.prefix.rsplit('-', 1)[-1]) + 1}, footnote"

    @property
    def pending_token(self) -> str:
        """The kept files, signed, for the screen to send back with the next save."""
        return signing.dumps(self.pending, salt=PENDING_SALT) if self.pending else ""


PENDING_SALT = "readingroom.curation.pending-uploads"


def read_pending(token: str | None) -> list[dict]:
    """The files a signed token names; nothing for a missing or forged one."""
    if not token:
        return []
    try:
        items = signing.loads(token, salt=PENDING_SALT)
    except signing.BadSignature:
        return []
    return [item for item in items if default_storage.exists(item["stored_as"])]


class BaseRenditionFormSet(forms.BaseInlineFormSet):
    def is_valid(self):
        valid = super().is_valid()
        return all([valid] + [form.footnotes.is_valid() for form in self.forms])


# A new document offers three renditions (a transcript, a translation, a scan) at once.
NEW_RENDITIONS, MORE_RENDITIONS = 3, 1
RenditionFormSet, NewRenditionFormSet = (
    forms.inlineformset_factory(
        Document,
        Rendition,
        form=RenditionForm,
        formset=BaseRenditionFormSet,
        extra=extra,
        can_delete=True,
    )
    for extra in (MORE_RENDITIONS, NEW_RENDITIONS)
)
ContributionFormSet = forms.formset_factory(ContributionForm, extra=2)
PersonLinkFormSet = forms.formset_factory(PersonLinkForm, extra=3)
PlaceLinkFormSet = forms.formset_factory(PlaceLinkForm, extra=2)
TopicFormSet = forms.formset_factory(TopicForm, extra=3)
FootnoteFormSet = forms.formset_factory(FootnoteForm, extra=3)


class DocumentEditor:
    """The document form and all its formsets, validated and saved together."""

    def __init__(self, data=None, files=None, *, instance: Document | None = None):
        self.instance = instance or Document()
        bound = {"data": data, "files": files} if data is not None else {}
        self.form = DocumentForm(**bound, instance=self.instance)
        existing = self.instance.pk is not None
        self.contributions = ContributionFormSet(
            data,
            prefix="contributions",
            initial=[
                {"name": c.contributor.name, "role": c.role}
                for c in (
                    self.instance.contributions.select_related("contributor") if existing else []
                )
            ],
        )
        self.people = PersonLinkFormSet(
            data, prefix="people", initial=self._links("person_links", "person", "sort_name")
        )
        self.places = PlaceLinkFormSet(
            data, prefix="places", initial=self._links("place_links", "place", "name")
        )
        self.topics = TopicFormSet(
            data,
            prefix="topics",
            initial=[{"name": t.name} for t in (self.instance.topics.all() if existing else [])],
        )
        renditions = RenditionFormSet if existing else NewRenditionFormSet
        self.renditions = renditions(**bound, instance=self.instance, prefix="renditions")
        self.relations = relation_formset(data, self.instance)

    def _links(self, relation: str, entity: str, name_field: str) -> list[dict]:
        if self.instance.pk is None:
            return []
        links = getattr(self.instance, relation).select_related(entity)
        return [
            {
                "name": getattr(getattr(link, entity), name_field),
                "role": link.role,
                **_certainty_values(link),
                "notes": link.notes,
            }
            for link in links
        ]

    @property
    def formsets(self):
        return [
            self.contributions,
            self.people,
            self.places,
            self.topics,
            self.relations,
            self.renditions,
        ]

    def is_valid(self) -> bool:
        return all([self.form.is_valid()] + [formset.is_valid() for formset in self.formsets])

    def errors(self) -> list[dict]:
        """Every error, naming where it is: {"where", "message", "anchor"} for the summary."""
        found = _form_errors(self.form, "")
        for formset, legend in zip(self.formsets, FORMSET_LEGENDS, strict=True):
            for number, form in enumerate(formset.forms, 1):
                found += _form_errors(form, f"{legend} {number}")
            found += [
                {"where": legend, "message": m, "anchor": ""} for m in formset.non_form_errors()
            ]
        for number, rendition in enumerate(self.renditions.forms, 1):
            for note, form in enumerate(rendition.footnotes.forms, 1):
                found += _form_errors(form, f"Rendition {number}, footnote {note}")
        return found

    def warnings(self) -> list[str]:
        """Footnote references without their notes (after is_valid; a note without a
        reference is an error of the domain's checks)."""
        found = []
        for number, form in enumerate(self.renditions.forms, 1):
            cleaned = getattr(form, "cleaned_data", None)
            if not cleaned or not form.has_changed() and form.instance.pk is None:
                continue
            if cleaned.get("DELETE"):
                continue
            text = cleaned.get("text") or ""
            references = dict.fromkeys(FOOTNOTE_REFERENCE.findall(text))
            labels = [row["label"] for row in _rows(form.footnotes, key="text")]
            where = f"Rendition {number}"
            found += [
                f"{where}: the text refers to [{label}], but there is no footnote {label}."
                for label in references
                if label not in labels
            ]
        return found

    def keep_uploads(self) -> None:
        """Store the files chosen in a save that failed, so that the next save has them."""
        for form in self.renditions.forms:
            stored = getattr(form, "stored_uploads", None)
            if stored is None:
                self._store(form)
                stored = form.stored_uploads
            form.pending = stored

    def record(self) -> dict:
        """What the screen says, as a record in the JSON Lines form for ``save_document``.

        Call after ``is_valid()`` and ``store_uploads()``; a new document without a
        record ID is given the next free one when it is saved.
        """
        cleaned = self.form.cleaned_data
        data: dict = {} if self.instance.pk is None else {"record_id": self.instance.pk}
        if self.instance.pk is None and cleaned.get("record_id"):
            data["record_id"] = cleaned["record_id"]
        data.update(
            {
                "title": cleaned["title"],
                "date": cleaned["date"].edtf() if cleaned.get("date") else None,
                "date_certainty": cleaned.get("date_certainty") or Certainty.CERTAIN,
                "date_certainty_note": cleaned.get("date_certainty_note", ""),
                "document_type": cleaned.get("document_type") or "",
                "summary": cleaned.get("summary", ""),
                "source": {
                    "repository": str(cleaned["source_repository"])
                    if cleaned.get("source_repository")
                    else None,
                    "reference": cleaned.get("source_reference", ""),
                    "citation": cleaned.get("source_citation", ""),
                },
                "printed_source": cleaned.get("printed_source", ""),
                "rights": cleaned.get("rights", ""),
                "classification": cleaned.get("classification", ""),
                "classification_level": cleaned.get("classification_level") or "",
                "declassified": cleaned.get("declassified", ""),
                "redactions": cleaned.get("redactions", ""),
                "original_uploaded": _iso(cleaned.get("original_uploaded")),
                "original_languages": [lang.code for lang in cleaned["original_languages"]],
                "funders": [funder.name for funder in cleaned["funders"]],
                "related": cleaned["related_ids"],
                "relations": relation_rows(self.relations),
                "contributors": [
                    {"name": row["name"].strip(), "role": row["role"]}
                    for row in _rows(self.contributions)
                ],
                "people": _link_rows(self.people),
                "places": _link_rows(self.places),
                "topics": list(dict.fromkeys(row["name"].strip() for row in _rows(self.topics))),
                "renditions": self._rendition_records(),
            }
        )
        return data

    def _rendition_records(self) -> list[dict]:
        records = []
        for form in self.renditions.forms:
            if not form.has_changed() and form.instance.pk is None:
                continue
            if self.renditions._should_delete_form(form):
                continue
            cleaned = form.cleaned_data
            record = {
                "kind": cleaned["kind"],
                "language": cleaned["language"].code,
                "text": cleaned.get("text", ""),
                "translator": (cleaned.get("translator_name") or "").strip() or None,
                "machine_generated": bool(cleaned.get("machine_generated")),
                "footnotes": _footnote_rows(form.footnotes),
                "files": [
                    *_stored_files(form.instance),
                    *(
                        {k: v for k, v in f.items() if k != "name"}
                        for f in getattr(form, "stored_uploads", form.pending)
                    ),
                ],
            }
            if form.instance.pk:
                record["id"] = form.instance.pk
            records.append(record)
        return records

    def store_uploads(self) -> list[str]:
        """Put each rendition's new scan files in storage; returns their stored names.

        Files are stored before the document is saved (a save names them); a save that
        then fails keeps them as the forms' ``pending`` files, sent back with the screen.
        """
        return [name for form in self.renditions.forms for name in self._store(form)]

    def _store(self, form) -> list[str]:
        form.stored_uploads = list(form.pending)
        if self.renditions._should_delete_form(form) or not form.is_valid():
            return []
        names = []
        count = len(_stored_files(form.instance)) + len(form.pending)
        for upload, content_type in form.cleaned_data.get("files") or []:
            count += 1
            name = default_storage.save(_upload_name(upload.name), upload)
            names.append(name)
            form.stored_uploads.append(
                {
                    "path": name,
                    "stored_as": name,
                    "label": f"Page {count}" if content_type.startswith("image/") else "",
                    "content_type": content_type,
                    "name": upload.name,
                }
            )
        return names

    def names_to_create(self) -> list[str]:
        """ "person “X”" for each name typed that no record has yet (saving creates it)."""
        wanted = [
            ("contributor", find_contributor, [r["name"] for r in _rows(self.contributions)]),
            ("person", find_person, [r["name"] for r in _rows(self.people)]),
            ("place", find_place, [r["name"] for r in _rows(self.places)]),
            ("topic", find_topic, [r["name"] for r in _rows(self.topics)]),
        ]
        return [
            f"{kind} “{name.strip()}”"
            for kind, finder, names in wanted
            for name in dict.fromkeys(names)
            if finder(name) is None
        ]


FORMSET_LEGENDS = ["Contributor", "Person", "Place", "Topic", "Relation", "Rendition"]


def _form_errors(form, where: str) -> list[dict]:
    """A form's errors, each with the field's label: "Person 2, role: Select a valid …"."""
    found = []
    for name, messages in form.errors.items():
        field = form.fields.get(name)
        label = str(field.label or name.replace("_", " ")) if field else ""
        place = ", ".join(part for part in (where, label.lower() if where else label) if part)
        anchor = form[name].id_for_label if field else ""
        for message in messages:
            said = message.split(":", 1)[0].strip().lower()
            # Messages that already begin by naming their field ("summary: …") keep it once.
            named = where == "" and said in (label.lower(), name.replace("_", " "))
            found.append({"where": "" if named else place, "message": message, "anchor": anchor})
    return found


def discard_uploads(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _upload_name(filename: str) -> str:
    return RenditionFile._meta.get_field("file").generate_filename(None, filename)


def _stored_files(rendition: Rendition) -> list[dict]:
    """A rendition's files as the record names them: by their stored names."""
    if rendition.pk is None:
        return []
    return [
        {
            "path": item.file.name,
            "stored_as": item.file.name,
            "label": item.label,
            "content_type": item.content_type,
        }
        for item in rendition.files.all()
    ]


def _certainty_values(link) -> dict:
    """A person link's certainty and reason; a place link's uncertain flag."""
    if isinstance(link, PersonDocumentRelation):
        return {"certainty": link.certainty, "certainty_note": link.certainty_note}
    return {"uncertain": link.uncertain}


def _link_rows(formset) -> list[dict]:
    keys = ("uncertain", "certainty", "certainty_note")
    return [
        {
            "name": row["name"].strip(),
            "role": row["role"],
            **{key: row[key] for key in keys if key in row},
            "notes": row["notes"],
        }
        for row in _rows(formset)
    ]


def _footnote_rows(formset) -> list[dict]:
    seen: set[str] = set()
    notes = []
    for row in _rows(formset, key="text"):
        if row["label"] not in seen:
            seen.add(row["label"])
            notes.append({"label": row["label"], "text": row["text"]})
    return notes


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _rows(formset, key: str = "name") -> list[dict]:
    """The filled-in rows of a formset, without blank or deleted ones."""
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data.get(key) and not form.cleaned_data.get("DELETE")
    ]


def _find(model, lookup: Q):
    return model.objects.filter(lookup).order_by("pk").first()


def find_person(name: str):
    name = name.strip()
    return _find(Person, Q(sort_name__iexact=name) | Q(display_name__iexact=name))


def find_place(name: str):
    return _find(Place, Q(name__iexact=name.strip()))


def find_topic(name: str):
    return _find(Topic, Q(name__iexact=name.strip()))


def find_contributor(name: str):
    return _find(Contributor, Q(name__iexact=name.strip()))
