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

from .analysis import cjk_runs, has_cjk, is_cyrillic_language, sort_key, word_pairs
from .index import ALL, FACET_FIELD, SCHEMA, TEXT_FIELDS, UNDATED_LAST

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
        self.texts.update(rendition_texts(record_ids))

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


# Keyword fields counted through FACET_FIELD, as "<field>:<value>" (people apart: only the
# generation's hot people are, as "P:<slug>").
# Every text field but the CJK characters (a phrase in Chinese is checked by position).
PAIRED = tuple(name for name in TEXT_FIELDS if name != "cjk")
COUNTED_KEYWORDS = ("place", "topic", "collection", "language", "type", "funder", "repository")


def rendition_texts(record_ids: list[int]) -> dict[int, dict[str, list[str]]]:
    """Record ID -> field -> the public renditions' texts and their footnotes, in order:
    Cyrillic languages to ``body_ru``, the others to ``body``. Two queries."""
    texts: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
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
            texts[record_id][field].append(text)
    footnotes = Footnote.objects.filter(rendition__in=list(field_of_rendition))
    for rendition_id, text in footnotes.order_by("order", "pk").values_list("rendition_id", "text"):
        record_id, field = field_of_rendition[rendition_id]
        texts[record_id][field].append(text)
    return texts


def snippet_documents(record_ids: list[int]) -> dict[int, tantivy.Document]:
    """The text snippets are cut from, as index documents, for these records."""
    return {
        record_id: tantivy.Document.from_dict(
            {field: "\n\n".join(values) for field, values in fields.items()}, SCHEMA
        )
        for record_id, fields in rendition_texts(record_ids).items()
    }


def index_documents(
    record_ids: list[int], hot_people: frozenset[str] = frozenset()
) -> list[tantivy.Document]:
    """Index documents for those of ``record_ids`` that are published (others are skipped)."""
    rows = list(
        Document.objects.published().filter(record_id__in=record_ids).values(*DOCUMENT_COLUMNS)
    )
    related = Related([row["record_id"] for row in rows])
    return [to_index_document(row, related, hot_people) for row in rows]


def to_index_document(
    row: dict, related: Related, hot_people: frozenset[str] = frozenset()
) -> tantivy.Document:
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
    # Field by field: the byte test of has_cjk settles a long English or Russian text at
    # once, and the expression then reads only the short fields with characters.
    cjk = [cjk_runs(fields[name]) for name in PAIRED if name in fields and has_cjk(fields[name])]
    if cjk:
        fields["cjk"] = " ".join(cjk)
    # Each field apart, so that no pair is made of one field's last word and the next's first.
    fields["pairs"] = [word_pairs(fields[name]) for name in PAIRED if name in fields]
    fields["title_pairs"] = word_pairs(row["title"])
    fields[FACET_FIELD] = facet_terms(fields, hot_people)
    return tantivy.Document.from_dict(fields, SCHEMA)


def facet_terms(fields: dict, hot_people: frozenset[str]) -> list[str]:
    terms = [ALL]
    for name in COUNTED_KEYWORDS:
        values = fields.get(name, ())
        terms += [f"{name}:{value}" for value in ([values] if isinstance(values, str) else values)]
    terms += [f"P:{slug}" for slug in fields.get("person", ()) if slug in hot_people]
    if "year" in fields:
        terms.append(f"y:{fields['year']}")
    return terms


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
