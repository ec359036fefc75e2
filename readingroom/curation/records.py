"""Records as the JSON Lines importer reads them: a document, person, place, topic, … as a dict.

The same dicts serve three purposes: the lines of ``readingroom export`` (the operators'
backup, read back by ``readingroom import``), the snapshots kept by revisions, and the
snapshot kept while a document is in the trash. So whatever one of them carries, all
carry, and a restore is an import of a record the archive wrote itself.

Files (scans, portraits, images) are named by their path relative to an export folder,
``files/<name in storage>``; a scan's file also says under which name it was stored
(``stored_as``), so that a restore puts it back under the very same name.

Every list is in a stable order (by name or record ID, or the editors' own order), so
that the same archive always gives the same records, byte for byte once serialized.
"""

import copy
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Model, Prefetch

from readingroom.archive.models import (
    Collection,
    Document,
    Funder,
    Person,
    Place,
    Rendition,
    Repository,
    Topic,
)
from readingroom.importers.base import Record, import_records

# Where files live in an export folder, and in records, relative to records.jsonl.
FILES_PREFIX = "files/"

# Per entity model: its "type" and its fields copied as they are (after the name).
ENTITY_FIELDS = {
    Repository: ("repository", ["name", "short_name", "location", "url"]),
    Funder: ("funder", ["name", "url"]),
    Person: (
        "person",
        ["sort_name", "display_name", "other_names", "portrait_alt", "biography"],
    ),
    Place: ("place", ["name", "region", "other_names", "description", "image_alt"]),
    Topic: ("topic", ["name", "description", "image_alt"]),
    Collection: ("collection", ["name", "description", "image_alt"]),
}
DATE_FIELDS = {Person: ["birth", "death"], Topic: ["span"]}
IMAGE_FIELDS = {Person: "portrait", Place: "image", Topic: "image", Collection: "image"}

DOCUMENT_PREFETCH = [
    "contributions__contributor",
    "funders",
    "original_languages",
    "topics",
    "person_links__person",
    "place_links__place",
    "related",
    "collections",
    Prefetch(
        "renditions",
        Rendition.objects.select_related("language", "translator").prefetch_related(
            "footnotes", "files"
        ),
    ),
]


def documents_for_records():
    """Documents with everything ``document_record`` reads, in a few queries per batch."""
    return Document.objects.select_related("source_repository").prefetch_related(*DOCUMENT_PREFETCH)


def file_path(name: str) -> str:
    """A stored file's path in an export folder: "files/scans/2024/page-1.png"."""
    return FILES_PREFIX + name


def document_record(document: Document) -> dict:
    """The document, its renditions, footnotes, files and links, as one JSON Lines record."""
    repository = document.source_repository
    return {
        "type": "document",
        "record_id": document.record_id,
        "title": document.title,
        "date": _date(document.date),
        "document_type": document.document_type,
        "summary": document.summary,
        "source": {
            "repository": repository.name if repository else None,
            "reference": document.source_reference,
            "citation": document.source_citation,
        },
        "printed_source": document.printed_source,
        "external_id": document.external_id,
        "contributors": [
            {"name": c.contributor.name, "role": c.role}
            for c in sorted(document.contributions.all(), key=lambda c: (c.order, c.pk))
        ],
        "funders": sorted(funder.name for funder in document.funders.all()),
        "original_languages": sorted(lang.code for lang in document.original_languages.all()),
        "people": _links(document.person_links.all(), "person", "sort_name"),
        "places": _links(document.place_links.all(), "place", "name"),
        "topics": sorted(topic.name for topic in document.topics.all()),
        "collections": sorted(collection.name for collection in document.collections.all()),
        "related": sorted(other.record_id for other in document.related.all()),
        "rights": document.rights,
        "status": document.status,
        "featured": document.featured,
        "original_uploaded": _iso(document.original_uploaded),
        "published_at": _iso(document.published_at),
        "renditions": [
            rendition_record(rendition)
            for rendition in sorted(document.renditions.all(), key=lambda r: (r.order, r.pk))
        ],
    }


def rendition_record(rendition: Rendition) -> dict:
    """One rendition as it appears in its document's "renditions"."""
    translator = rendition.translator
    return {
        "kind": rendition.kind,
        "language": rendition.language_id,
        "text": rendition.text,
        "translator": translator.name if translator else None,
        "machine_generated": rendition.machine_generated,
        "footnotes": [
            {"label": note.label, "text": note.text}
            for note in sorted(rendition.footnotes.all(), key=lambda n: (n.order, n.pk))
        ],
        "files": [
            {
                "path": file_path(item.file.name),
                "stored_as": item.file.name,
                "label": item.label,
                "content_type": item.content_type,
            }
            for item in sorted(rendition.files.all(), key=lambda f: (f.order, f.pk))
        ],
    }


def entity_record(obj: Model) -> dict:
    """A person, place, topic, collection, repository or funder as a JSON Lines record."""
    model = type(obj)
    kind, fields = ENTITY_FIELDS[model]
    record: dict = {"type": kind, "slug": obj.slug}
    record.update({name: getattr(obj, name) for name in fields})
    for name in DATE_FIELDS.get(model, []):
        record[name] = _date(getattr(obj, name))
    if model is Place:
        record["latitude"] = _number(obj.latitude)
        record["longitude"] = _number(obj.longitude)
    # The schema wants a path when the key is there: no image, no key.
    if (image := IMAGE_FIELDS.get(model)) and getattr(obj, image):
        record[image] = file_path(getattr(obj, image).name)
    if hasattr(obj, "featured"):
        record["featured"] = obj.featured
        record["feature_order"] = obj.feature_order
    if model is Collection:
        record["documents"] = list(
            obj.items.order_by("order", "pk").values_list("document_id", flat=True)
        )
    return record


def record_files(record: dict) -> list[str]:
    """The names in storage of every file a record points to."""
    names = [item["stored_as"] for r in record.get("renditions", []) for item in r["files"]]
    for key in ("portrait", "image"):
        if record.get(key):
            names.append(record[key].removeprefix(FILES_PREFIX))
    return names


def _links(links, attribute: str, name_field: str) -> list[dict]:
    """People or places of a document: name, role, and the uncertain flag and notes."""
    items = [
        {
            "name": getattr(getattr(link, attribute), name_field),
            "role": link.role,
            "uncertain": link.uncertain,
            "notes": link.notes,
        }
        for link in links
    ]
    return sorted(items, key=lambda item: (item["role"], item["name"]))


def _date(value) -> str | None:
    return value.edtf() if value else None


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _number(value: Decimal | None) -> float | None:
    # A coordinate has at most six decimals, which a float carries exactly enough to
    # come back as the same Decimal.
    return float(value) if value is not None else None


def import_document_record(data: dict, label: str) -> Document:
    """Write a record this module made back to the archive, with files from storage.

    The files are still in storage (a revision or the trash never deletes them), so each
    path is pointed at its stored file, which the importer then reuses as it is.
    Related documents deleted meanwhile are left out rather than failing the restore.
    """
    data = copy.deepcopy(data)
    for rendition in data.get("renditions", []):
        for item in rendition["files"]:
            item["path"] = _stored_path(item["stored_as"])
    if data.get("related"):
        existing = Document.objects.filter(record_id__in=data["related"])
        data["related"] = sorted(existing.values_list("record_id", flat=True))
    record = Record(data, label, 1, Path(settings.MEDIA_ROOT))
    import_records([record])
    return Document.objects.get(record_id=data["record_id"])


def _stored_path(name: str) -> str:
    try:
        return default_storage.path(name)
    except NotImplementedError:  # a remote storage: the importer reports the file missing
        return name
