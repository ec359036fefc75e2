"""Records in, rows out: the one writer of documents and the records they point to.

Only the domain actions (``readingroom.archive.actions``) use it, inside their
transaction, with records that passed ``validate.check_records`` and the actor's rules;
the actions then write the revisions, workflow events and outbox rows of what it did.

Names are resolved through in-memory indexes (one query per table to fill them, or one
per name for a small write) so that a thousand documents naming the same people cost no
more look-ups than one. Entities are written first, so a document may name a person
described further down; collections' document lists and related documents last, once
every document exists. What it changed is kept on the applier (``new_documents``,
``status_changes``, ``changed_entities``) for the action to record.
"""

from __future__ import annotations

import datetime as dt
import filecmp
import mimetypes
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

from django.core.files import File
from django.db.models import Max, Model, Q
from django.db.models.fields.files import FieldFile
from tqdm import tqdm

from readingroom.archive import passages
from readingroom.archive.languages import resolve_language
from readingroom.archive.models import (
    Certainty,
    ClassificationLevel,
    Collection,
    CollectionItem,
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
    RecordIdCounter,
    Rendition,
    RenditionFile,
    Repository,
    Topic,
)

from .validate import Record

# A progress bar for fewer records would only flicker.
PROGRESS_THRESHOLD = 200

DOCUMENT_FIELDS = [
    "title",
    "external_id",
    "document_type",
    "summary",
    "printed_source",
    "rights",
    "featured",
    "date_certainty",
    "date_certainty_note",
    "classification",
    "classification_level",
    "declassified",
    "redactions",
]
# Per entity kind: its model, the field it is matched by, the fields copied as they are,
# and its image field with the field describing the image.
# A name's parts as cited (archive/names.py); a record without them gets the default split.
NAME_PARTS = ["family_name", "given_name", "name_order"]
ENTITIES = {
    "person": (
        Person,
        "sort_name",
        ["display_name", "other_names", "birth", "death", "biography", *NAME_PARTS],
        ("portrait", "portrait_alt"),
    ),
    "place": (
        Place,
        "name",
        ["region", "other_names", "latitude", "longitude", "description"],
        ("image", "image_alt"),
    ),
    "topic": (Topic, "name", ["span", "description"], ("image", "image_alt")),
    "collection": (Collection, "name", ["description"], ("image", "image_alt")),
    "repository": (Repository, "name", ["short_name", "location", "url"], None),
    "funder": (Funder, "name", ["url"], None),
    "contributor": (Contributor, "name", NAME_PARTS, None),
}
FEATURE_FIELDS = ["featured", "feature_order"]


class NameIndex:
    """Records of one model by any of their names, casefolded; missing ones are created."""

    def __init__(
        self,
        model: type[Model],
        name_field: str,
        other_fields: Sequence[str] = (),
        *,
        lazy: bool = False,
    ):
        self.model, self.name_field, self.other_fields = model, name_field, other_fields
        self.by_name: dict[str, Model] | None = None
        self.created: list[Model] = []  # made on the spot for a document's link
        # Lazy: look each name up when asked (one editor's save), rather than reading the
        # whole table once (an import of thousands of records).
        self.lazy = lazy
        self.asked: set[str] = set()

    def _load(self) -> dict[str, Model]:
        if self.by_name is None:
            self.by_name = {}
            if not self.lazy:
                for instance in self.model.objects.all():
                    self.add(instance)
        return self.by_name

    def _look_up(self, key: str, name: str) -> None:
        """Lazily: the records that may carry this name, read into the index once."""
        if not self.lazy or key in self.asked:
            return
        self.asked.add(key)
        match = Q(**{f"{self.name_field}__iexact": name})
        for other in self.other_fields:
            match |= Q(**{f"{other}__icontains": name})
        for instance in self.model.objects.filter(match).order_by("pk"):
            self.add(instance)

    def add(self, instance: Model) -> None:
        index = self._load()
        # Other names give way to a record's own name: "Filippov" never hides a person
        # whose sort name is "Filippov".
        for other in self.other_fields:
            values = getattr(instance, other) or []
            for name in [values] if isinstance(values, str) else values:
                index.setdefault(name.casefold(), instance)
        index[getattr(instance, self.name_field).casefold()] = instance

    def all(self) -> list[Model]:
        if self.lazy:
            return list(self.model.objects.all())
        return list({instance.pk: instance for instance in self._load().values()}.values())

    def get(self, name: str) -> Model | None:
        key = name.strip().casefold()
        self._look_up(key, name.strip())
        return self._load().get(key)

    def get_or_create(self, name: str) -> Model:
        name = name.strip()
        if (instance := self.get(name)) is None:
            instance = self.model(**{self.name_field: name})
            if self.model is Person:
                instance.display_name = name
            instance.save()
            self.add(instance)
            self.created.append(instance)
        return instance


