"""The document editor's relations (threads): kind, the other document's record ID, a note.

Kept apart from ``forms.py`` so the editor's main form stays as it is: ``DocumentEditor``
adds one formset (``relation_formset``) and puts ``relation_rows`` into the record it
saves through ``actions.save_document``, whose checks name any wrong relation.
"""

from django import forms
from django.core.exceptions import ValidationError

from readingroom.archive.models import Document, DocumentRelation
from readingroom.archive.sanitize import clean_text


class RelationForm(forms.Form):
    kind = forms.ChoiceField(choices=DocumentRelation.Kind.choices, label="Relation")
    other = forms.IntegerField(
        min_value=1,
        required=False,
        label="Other document (record ID)",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    note = forms.CharField(required=False, widget=forms.TextInput, label="Note")

    def clean_note(self):
        return clean_text(self.cleaned_data["note"], "relation note")


class BaseRelationFormSet(forms.BaseFormSet):
    """Every record ID names a stored document other than the one edited."""

    def __init__(self, *args, document: Document, **kwargs):
        self.document = document
        super().__init__(*args, **kwargs)

    def clean(self):
        rows = [form for form in self.forms if form.is_valid() and form.cleaned_data.get("other")]
        ids = {form.cleaned_data["other"] for form in rows}
        found = set(Document.objects.filter(record_id__in=ids).values_list("pk", flat=True))
        for form in rows:
            other = form.cleaned_data["other"]
            if other not in found:
                form.add_error("other", f"relation: no document has record ID {other}.")
            elif other == self.document.pk:
                form.add_error("other", "relation: a document cannot be related to itself.")
        if any(form.errors for form in rows):
            raise ValidationError("relations: correct the record IDs marked below.")


RelationFormSet = forms.formset_factory(RelationForm, formset=BaseRelationFormSet, extra=2)


def relation_formset(data, document: Document) -> BaseRelationFormSet:
    """The formset of what ``document`` says of others, as stored, or as submitted."""
    initial = []
    if document.pk is not None:
        initial = [
            {"kind": r.kind, "other": r.other_id, "note": r.note}
            for r in document.relations_from.order_by("order", "pk")
        ]
    return RelationFormSet(data, prefix="relations", initial=initial, document=document)


def relation_rows(formset: BaseRelationFormSet) -> list[dict]:
    """The filled-in rows as the record's ``relations``; a row without a record ID is none."""
    rows = [form.cleaned_data for form in formset.forms if form.cleaned_data.get("other")]
    return [
        {"type": row["kind"], "document": row["other"], "note": row.get("note", "")} for row in rows
    ]
