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
from django.core.exceptions import ValidationError
from django.db.models import Q

from readingroom.archive.models import (
    Contributor,
    Document,
    DocumentContribution,
    Footnote,
    Language,
    Person,
    PersonDocumentRelation,
    Place,
    PlaceDocumentRelation,
    Rendition,
    RenditionFile,
    Topic,
)

from .sanitize import clean_text
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
            "document_type",
            "summary",
            "source_repository",
            "source_reference",
            "source_citation",
            "printed_source",
            "original_languages",
            "funders",
            "rights",
            "original_uploaded",
        ]
        widgets = {
            "title": forms.TextInput(attrs={"class": "wide"}),
            "summary": forms.Textarea(attrs={"rows": 5}),
            "source_citation": forms.Textarea(attrs={"rows": 2}),
            "printed_source": forms.Textarea(attrs={"rows": 2}),
            "rights": forms.Textarea(attrs={"rows": 2}),
            "original_uploaded": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A record ID is stable forever: shown, never changed.
            del self.fields["record_id"]
            self.initial["related_ids"] = " ".join(
                str(pk)
                for pk in self.instance.related.order_by("record_id").values_list(
                    "record_id", flat=True
                )
            )

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
    name = name_field("person", "Person")
    role = forms.ChoiceField(choices=PersonDocumentRelation.Role.choices, initial="mentioned")


class PlaceLinkForm(LinkForm):
    sanitize_prefix = "place "
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
        if cleaned.get("files") and cleaned.get("kind") != Rendition.Kind.SCAN:
            self.add_error("files", "scan files: files belong to a rendition of kind “scan”.")
        return cleaned

    def has_changed(self):
        return super().has_changed() or self.footnotes.has_changed()


class BaseRenditionFormSet(forms.BaseInlineFormSet):
    def is_valid(self):
        valid = super().is_valid()
        return all([valid] + [form.footnotes.is_valid() for form in self.forms])


RenditionFormSet = forms.inlineformset_factory(
    Document,
    Rendition,
    form=RenditionForm,
    formset=BaseRenditionFormSet,
    extra=1,
    can_delete=True,
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
        self.created: list[str] = []  # "person “X”": what saving created on the spot
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
        self.renditions = RenditionFormSet(**bound, instance=self.instance, prefix="renditions")

    def _links(self, relation: str, entity: str, name_field: str) -> list[dict]:
        if self.instance.pk is None:
            return []
        links = getattr(self.instance, relation).select_related(entity)
        return [
            {
                "name": getattr(getattr(link, entity), name_field),
                "role": link.role,
                "uncertain": link.uncertain,
                "notes": link.notes,
            }
            for link in links
        ]

    @property
    def formsets(self):
        return [self.contributions, self.people, self.places, self.topics, self.renditions]

    def is_valid(self) -> bool:
        return all([self.form.is_valid()] + [formset.is_valid() for formset in self.formsets])

    def errors(self) -> list[str]:
        """Every error message, for the summary at the top of the screen."""
        messages = [m for errors in self.form.errors.values() for m in errors]
        forms_ = [f for fs in self.formsets for f in fs.forms]
        forms_ += [f for r in self.renditions.forms for f in r.footnotes.forms]
        for form in forms_:
            messages += [m for errors in form.errors.values() for m in errors]
        for formset in self.formsets:
            messages += list(formset.non_form_errors())
        return messages

    def save(self) -> Document:
        """Write everything; call inside a transaction, after ``is_valid()``."""
        document = self.form.save()
        document.related.set(self.form.cleaned_data["related_ids"])
        self._save_contributions(document)
        self._save_links(document, self.people, PersonDocumentRelation, "person", find_person)
        self._save_links(document, self.places, PlaceDocumentRelation, "place", find_place)
        topics = [self._entity(find_topic, "topic", row["name"]) for row in _rows(self.topics)]
        document.topics.set(topics)
        self._save_renditions(document)
        return document

    def _entity(self, finder, kind: str, name: str):
        obj, created = finder(name)
        if created:
            self.created.append(f"{kind} “{name}”")
        return obj

    def _save_contributions(self, document: Document) -> None:
        document.contributions.all().delete()
        seen = set()
        for order, row in enumerate(_rows(self.contributions)):
            contributor = self._entity(find_contributor, "contributor", row["name"])
            if (contributor.pk, row["role"]) in seen:
                continue
            seen.add((contributor.pk, row["role"]))
            DocumentContribution.objects.create(
                document=document, contributor=contributor, role=row["role"], order=order
            )

    def _save_links(self, document, formset, model, entity: str, finder) -> None:
        model.objects.filter(document=document).delete()
        seen = set()
        for row in _rows(formset):
            obj = self._entity(finder, entity, row["name"])
            if (obj.pk, row["role"]) in seen:
                continue
            seen.add((obj.pk, row["role"]))
            model.objects.create(
                document=document,
                role=row["role"],
                uncertain=row["uncertain"],
                notes=row["notes"],
                **{entity: obj},
            )

    def _save_renditions(self, document: Document) -> None:
        self.renditions.instance = document
        for order, form in enumerate(self.renditions.forms):
            if not form.has_changed() and form.instance.pk is None:
                continue
            if self.renditions._should_delete_form(form):
                if form.instance.pk:
                    form.instance.delete()
                continue
            rendition = form.save(commit=False)
            rendition.document = document
            name = form.cleaned_data.get("translator_name")
            rendition.translator = (
                self._entity(find_contributor, "contributor", name) if name else None
            )
            rendition.order = order
            rendition.save()
            self._save_footnotes(rendition, form.footnotes)
            self._save_files(rendition, form.cleaned_data.get("files") or [])

    def _save_footnotes(self, rendition: Rendition, formset) -> None:
        rendition.footnotes.all().delete()
        labels = set()
        for order, row in enumerate(_rows(formset, key="text")):
            if row["label"] in labels:
                continue
            labels.add(row["label"])
            Footnote.objects.create(
                rendition=rendition, label=row["label"], text=row["text"], order=order
            )

    def _save_files(self, rendition: Rendition, checked) -> None:
        order = rendition.files.count()
        for upload, content_type in checked:
            order += 1
            RenditionFile.objects.create(
                rendition=rendition,
                file=upload,
                label=f"Page {order}" if content_type.startswith("image/") else "",
                content_type=content_type,
                size=upload.size,
                order=order,
            )


def _rows(formset, key: str = "name") -> list[dict]:
    """The filled-in rows of a formset, without blank or deleted ones."""
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data.get(key) and not form.cleaned_data.get("DELETE")
    ]


def _find_or_create(model, name: str, lookup: Q, defaults: dict):
    name = name.strip()
    existing = model.objects.filter(lookup).order_by("pk").first()
    if existing:
        return existing, False
    return model.objects.create(**defaults), True


def find_person(name: str):
    name = name.strip()
    return _find_or_create(
        Person,
        name,
        Q(sort_name__iexact=name) | Q(display_name__iexact=name),
        {"sort_name": name, "display_name": name},
    )


def find_place(name: str):
    name = name.strip()
    return _find_or_create(Place, name, Q(name__iexact=name), {"name": name})


def find_topic(name: str):
    name = name.strip()
    return _find_or_create(Topic, name, Q(name__iexact=name), {"name": name})


def find_contributor(name: str):
    name = name.strip()
    return _find_or_create(Contributor, name, Q(name__iexact=name), {"name": name})