LanguageLink = Document.original_languages.through
FunderLink = Document.funders.through
TopicLink = Document.topics.through
RelatedLink = Document.related.through


class Applier:
    """Writes checked records to the database; call ``apply`` inside a transaction.

    Documents are saved one by one (each may need a new record ID), but the rows that
    link them to people, places, languages and the rest are collected and written in a
    few bulk queries at the end: a thousand documents cost a few thousand queries, not
    tens of thousands.
    """

    def __init__(
        self,
        *,
        publish: bool = False,
        restoring: bool = False,
        lazy_names: bool = False,
        progress: bool = False,
        progress_callback: Callable[[int, int], None] | None = None,
    ):
        self.publish = publish
        # Restoring the archive's own record (the trash, an export): the moment it was
        # first published comes back too; any other record's is the archive's to set.
        self.restoring = restoring
        self.progress = progress
        # Told (records done, records in all) after each record: the back office's
        # import jobs show it to the person waiting.
        self.progress_callback = progress_callback
        self.names = {
            kind: NameIndex(model, field, others, lazy=lazy_names)
            for kind, model, field, others in [
                ("person", Person, "sort_name", ["display_name", "other_names"]),
                ("place", Place, "name", ["other_names"]),
                ("topic", Topic, "name", []),
                ("collection", Collection, "name", []),
                ("repository", Repository, "name", []),
                ("funder", Funder, "name", []),
                ("contributor", Contributor, "name", []),
            ]
        }
        self.languages: dict[str, Language] = {}
        self.documents: dict[int, Document] = {}
        # Per link model: the documents whose rows are replaced, and the new rows.
        self.cleared: dict[type, set[int]] = defaultdict(set)
        self.rows: dict[type, dict[tuple, object]] = defaultdict(dict)
        self.renditions: list[tuple[Record, Rendition, dict]] = []
        # Stored renditions replaced: {pk: (text, paragraph numbers, last number given)}.
        self.previous: dict[int, tuple[str, list[int], int]] = {}
        self.collected: list[tuple[Collection, list[int]]] = []
        self.memberships: list[tuple[Document, list[str]]] = []
        # Per document: its relations as given, written once every document exists.
        self.relations: dict[int, list[dict]] = {}
        # Per document whose relations were written: the others before and after, whose
        # pages show the relation the other way round.
        self.related_others: dict[int, set[int]] = defaultdict(set)
        self.link_makers = self.make_link_makers()
        # What was done, for the action to record: documents made, status steps
        # (record ID, from, to; from is "" for a new document), and entities whose
        # stored fields were created or changed.
        self.new_documents: set[int] = set()
        self.status_changes: list[tuple[int, str, str]] = []
        self.changed_entities: dict[type, dict[int, Model]] = defaultdict(dict)
        # An entity's stored values before this write first changed it.
        self.first_values: dict[type, dict[int, dict]] = defaultdict(dict)

    def make_link_makers(self) -> dict:
        """Per list key of a document line: its link model, and how an item becomes a row."""
        people, places = self.names["person"], self.names["place"]
        topics, funders = self.names["topic"], self.names["funder"]
        contributors = self.names["contributor"]
        return {
            "original_languages": (
                LanguageLink,
                lambda pk, name: LanguageLink(document_id=pk, language=self.language(name)),
            ),
            "funders": (
                FunderLink,
                lambda pk, name: FunderLink(document_id=pk, funder=funders.get_or_create(name)),
            ),
            "topics": (
                TopicLink,
                lambda pk, name: TopicLink(document_id=pk, topic=topics.get_or_create(name)),
            ),
            "people": (
                PersonDocumentRelation,
                lambda pk, item: PersonDocumentRelation(
                    document_id=pk,
                    person=people.get_or_create(_link(item)[0]),
                    **_person_link(_link(item)[1]),
                ),
            ),
            "places": (
                PlaceDocumentRelation,
                lambda pk, item: PlaceDocumentRelation(
                    document_id=pk, place=places.get_or_create(_link(item)[0]), **_link(item)[1]
                ),
            ),
            "contributors": (
                DocumentContribution,
                lambda pk, item: DocumentContribution(
                    document_id=pk,
                    contributor=contributors.get_or_create(item["name"]),
                    role=item["role"],
                ),
            ),
        }

    def apply(self, records: Sequence[Record]) -> None:
        entities = [r for r in records if r.kind != "document"]
        documents = [r for r in records if r.kind == "document"]
        given = [r.data["record_id"] for r in documents if "record_id" in r.data]
        if given:
            # Before any new document is numbered, so none is given an ID the file uses.
            RecordIdCounter.observe(max(given))
        self.documents = Document.objects.in_bulk([r.target_id for r in documents if r.target_id])
        bar = tqdm(
            total=len(records),
            unit="record",
            file=sys.stderr,
            disable=not (self.progress and len(records) > PROGRESS_THRESHOLD),
        )
        # New documents' record IDs, taken in one query rather than one each.
        fresh = sum(1 for record in documents if record.target_id is None)
        self.fresh_ids = iter(RecordIdCounter.next_ids(fresh))
        with bar:
            for done, record in enumerate([*entities, *documents], 1):
                if record.kind == "document":
                    self.apply_document(record)
                else:
                    self.apply_entity(record)
                bar.update()
                if self.progress_callback is not None:
                    self.progress_callback(done, len(records))
        self.write_links()
        self.write_relations()
        self.write_renditions()
        self.write_collections()
        for index in self.names.values():
            for instance in index.created:
                self.changed_entities[type(instance)][instance.pk] = instance
        # A person two volumes of one import describe in turn is changed by each, and may
        # end as it began (a re-import): then it did not change.
        for model, firsts in self.first_values.items():
            for pk, values in firsts.items():
                instance = self.changed_entities[model].get(pk)
                if instance is not None and _stored_values(instance) == values:
                    del self.changed_entities[model][pk]

    # Entities ---------------------------------------------------------------------

    def apply_entity(self, record: Record) -> None:
        data = record.data
        model, key_field, fields, image = ENTITIES[record.kind]
        index = self.names[record.kind]
        instance = index.get(data[key_field])
        if (
            instance is None
            or getattr(instance, key_field).casefold() != data[key_field].casefold()
        ):
            # A match on another name is not the same record: make a new one.
            instance = model(**{key_field: data[key_field]})
        else:
            # As stored, before this record: "De Gaulle" may become "de Gaulle".
            self.first_values[model].setdefault(instance.pk, _stored_values(instance))
            setattr(instance, key_field, data[key_field])
        before = _stored_values(instance) if instance.pk else None
        for name in [*fields, *FEATURE_FIELDS, "published"]:
            if name in data and hasattr(instance, name):
                setattr(instance, name, _or_blank(model, name, data[name]))
        if model is Person and not instance.display_name:
            instance.display_name = instance.sort_name
        if (
            data.get("slug")
            and not model.objects.filter(slug=data["slug"]).exclude(pk=instance.pk).exists()
        ):
            # A URL once given stays (a restored backup); a slug in use is not taken over.
            instance.slug = data["slug"]
        if image:
            file_field, alt_field = image
            if data.get(file_field):
                store_file(getattr(instance, file_field), record.path(data[file_field]))
            if alt_field in data:
                setattr(instance, alt_field, data[alt_field])
        if before is None or _stored_values(instance) != before:
            instance.save()
            self.changed_entities[model][instance.pk] = instance
        index.add(instance)
        if record.kind == "collection" and "documents" in data:
            self.collected.append((instance, data["documents"]))

    # Documents --------------------------------------------------------------------

    def apply_document(self, record: Record) -> None:
        data = record.data
        document = self.documents.get(record.target_id)
        is_new = document is None
        if is_new:
            record_id = record.target_id or next(self.fresh_ids)
            document = Document(record_id=record_id)
            document.issued_by_caller = True  # the action records new IDs in bulk
        for name in DOCUMENT_FIELDS:
            if name in data:
                setattr(document, name, data[name])
        if "date" in data:
            document.date = data["date"]
        if "classification" in data and "classification_level" not in data:
            document.classification_level = ClassificationLevel.of(data["classification"])
        if "original_uploaded" in data:
            uploaded = data["original_uploaded"]
            document.original_uploaded = dt.date.fromisoformat(uploaded) if uploaded else None
        if "published_at" in data and self.restoring:
            published = data["published_at"]
            document.published_at = dt.datetime.fromisoformat(published) if published else None
        if "source" in data:
            self.apply_source(document, data["source"])
        status = document.status if not is_new else ""
        if self.publish:
            document.status = Document.Status.PUBLISHED
        elif "status" in data:
            document.status = data["status"]
        # An explicit new record_id must be inserted, not first tried as an update.
        document.save(force_insert=is_new and document.record_id is not None)
        self.documents[document.record_id] = document
        record.target_id = document.record_id
        if is_new:
            self.new_documents.add(document.record_id)
        if document.status != status:
            self.status_changes.append((document.record_id, status, document.status))
        self.stage_links(document, data, is_new)
        if "renditions" in data:
            if not is_new:
                self.cleared[Rendition].add(document.pk)
            for order, rendition in enumerate(data["renditions"]):
                self.stage_rendition(record, document, order, rendition)
        if "collections" in data:
            self.memberships.append((document, data["collections"]))
        if "relations" in data:
            self.relations[document.pk] = data["relations"]

    def apply_source(self, document: Document, source: dict) -> None:
        """Each key of "source" given replaces that part of the stored source."""
        if "repository" in source:
            name = source["repository"]
            document.source_repository = (
                self.names["repository"].get_or_create(name) if name else None
            )
        if "reference" in source:
            document.source_reference = source["reference"]
        if "citation" in source:
            document.source_citation = source["citation"]
            if document.source_repository is None and "repository" not in source:
                document.source_repository = self.repository_in(source["citation"])

    def repository_in(self, citation: str) -> Repository | None:
        """A known repository whose full name appears in a printed citation."""
        found = [r for r in self.names["repository"].all() if r.name in citation]
        return max(found, key=lambda r: len(r.name)) if found else None

    def stage_links(self, document: Document, data: dict, is_new: bool) -> None:
        """Languages, funders, topics, people, places, contributors, related: each replaces."""
        pk = document.pk
        for key, (model, make) in self.link_makers.items():
            if key in data:
                self.stage(model, pk, is_new, [make(pk, item) for item in data[key]])
        if "related" in data:
            # Symmetrical: each pair is stored both ways, and replacing a document's
            # list also drops the pairs stored the other way.
            self.cleared[RelatedLink].add(pk)
            for other in data["related"]:
                for a, b in ((pk, other), (other, pk)):
                    self.rows[RelatedLink][(a, b)] = RelatedLink(
                        from_document_id=a, to_document_id=b
                    )

    def stage(self, model, pk: int, is_new: bool, rows: list) -> None:
        """Keep a document's new rows of ``model``; repeats of the same link are dropped."""
        if not is_new:
            self.cleared[model].add(pk)
        for order, row in enumerate(rows):
            if hasattr(row, "order"):
                row.order = order
            self.rows[model].setdefault(_identity(row), row)

    def write_links(self) -> None:
        for model in {*self.cleared, *self.rows} - {Rendition}:
            if ids := self.cleared.get(model):
                if model is RelatedLink:
                    model.objects.filter(from_document_id__in=ids).delete()
                    model.objects.filter(to_document_id__in=ids).delete()
                else:
                    model.objects.filter(document_id__in=ids).delete()
            model.objects.bulk_create(self.rows[model].values(), batch_size=500)

    def write_relations(self) -> None:
        """Each document's relations replace its stored ones; the other document is named
        by record ID or external identifier, this import's documents first."""
        if not self.relations:
            return
        external = {d.external_id: d.pk for d in self.documents.values() if d.external_id}
        named = {item["document"] for items in self.relations.values() for item in items}
        wanted = [name for name in named if isinstance(name, str) and name not in external]
        external.update(
            Document.objects.filter(external_id__in=wanted).values_list("external_id", "pk")
        )
        stored = DocumentRelation.objects.filter(document_id__in=list(self.relations))
        for pk, other in stored.values_list("document_id", "other_id"):
            self.related_others[pk].add(other)
        stored.delete()
        rows = []
        for pk, items in self.relations.items():
            # The same relation named twice (by record ID and by external identifier).
            kept: dict[tuple, DocumentRelation] = {}
            for item in items:
                other = item["document"]
                other = external[other] if isinstance(other, str) else other
                self.related_others[pk].add(other)
                kept.setdefault(
                    (other, item["type"]),
                    DocumentRelation(
                        document_id=pk,
                        other_id=other,
                        kind=item["type"],
                        note=item.get("note", ""),
                        order=len(kept),
                    ),
                )
            rows += kept.values()
        DocumentRelation.objects.bulk_create(rows, batch_size=500)

    def stage_rendition(self, record: Record, document: Document, order: int, data: dict) -> None:
        translator = data.get("translator")
        rendition = Rendition(
            document=document,
            kind=data["kind"],
            language=self.language(data["language"]),
            text=data.get("text", ""),
            translator=self.names["contributor"].get_or_create(translator) if translator else None,
            order=order,
            machine_generated=data.get("machine_generated", False),
        )
        self.renditions.append((record, rendition, data))

    def write_renditions(self) -> None:
        """Renditions, then their footnotes, then their files.

        A document's stored renditions are kept where the new ones take their place (by
        ``id`` where the back office gives one, else in order), so that a rendition keeps
        its key, its history and its links across saves and re-imports; the rest go.
        """
        kept = self.reuse_renditions()
        self.number_paragraphs()
        fields = ["kind", "language", "text", "translator", "order", "machine_generated"]
        fields += ["paragraph_ids", "last_paragraph"]
        Rendition.objects.bulk_update(
            [rendition for _, rendition, _ in self.renditions if rendition.pk in kept],
            fields,
            batch_size=500,
        )
        Footnote.objects.filter(rendition_id__in=kept).delete()
        RenditionFile.objects.filter(rendition_id__in=kept).delete()
        Rendition.objects.bulk_create(
            [rendition for _, rendition, _ in self.renditions if rendition.pk is None]
        )
        Footnote.objects.bulk_create(
            (
                Footnote(rendition=rendition, label=note["label"], text=note["text"], order=n)
                for _, rendition, data in self.renditions
                for n, note in enumerate(data.get("footnotes", []))
            ),
            batch_size=500,
        )
        for record, rendition, data in self.renditions:
            for number, item in enumerate(data.get("files", [])):
                path = record.path(item["path"])
                attached = RenditionFile(
                    rendition=rendition,
                    label=item.get("label", ""),
                    # As exported (even empty), else guessed from the name.
                    content_type=item["content_type"]
                    if "content_type" in item
                    else mimetypes.guess_type(path.name)[0] or "",
                    size=path.stat().st_size,
                    order=number,
                )
                store_file(attached.file, path, stored_as=item.get("stored_as"))
                attached.save()

    def reuse_renditions(self) -> set[int]:
        """Give staged renditions the keys of stored ones they replace; delete the others."""
        ids = self.cleared.get(Rendition)
        if not ids:
            return set()
        stored: dict[int, list[int]] = defaultdict(list)
        for pk, document_id, text, paragraph_ids, last in (
            Rendition.objects.filter(document_id__in=ids)
            .order_by("document_id", "order", "pk")
            .values_list("pk", "document_id", "text", "paragraph_ids", "last_paragraph")
        ):
            stored[document_id].append(pk)
            self.previous[pk] = (text, paragraph_ids, last)
        kept: set[int] = set()
        staged = [r for _, r, _ in self.renditions if r.document_id in ids]
        # First those that name the rendition they replace, then the rest in order.
        for _, rendition, data in self.renditions:
            if data.get("id") in stored.get(rendition.document_id, []):
                rendition.pk = data["id"]
                kept.add(rendition.pk)
        for rendition in staged:
            if rendition.pk is None:
                free = [pk for pk in stored[rendition.document_id] if pk not in kept]
                if free:
                    rendition.pk = free[0]
                    kept.add(rendition.pk)
        Rendition.objects.filter(document_id__in=ids).exclude(pk__in=kept).delete()
        return kept

    def number_paragraphs(self) -> None:
        """Paragraphs keep their permalink numbers across saves (archive/passages.py)."""
        for _, rendition, _ in self.renditions:
            if rendition.pk in self.previous:
                text, ids, last = self.previous[rendition.pk]
                numbering = passages.renumber(text, ids, last, rendition.text)
            else:
                numbering = passages.first_numbering(rendition.text)
            rendition.paragraph_ids, rendition.last_paragraph = numbering.ids, numbering.last

    def write_collections(self) -> None:
        """Collections' own document lists first; then documents that name collections."""
        for collection, ids in self.collected:
            collection.items.all().delete()
            CollectionItem.objects.bulk_create(
                CollectionItem(collection=collection, document_id=rid, order=order)
                for order, rid in enumerate(dict.fromkeys(ids))
            )
        if not self.memberships:
            return
        wanted = {
            (document.pk, self.names["collection"].get_or_create(name).pk)
            for document, names in self.memberships
            for name in names
        }
        stored = CollectionItem.objects.filter(
            document_id__in=[document.pk for document, _ in self.memberships]
        ).values_list("pk", "document_id", "collection_id")
        CollectionItem.objects.filter(
            pk__in=[pk for pk, *pair in stored if tuple(pair) not in wanted]
        ).delete()
        missing = wanted - {tuple(pair) for _, *pair in stored}
        last = dict(
            CollectionItem.objects.filter(collection_id__in={c for _, c in missing})
            .values("collection_id")
            .annotate(last=Max("order"))
            .values_list("collection_id", "last")
        )
        items = []
        # In the order the documents were given, each added at the end of its collection.
        for document, names in self.memberships:
            for name in dict.fromkeys(names):
                collection_id = self.names["collection"].get(name).pk
                if (document.pk, collection_id) in missing:
                    last[collection_id] = last.get(collection_id, -1) + 1
                    items.append(
                        CollectionItem(
                            document=document,
                            collection_id=collection_id,
                            order=last[collection_id],
                        )
                    )
                    missing.discard((document.pk, collection_id))
        CollectionItem.objects.bulk_create(items, batch_size=500)

    def language(self, name: str) -> Language:
        return resolve_language(name, cache=self.languages)


