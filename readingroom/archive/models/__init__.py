"""The archive's models; import them from here."""

from .changes import DocumentChange, note_changed, note_deleted
from .documents import (
    Certainty,
    ClassificationLevel,
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
from .history import EntityMerge, IssuedRecordId, Revision, TrashedDocument, WorkflowEvent
from .relations import DocumentRelation
from .site import NavigationLink, Page

__all__ = [
    "Certainty",
    "ClassificationLevel",
    "Collection",
    "CollectionItem",
    "Contributor",
    "Document",
    "DocumentChange",
    "DocumentContribution",
    "DocumentRelation",
    "EntityMerge",
    "Footnote",
    "Funder",
    "IssuedRecordId",
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
    "Revision",
    "Topic",
    "TrashedDocument",
    "WorkflowEvent",
    "note_changed",
    "note_deleted",
]
