"""The archive's models; import them from here."""

from .changes import DocumentChange, note_changed, note_deleted
from .documents import (
    Document,
    DocumentContribution,
    Footnote,
    PersonDocumentRelation,
    PlaceDocumentRelation,
    RecordIdCounter,
    Rendition,
    RenditionFile,
)
from .entities import (
    Collection,
    CollectionItem,
    Contributor,
    Funder,
    Language,
    Person,
    Place,
    Repository,
    Topic,
)
from .site import NavigationLink, Page

__all__ = [
    "Collection",
    "CollectionItem",
    "Contributor",
    "Document",
    "DocumentChange",
    "DocumentContribution",
    "Footnote",
    "Funder",
    "Language",
    "NavigationLink",
    "Page",
    "Person",
    "PersonDocumentRelation",
    "Place",
    "PlaceDocumentRelation",
    "RecordIdCounter",
    "Rendition",
    "RenditionFile",
    "Repository",
    "Topic",
    "note_changed",
    "note_deleted",
]
