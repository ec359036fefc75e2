"""From database rows to index documents, a batch of records at a time.

What a search matches, and what it can filter and count by, is declared here: title,
summary, every rendition's text (Cyrillic languages to the Russian-stemmed field, the
rest to the English one) and footnotes, without footnote markers, the archival source,
and the names and other names of linked people and places; the same words unstemmed
for prefixes. Where a document sits (its topics, collections and printed source, which
for FRUS is the volume) is indexed apart, searched only when a reader names it.

A batch costs a fixed number of queries (nine, and one more for each kind of entity
with records not yet read) however many records it holds, and reads plain values
rather than model instances: indexing a million documents is bound by how fast we can
read rows, so we read as few columns as we need, and each linked entity once.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator

import tantivy
from django.db.models import Q

from readingroom.archive.models import (
    Collection,
    CollectionItem,
    Document,
    Footnote,
    Funder,
    Person,
    PersonDocumentRelation,
    Place,
    PlaceDocumentRelation,
    Rendition,
    Topic,
)

from .analysis import (
    cjk_runs,
    has_cjk,
    is_cyrillic_language,
    searchable_text,
    sort_key,
    word_pairs,
)
from .index import (
    ALL,
    FACET_FIELD,
    HOT_PREFIX,
    PAIRED_FIELDS,
    PREFIX_FIELDS,
    SCHEMA,
    UNDATED_LAST,
    YEAR_PREFIX,
)

BATCH_SIZE = 500

DOCUMENT_COLUMNS = (
    "record_id",
    "published_at",
    "title",
    "summary",
    "date_start",
    "date_end",
    "document_type",
    "classification_level",
    "date_certainty",
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


def within(field: str, record_ids: list[int]) -> Q:
    """Rows whose ``field`` is one of ``record_ids``: a range when the IDs are dense (a
    rebuild reads consecutive records), which spares the database hundreds of look-ups
    and Django hundreds of parameters; rows of records outside the list are ignored."""
    first, last = min(record_ids), max(record_ids)
    if last - first < 2 * len(record_ids):
        return Q(**{f"{field}__gte": first, f"{field}__lte": last})
    return Q(**{f"{field}__in": record_ids})


class Entities:
    """The slug and names of each linked person, place, topic, collection and funder, read
    once for a whole rebuild rather than once for every link to it: a million documents
    link the same few thousand people again and again."""

    # keyword field -> the model, and its columns that name a record (a list or a text)
    NAMES = {
        "person": (Person, ("sort_name", "display_name", "other_names")),
        "place": (Place, ("name", "other_names")),
        "topic": (Topic, ("name",)),
        "collection": (Collection, ("name",)),
        "funder": (Funder, ()),
    }

    def __init__(self):
        self.known: dict[str, dict[int, tuple[str, list[str]]]] = {kind: {} for kind in self.NAMES}

    def read(self, kind: str, pks: set[int]) -> dict[int, tuple[str, list[str]]]:
        """Primary key -> (slug, names) for these records of ``kind``, and those known."""
        known = self.known[kind]
        model, columns = self.NAMES[kind]
        for chunk in batches(sorted(pks - known.keys()), size=900):  # SQLite's parameters
            rows = model.objects.filter(pk__in=chunk).order_by().values_list("pk", "slug", *columns)
            for pk, slug, *names in rows:
                known[pk] = (slug, _flattened(names))
        return known


def _flattened(values: list) -> list[str]:
    """The names in columns that hold a name or a list of them (other names)."""
    names = []
    for value in values:
        if isinstance(value, str):
            names.append(value)
        elif value:
            names.extend(value)
    return names


class Related:
    """Everything linked to a batch of documents, grouped by record ID."""

    # keyword field -> the links from documents, and the field their names go to
    LINKS = {
        "person": (PersonDocumentRelation.objects, "person_names"),
        "place": (PlaceDocumentRelation.objects, "place_names"),
        "topic": (Document.topics.through.objects, "topic_names"),
        "collection": (CollectionItem.objects, "collection_names"),
        "funder": (Document.funders.through.objects, None),
    }

    def __init__(self, record_ids: list[int], entities: Entities | None = None):
        self.texts: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.keywords: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.names: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        if not record_ids:
            return
        self.texts.update(rendition_texts(record_ids))
        languages = Document.original_languages.through.objects.filter(
            within("document_id", record_ids)
        )
        for record_id, code in languages.values_list("document_id", "language_id"):
            self.keywords[record_id]["language"].append(code)
        entities = entities or Entities()
        for keyword, (links, names_field) in self.LINKS.items():
            rows = list(
                links.filter(within("document_id", record_ids))
                .order_by("pk")
                .values_list("document_id", f"{keyword}_id")
            )
            known = entities.read(keyword, {pk for _, pk in rows})
            for record_id, pk in rows:
                if pk not in known:
                    continue  # deleted since its links were read
                slug, names = known[pk]
                self.keywords[record_id][keyword].append(slug)
                if names_field:
                    self.names[record_id][names_field].extend(names)


# Keyword fields counted through FACET_FIELD, as "<field>:<value>" (people apart: only the
# generation's hot people are, as HOT_PREFIX + slug).
COUNTED_KEYWORDS = (
    "place",
    "topic",
    "collection",
    "language",
    "type",
    "funder",
    "repository",
    "classification",
    "date_certainty",
)


def rendition_texts(record_ids: list[int]) -> dict[int, dict[str, list[str]]]:
    """Record ID -> field -> the public renditions' texts and then their footnotes, in
    order, as they are searched (``searchable_text``: without footnote markers): Cyrillic
    languages to ``body_ru``, the others to ``body``. Two queries."""
    notes: dict[int, list[tuple[str, str]]] = defaultdict(list)
    footnotes = Footnote.objects.filter(within("rendition__document_id", record_ids))
    for rendition_id, label, text in footnotes.order_by("order", "pk").values_list(
        "rendition_id", "label", "text"
    ):
        notes[rendition_id].append((label, text))
    texts: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    notes_of: list[tuple[list[str], set[str], list[tuple[str, str]]]] = []
    renditions = Rendition.objects.public().filter(within("document_id", record_ids))
    for pk, record_id, language, text in renditions.order_by("order", "pk").values_list(
        "pk", "document_id", "language_id", "text"
    ):
        field = "body_ru" if is_cyrillic_language(language) else "body"
        own = notes.get(pk, [])
        labels = {label for label, _ in own}
        if text:
            texts[record_id][field].append(searchable_text(text, labels))
        if own:  # a machine-made rendition's notes are not read: it is not public
            notes_of.append((texts[record_id][field], labels, own))
    for field_texts, labels, own in notes_of:
        field_texts.extend(searchable_text(text, labels) for _, text in own)
    return texts


def passage_renditions(record_ids: list[int]) -> dict[int, list[Rendition]]:
    """Record ID -> its public renditions, in order, with what finds a paragraph in them
    (archive/passages.py). One query, for the hits shown."""
    renditions: dict[int, list[Rendition]] = defaultdict(list)
    rows = Rendition.objects.public().filter(within("document_id", record_ids))
    fields = ("document_id", "kind", "language", "text", "paragraph_ids")
    for rendition in rows.order_by("order", "pk").only(*fields):
        renditions[rendition.document_id].append(rendition)
    return renditions


def snippet_documents(record_ids: list[int]) -> dict[int, tantivy.Document]:
    """The text snippets are cut from, as index documents, for these records."""
    return {
        record_id: tantivy.Document.from_dict(
            {field: "\n\n".join(values) for field, values in fields.items()}, SCHEMA
        )
        for record_id, fields in rendition_texts(record_ids).items()
    }


def index_documents(
    record_ids: list[int],
    hot_people: frozenset[str] = frozenset(),
    entities: Entities | None = None,
) -> list[tantivy.Document]:
    """Index documents for those of ``record_ids`` that are published (others are skipped).

    A rebuild passes one ``entities`` for all its batches, so that each person's names
    are read once; an update reads them afresh."""
    if not record_ids:
        return []
    wanted = set(record_ids)
    documents = Document.objects.published().filter(within("record_id", record_ids))
    rows = [row for row in documents.values(*DOCUMENT_COLUMNS) if row["record_id"] in wanted]
    related = Related([row["record_id"] for row in rows], entities)
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
        "printed_source": row["printed_source"],
        "title_key": sort_key(row["title"]),
        **{field: "\n\n".join(texts) for field, texts in related.texts[record_id].items()},
        **{field: list(dict.fromkeys(v)) for field, v in related.keywords[record_id].items()},
        **{field: "\n".join(dict.fromkeys(v)) for field, v in related.names[record_id].items()},
        **date_fields(row["date_start"], row["date_end"]),
        "published": int(row["published_at"].timestamp()) if row["published_at"] else 0,
    }
    if row["document_type"]:
        fields["type"] = row["document_type"]
    if row["source_repository__slug"]:
        fields["repository"] = row["source_repository__slug"]
    if row["classification_level"]:
        fields["classification"] = row["classification_level"]
    if row["date_start"]:  # how sure the editors are of a date, where there is one
        fields["date_certainty"] = row["date_certainty"]
    # Field by field: the byte test of has_cjk settles a long English or Russian text at
    # once, and the expression then reads only the short fields with characters.
    own = [name for name in PAIRED_FIELDS if name in fields]
    cjk = [cjk_runs(fields[name]) for name in own if has_cjk(fields[name])]
    if cjk:
        fields["cjk"] = " ".join(cjk)
    # Each field apart, so that no pair is made of one field's last word and the next's first.
    fields["pairs"] = [word_pairs(fields[name]) for name in own]
    fields["title_pairs"] = word_pairs(row["title"])
    for name, twin in PREFIX_FIELDS.items():
        if name in fields:
            fields.setdefault(twin, []).append(fields[name])
    fields[FACET_FIELD] = facet_terms(fields, hot_people)
    return tantivy.Document.from_dict(fields, SCHEMA)


def facet_terms(fields: dict, hot_people: frozenset[str]) -> list[str]:
    terms = [ALL]
    for name in COUNTED_KEYWORDS:
        values = fields.get(name, ())
        terms += [f"{name}:{value}" for value in ([values] if isinstance(values, str) else values)]
    terms += [HOT_PREFIX + slug for slug in fields.get("person", ()) if slug in hot_people]
    if "year" in fields:
        terms.append(f"{YEAR_PREFIX}{fields['year']}")
    return terms


def source_text(row: dict) -> str:
    parts = [
        row["source_citation"],
        row["source_repository__name"] or "",
        row["source_reference"],
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
