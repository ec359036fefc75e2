"""Model fields for values historians care about: dates with precision, lists of names."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.query_utils import DeferredAttribute

from readingroom.archive.dates import DateParseError, HistoricalDate


class HistoricalDateFormField(forms.CharField):
    def prepare_value(self, value):
        return value.display() if isinstance(value, HistoricalDate) else value

    def to_python(self, value):
        try:
            return HistoricalDate.coerce(super().to_python(value))
        except DateParseError as error:
            raise ValidationError(str(error), code="invalid_date") from None

    def run_validators(self, value):
        super().run_validators(value.edtf() if isinstance(value, HistoricalDate) else value)


class HistoricalDateDescriptor(DeferredAttribute):
    """Turns whatever is assigned ("June 1957", a date) into a ``HistoricalDate`` at once."""

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = self.field.to_python(value)


class HistoricalDateField(models.CharField):
    """A ``HistoricalDate`` stored as its EDTF text ("1957-06", "1956~", "1956/1957")."""

    description = "A date with its precision (EDTF)"
    descriptor_class = HistoricalDateDescriptor

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 32)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == 32:
            del kwargs["max_length"]
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return HistoricalDate.parse(value) if value else None

    def to_python(self, value):
        try:
            return HistoricalDate.coerce(value)
        except DateParseError as error:
            raise ValidationError(str(error), code="invalid_date") from None

    def run_validators(self, value):
        # CharField's validators (max_length) apply to the stored text, not the object.
        super().run_validators(value.edtf() if isinstance(value, HistoricalDate) else value)

    def get_prep_value(self, value):
        value = self.to_python(value)
        return value.edtf() if value is not None else ("" if not self.null else None)

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return value.edtf() if value else ""

    def formfield(self, **kwargs):
        kwargs.setdefault("form_class", HistoricalDateFormField)
        kwargs.setdefault(
            "help_text", self.help_text or "1957, June 1957, June 3, 1957, ca. 1956, 1956-1957"
        )
        return super().formfield(**kwargs)


class LinesFormField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class LinesField(models.JSONField):
    """A list of short texts (other names, spellings), edited one per line."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return models.Field.formfield(self, form_class=LinesFormField, **kwargs)
