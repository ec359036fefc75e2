"""The archive's own pages (About), its header links and its languages: Administrators'.

Django's admin edits these (it is reserved for Administrators); its forms call
``save_site_record`` and ``delete_site_record`` so that the same rule, and the same
record of who changed what, holds there too.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Model

from readingroom.archive.models import Language, NavigationLink, Page
from readingroom.archive.sanitize import clean_text, clean_url

from .actors import Actor, require

SITE_MODELS = (Page, NavigationLink, Language)


def save_site_record(obj: Model, *, actor: Actor) -> Model:
    """Save a page, a header link or a language; markup and unsafe links are refused."""
    if not isinstance(obj, SITE_MODELS):
        raise TypeError(f"{type(obj).__name__} is not one of the site's own records")
    require(actor, "edit_site", str(obj))
    for field in ("title", "body", "label", "name"):
        if isinstance(getattr(obj, field, None), str):
            clean_text(getattr(obj, field), field)
    if isinstance(obj, NavigationLink):
        clean_url(obj.url, "url")
    with transaction.atomic():
        obj.save()
    return obj


def delete_site_record(obj: Model, *, actor: Actor) -> None:
    if not isinstance(obj, SITE_MODELS):
        raise TypeError(f"{type(obj).__name__} is not one of the site's own records")
    require(actor, "edit_site", str(obj))
    with transaction.atomic():
        obj.delete()
