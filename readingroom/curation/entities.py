"""The back office's editors for people, places, topics, collections, repositories, funders.

Each kind is a ``EntityKind``: its model, the fields its form edits, how it is searched
and listed. The views (``views_entities``) are the same for all; the domain actions
(``save_entity``, ``merge_entities``, ``delete_entity``) decide and write.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import reduce
from operator import or_

from django import forms
from django.db.models import Model, Q

from readingroom.archive.models import (
    Collection,
    Contributor,
    Funder,
    Person,
    Place,
    Repository,
    Topic,
)

from .forms import SanitizedForm

# Set only by Reviewers (published) and Administrators (featuring): shown to others
# read-only, and refused by the actions whatever a form posts.
GUARDED = ("published", "featured", "feature_order")


@dataclass(frozen=True)
class EntityKind:
    kind: str
    plural: str
    model: type[Model]
    fields: tuple[str, ...]
    search: tuple[str, ...]
    order: str
    mergeable: bool = True

    @property
    def label(self) -> str:
        return self.model._meta.verbose_name

    @property
    def label_plural(self) -> str:
        return self.model._meta.verbose_name_plural

    def search_filter(self, text: str) -> Q:
        match = Q()
        for field in self.search:
            match |= Q(**{f"{field}__icontains": text})
        return match


FEATURING = ("published", "featured", "feature_order")
KINDS = {
    kind.kind: kind
    for kind in [
        EntityKind(
            "person",
            "people",
            Person,
            (
                "sort_name",
                "display_name",
                "family_name",
                "given_name",
                "name_order",
                "other_names",
                "birth",
                "death",
                "biography",
                "portrait",
                "portrait_alt",
                *FEATURING,
            ),
            ("sort_name", "display_name", "other_names"),
            "sort_name",
        ),
        EntityKind(
            "place",
            "places",
            Place,
            (
                "name",
                "region",
                "other_names",
                "latitude",
                "longitude",
                "description",
                "image",
                "image_alt",
                *FEATURING,
            ),
            ("name", "other_names"),
            "name",
        ),
        EntityKind(
            "topic",
            "topics",
            Topic,
            ("name", "span", "description", "image", "image_alt", *FEATURING),
            ("name",),
            "name",
        ),
        EntityKind(
            "collection",
            "collections",
            Collection,
            ("name", "description", "image", "image_alt", *FEATURING),
            ("name",),
            "name",
        ),
        EntityKind(
            "repository",
            "repositories",
            Repository,
            ("name", "short_name", "location", "url"),
            ("name", "short_name"),
            "name",
            mergeable=False,
        ),
        EntityKind("funder", "funders", Funder, ("name", "url"), ("name",), "name", False),
        EntityKind(
            "contributor",
            "contributors",
            Contributor,
            ("name", "family_name", "given_name", "name_order"),
            ("name", "family_name"),
            "name",
            mergeable=False,
        ),
    ]
}


# The editing screen's labelled groups: a field's legend, else the first group's.
FIELD_GROUPS = {
    "birth": "Life",
    "death": "Life",
    "biography": "Life",
    "latitude": "Location",
    "longitude": "Location",
    "span": "Description",
    "description": "Description",
    "portrait": "Picture",
    "portrait_alt": "Picture",
    "image": "Picture",
    "image_alt": "Picture",
    "published": "Publication",
    "featured": "Publication",
    "feature_order": "Publication",
}


def field_groups(form: forms.Form) -> list[tuple[str, list]]:
    """The form's fields as (legend, bound fields), in the order the kind lists them."""
    groups: dict[str, list] = {}
    for field in form:
        groups.setdefault(FIELD_GROUPS.get(field.name, "Name"), []).append(field)
    return list(groups.items())


def entity_form(kind: EntityKind, actor, *args, **kwargs) -> forms.ModelForm:
    """The kind's form; fields this actor's role may not set are shown disabled."""

    class EntityForm(SanitizedForm, forms.ModelForm):
        class Meta:
            model = kind.model
            fields = kind.fields

    form = EntityForm(*args, **kwargs)
    rules = {"published": "publish_entity", "featured": "feature", "feature_order": "feature"}
    for name, action in rules.items():
        if name in form.fields and not actor.may(action):
            form.fields[name].disabled = True
            form.fields[name].help_text = "Set by a Reviewer (published) or an Administrator."
    return form


def likely_duplicates(kind: EntityKind, obj: Model, *, limit: int = 10) -> list[Model]:
    """Records of the kind whose names look like ``obj``'s ("Chou En-lai", "Zhou Enlai").

    Candidates share a three-letter piece of a word of the name; they are ranked by how
    alike the names are, letters only (difflib's ratio), and the closest ``limit`` of at
    least 0.6 are kept.
    """
    name = _letters(str(obj))
    pieces = {word[i : i + 3] for word in str(obj).casefold().split() for i in range(len(word) - 2)}
    pieces = {piece for piece in pieces if piece.isalpha()}
    if not pieces:
        return []
    match = reduce(or_, (kind.search_filter(piece) for piece in sorted(pieces)[:30]))
    candidates = kind.model.objects.filter(match).exclude(pk=obj.pk)[:500]
    scored = [
        (SequenceMatcher(None, name, _letters(str(other))).ratio(), str(other), other)
        for other in candidates
    ]
    ranked = sorted(scored, key=lambda row: (-row[0], row[1]))
    return [other for score, _, other in ranked if score >= 0.6][:limit]


def _letters(text: str) -> str:
    return "".join(char for char in text.casefold() if char.isalnum())
