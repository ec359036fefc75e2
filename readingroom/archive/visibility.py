"""Who may see what: whether a document or an entity is public, and who sees drafts too.

The rule lives here and nowhere else, so that the media view, IIIF and whatever else asks
agree:

- a document is public when it is published;
- a person, place, topic or collection is public when a published document refers to
  it or a Reviewer published it in its own right (``PublicEntity.is_public``, read off
  the count the domain actions keep; a name that only a draft mentions is not);
- the back office's roles (``curation.roles.can_edit``) may see drafts, to preview them.
"""

from __future__ import annotations

from django.db.models import Model

from readingroom.archive.models import Document


def document_is_public(document: Document) -> bool:
    return document.status == Document.Status.PUBLISHED


def entity_is_public(obj: Model) -> bool:
    """A person, place, topic or collection: named by a published document, or published."""
    return bool(getattr(obj, "is_public", False))


def may_see_drafts(user) -> bool:
    """Editors, Reviewers and Administrators preview drafts; readers never see them."""
    from readingroom.curation.roles import can_edit  # curation builds on archive

    return can_edit(user)
