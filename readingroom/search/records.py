"""From database rows to index documents, a batch of records at a time.

What a search matches, and what it can filter and count by, is declared here: title,
summary, every rendition's text (Cyrillic languages to the Russian-stemmed field, the
rest to the English one), footnotes, the archival and printed source, and the names and
other names of linked people, places, topics and collections.

A batch costs a fixed number of queries (eight) however many records it holds, and
reads plain values rather than model instances: indexing a million documents is bound
by how fast we can read rows, so we read as few columns as we need.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator

import tantivy

from readingroom.archive.models import (
    CollectionItem,
    Document,
    Footnote,
    PersonDocumentRelation,
    PlaceDocumentRelation,
    Rendition,
)

from .analysis import cjk_runs, has_cjk, is_cyrillic_language, sort_key
from .index import SCHEMA, UNDATED_LAST

BATCH_SIZE = 500

DOCUMENT_COLUMNS = (
    "record_id",
    "title",
    "summary",
    "date_start",
    "date_end",
    "document_type",
    "source_citation",
    "source_reference",
    "printed_source",
    "source_repository__name",
    "source_repository__slug",
)


def batches(record_ids: Iterable[int], size: int = BATCH_SIZE) -> Iterator[list[int]]:
    batch: list[int] = []
    for record_id in record_ids:
        batch.append(record_id)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class Related:
    """Everything linked to a batch of documents, grouped by record ID."""

    def __init__(self, record_ids: list[int]):
        self.texts: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.keywords: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.names: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self._renditions(record_ids)
        self._languages_funders_topics(record_ids)
        self._people_places_collections(record_ids)

    def _renditions(self, record_ids: list[int]) -> None:
        field_of_rendition: dict[int, tuple[int, str]] = {}
        renditions = (
            Rendition.objects.public().filter(document_id__in=record_ids).order_by("order", "pk")
        )
        for pk, record_id, language, text in renditions.values_list(
            "pk", "document_id", "language_id", "text"
        ):
            field = "body_ru" if is_cyrillic_language(language) else "body"
            field_of_rendition[pk] = (record_id, field)
            if text:
                self.texts[record_id][field].append(text)
        footnotes = Footnote.objects.filter(rendition__document_id__in=record_ids)
        for rendition_id, text in footnotes.order_by("order", "pk").values_list(
            "rendition_id", "text"
        ):
            record_id, field = field_of_rendition[rendition_id]
            self.texts[record_id][field].append(text)

    def _languages_funders_topics(self, record_ids: list[int]) -> None:
        through = Document.original_languages.through.objects.filter(document_id__in=record_ids)
        for record_id, code in through.values_list("document_id", "language_id"):
            self.keywords[record_id]["language"].append(code)
        through = Document.funders.through.objects.filter(document_id__in=record_ids)
        for record_id, slug in through.values_list("document_id", "funder__slug"):
            self.keywords[record_id]["funder"].append(slug)
        through = Document.topics.through.objects.filter(document_id__in=record_ids)
        for record_id, slug, name in through.values_list(
            "document_id", "topic__slug", "topic__name"
        ):
            self.keywords[record_id]["topic"].append(slug)
            self.names[record_id]["topic_names"].append(name)

    def _people_places_collections(self, record_ids: list[int]) -> None:
        links = PersonDocumentRelation.objects.filter(document_id__in=record_ids)
        for record_id, slug, *names, other_names in links.values_list(
            "document_id",
            "person__slug",
            "person__sort_name",
            "person__display_name",
            "person__other_names",
        ):
            self.keywords[record_id]["person"].append(slug)
            self.names[record_id]["person_names"].extend([*names, *(other_names or [])])
        links = PlaceDocumentRelation.objects.filter(document_id__in=record_ids)
        for record_id, slug, name, other_names in links.values_list(
            "document_id", "place__slug", "place__name", "place__other_names"
        ):
            self.keywords[record_id]["place"].append(slug)
            self.names[record_id]["place_names"].extend([name, *(other_names or [])])
        items = CollectionItem.objects.filter(document_id__in=record_ids)
        for record_id, slug, name in items.values_list(
            "document_id", "collection__slug", "collection__name"
        ):
            self.keywords[record_id]["collection"].append(slug)
            self.names[record_id]["collection_names"].append(name)


def index_documents(record_ids: list[int]) -> list[tantivy.Document]:
    """Index documents for those of ``record_ids`` that are published (others are skipped)."""
    rows = list(
        Document.objects.published().filter(record_id__in=record_ids).values(*DOCUMENT_COLUMNS)
    )
    related = Related([row["record_id"] for row in rows])
    return [to_index_document(row, related) for row in rows]


def to_index_document(row: dict, related: Related) -> tantivy.Document:
    record_id = row["record_id"]
    fields: dict = {
        "record_id": record_id,
        "title": row["title"],
        "summary": row["summary"],
        "source": source_text(row),
        "title_key": sort_key(row["title"]),
        **{field: "\n\n".join(texts) for field, texts in related.texts[record_id].items()},
        **{field: list(dict.fromkeys(v)) for field, v in related.keywords[record_id].items()},
        **{field: "\n".join(dict.fromkeys(v)) for field, v in related.names[record_id].items()},
        **date_fields(row["date_start"], row["date_end"]),
    }
    if row["document_type"]:
        fields["type"] = row["document_type"]
    if row["source_repository__slug"]:
        fields["repository"] = row["source_repository__slug"]
    everything = " ".join(value for value in fields.values() if isinstance(value, str))
    if has_cjk(everything):
        fields["cjk"] = cjk_runs(everything)
    return tantivy.Document.from_dict(fields, SCHEMA)


def source_text(row: dict) -> str:
    parts = [
        row["source_citation"],
        row["source_repository__name"] or "",
        row["source_reference"],
        row["printed_source"],
    ]
    return "\n".join(part for part in parts if part)


def date_fields(first_day, last_day) -> dict[str, int]:
    if first_day is None:
        return {"day_asc": UNDATED_LAST, "day_desc": -1}
    start = first_day.toordinal()
    return {
        "year": first_day.year,
        "day_start": start,
        "day_end": (last_day or first_day).toordinal(),
        "day_asc": start,
        "day_desc": start,
    }