def _stored_values(instance: Model) -> dict:
    """A record's own stored values, to tell whether applying a record changed it."""
    return {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if field.attname != "document_count"
    }


def _identity(row) -> tuple:
    """What makes a link row unique (the models' unique constraints)."""
    fields = ("document_id", "role", "person_id", "place_id", "contributor_id")
    fields += ("language_id", "funder_id", "topic_id")
    return (type(row), *(getattr(row, name, None) for name in fields))


def _link(item: str | dict) -> tuple[str, dict]:
    """A person or place reference: a bare name, or {"name", "role", "uncertain", "notes"}."""
    if isinstance(item, str):
        return item, {}
    keys = ("role", "uncertain", "certainty", "certainty_note", "notes")
    extra = {key: item[key] for key in keys if key in item}
    return item["name"], extra


def _person_link(extra: dict) -> dict:
    """A person link's values: the old ``uncertain`` flag read as a certainty (true is
    "probable", docs/import-formats.md) when the record gives no ``certainty``."""
    uncertain = extra.pop("uncertain", None)
    if "certainty" not in extra and uncertain is not None:
        extra["certainty"] = Certainty.PROBABLE if uncertain else Certainty.CERTAIN
    return extra


def _or_blank(model, name: str, value):
    """``null`` for a text field means empty text; for a date or a number, no value."""
    if value is None and not model._meta.get_field(name).null:
        return ""
    return value


def store_file(field_file: FieldFile, source: Path, stored_as: str | None = None) -> None:
    """Copy ``source`` into storage for this file field, unless the very file is there.

    Importing the same files again (``load_sample`` twice, or into a fresh database over
    the same media folder) then reuses the stored copy instead of piling up
    "mao_Xy12ab.jpg" duplicates. ``stored_as`` (from an export) keeps the name the file
    had, "scans/2019/p1.png", rather than one made from this year's upload folder.
    """
    storage = field_file.storage
    name = stored_as or field_file.field.generate_filename(field_file.instance, source.name)
    if storage.exists(name):
        try:
            same = filecmp.cmp(storage.path(name), source, shallow=False)
        except NotImplementedError:  # a storage without local paths
            same = False
        if same:
            field_file.name = name
            return
    with source.open("rb") as handle:
        if stored_as:
            # FieldFile.save would put the name under upload_to once more.
            field_file.name = storage.save(stored_as, File(handle))
        else:
            field_file.save(source.name, File(handle), save=False)
