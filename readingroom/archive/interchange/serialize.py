"""The archive's records in the JSON Lines form: a document, person, place, topic … as a dict.

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

from decimal import Decimal

from django.db.models import Model, Prefetch

from readingroom.archive.models import (
    Collection,
    Contributor,
    Document,
    DocumentContribution,
    DocumentRelation,
    Footnote,
    Funder,
    Language,
    Person,
    PersonDocumentRelation,
    Place,
    PlaceDocumentRelation,
    Rendition,
    RenditionFile,
    Repository,
    Topic,
)

from .apply import NAME_PARTS

# Where files live in an export folder, and in records, relative to records.jsonl.
FILES_PREFIX = "files/"

# Per entity model: its "type" and its fields copied as they are (after the name).
ENTITY_FIELDS = {
    Repository: ("repository", ["name", "short_name", "location", "url"]),
    Funder: ("funder", ["name", "url"]),
    Person: (
        "person",
        ["sort_name", "display_name", "other_names", "portrait_alt", "biography", *NAME_PARTS],
    ),
    Place: ("place", ["name", "region", "other_names", "description", "image_alt"]),
    Topic: ("topic", ["name", "description", "image_alt"]),
    Collection: ("collection", ["name", "description", "image_alt"]),
    Contributor: ("contributor", ["name", *NAME_PARTS]),
}
DATE_FIELDS = {Person: ["birth", "death"], Topic: ["span"]}
IMAGE_FIELDS = {Person: "portrait", Place: "image", Topic: "image", Collection: "image"}

# Each relation is prefetched into a list attribute (``to_attr``): reading back thousands
# of documents, Django would otherwise make a queryset for every document and relation.
PREFIX = "_record_"


def _prefetch(relation: str, queryset) -> Prefetch:
    return Prefetch(relation, queryset.order_by(), to_attr=PREFIX + relation)


def documents_for_records():
    """Documents with everything ``document_record`` reads, in a few queries per batch."""
    renditions = Rendition.objects.select_related("language", "translator").prefetch_related(
        _prefetch("footnotes", Footnote.objects.all()),
        _prefetch("files", RenditionFile.objects.all()),
    )
    return Document.objects.select_related("source_repository").prefetch_related(
        _prefetch("contributions", DocumentContribution.objects.select_related("contributor")),
        _prefetch("funders", Funder.objects.all()),
        _prefetch("original_languages", Language.objects.all()),
        _prefetch("topics", Topic.objects.all()),
        _prefetch("person_links", PersonDocumentRelation.objects.select_related("person")),
        _prefetch("place_links", PlaceDocumentRelation.objects.select_related("place")),
        _prefetch("related", Document.objects.only("record_id")),
        _prefetch("relations_from", DocumentRelation.objects.all()),
        _prefetch("collections", Collection.objects.only("pk", "name")),
        _prefetch("renditions", renditions),
    )


def _related(obj: Model, relation: str) -> list:
    """A relation's rows: prefetched by ``documents_for_records``, else read now."""
    found = getattr(obj, PREFIX + relation, None)
    return found if found is not None else list(getattr(obj, relation).all())


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
        "date_certainty": document.date_certainty,
        "date_certainty_note": document.date_certainty_note,
        "classification": document.classification,
        "classification_level": document.classification_level,
        "declassified": document.declassified,
        "redactions": document.redactions,
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
            for c in sorted(_related(document, "contributions"), key=lambda c: (c.order, c.pk))
        ],
        "funders": sorted(funder.name for funder in _related(document, "funders")),
        "original_languages": sorted(
            language.code for language in _related(document, "original_languages")
        ),
        "people": _person_links(_related(document, "person_links")),
        "places": _links(_related(document, "place_links"), "place", "name"),
        "topics": sorted(topic.name for topic in _related(document, "topics")),
        "collections": sorted(collection.name for collection in _related(document, "collections")),
        "related": sorted(other.record_id for other in _related(document, "related")),
        "relations": [
            {"type": relation.kind, "document": relation.other_id, "note": relation.note}
            for relation in sorted(
                _related(document, "relations_from"), key=lambda r: (r.order, r.pk)
            )
        ],
        "rights": document.rights,
        "status": document.status,
        "featured": document.featured,
        "original_uploaded": _iso(document.original_uploaded),
        "published_at": _iso(document.published_at),
        "renditions": [
            rendition_record(rendition)
            for rendition in sorted(_related(document, "renditions"), key=lambda r: (r.order, r.pk))
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
            for note in sorted(_related(rendition, "footnotes"), key=lambda n: (n.order, n.pk))
        ],
        "files": [
            {
                "path": file_path(item.file.name),
                "stored_as": item.file.name,
                "label": item.label,
                "content_type": item.content_type,
            }
            for item in sorted(_related(rendition, "files"), key=lambda f: (f.order, f.pk))
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
    if hasattr(obj, "document_count"):
        record["published"] = obj.published
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


def _person_links(links) -> list[dict]:
    """People of a document: name, role, how certain and why, and notes."""
    items = [
        {
            "name": link.person.sort_name,
            "role": link.role,
            "certainty": link.certainty,
            "certainty_note": link.certainty_note,
            "notes": link.notes,
        }
        for link in links
    ]
    return sorted(items, key=lambda item: (item["role"], item["name"]))


def _links(links, attribute: str, name_field: str) -> list[dict]:
    """Places of a document: name, role, and the uncertain flag and notes."""
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
