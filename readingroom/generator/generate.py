"""Generated archives: as many realistic documents as a benchmark or a test needs.

``generate_archive(100_000)`` adds that many published documents shaped like the Wilson
Center's: Cold War diplomatic titles, dates of every precision, people, places and topics
with a few prominent ones and a long tail, English translations of realistic length with
footnotes, and Russian or Chinese transcripts. The same seed gives the same documents.

The words come from ``vocabulary``, the records documents point to from ``pools``, the
documents from ``writer``; they are saved here, one transaction per batch. Never run it
on a real archive: it is for benchmarks, tests and trying things at scale.
"""

import random
from collections import Counter
from collections.abc import Iterable

from django.db import connection, models, transaction
from tqdm import tqdm

from readingroom.archive.models import (
    Document,
    DocumentContribution,
    Footnote,
    IssuedRecordId,
    Person,
    PersonDocumentRelation,
    Place,
    PlaceDocumentRelation,
    RecordIdCounter,
    Rendition,
    Topic,
    note_changed,
)
from readingroom.archive.statistics import bulk_writing, refresh_statistics

from .pools import Pools
from .writer import Draft, Writer, random_date

__all__ = ["generate_archive", "random_date"]


def generate_archive(
    n: int, *, seed: int = 1, batch_size: int = 5000, progress: bool = False
) -> range:
    """Add ``n`` published documents; return the range of their record IDs.

    IDs follow the highest ID ever given, so nothing in the archive is touched. The
    people, places, topics and other records documents point to are created on the first
    run and reused by later ones. One document is featured unless one already is.
    """
    rng = random.Random(seed)
    writer = Writer(rng, Pools.create(rng, n))
    first = _first_free_record_id()
    ids = range(first, first + n)
    feature_one = not Document.objects.filter(featured=True).exists()
    with (
        bulk_writing(),
        tqdm(total=n, unit="doc", disable=not progress, smoothing=0.1) as bar,
    ):
        for start in range(0, n, batch_size):
            drafts = [writer.draft(record_id) for record_id in ids[start : start + batch_size]]
            if feature_one and start == 0:
                drafts[0].document.featured = True
            _save(drafts)
            bar.update(len(drafts))
    if n:
        RecordIdCounter.observe(ids[-1])
    refresh_statistics(n)
    return ids


def _first_free_record_id() -> int:
    counter = RecordIdCounter.objects.filter(name="document").first()
    top = Document.objects.aggregate(top=models.Max("record_id"))["top"] or 0
    return max(top, counter.value if counter else 0) + 1


def _save(drafts: list[Draft]) -> None:
    """Save documents with all their rows, in one transaction."""
    with transaction.atomic():
        Document.objects.bulk_create([draft.document for draft in drafts])
        ids = [draft.document.pk for draft in drafts]
        # Like every write path: the search index and harvesters learn of them here.
        note_changed(ids)
        for model, field, attribute in [
            (Document.original_languages.through, "language", "languages"),
            (Document.funders.through, "funder", "funders"),
            (Document.topics.through, "topic", "topics"),
        ]:
            rows = (
                (pk, value)
                for pk, draft in zip(ids, drafts, strict=True)
                for value in getattr(draft, attribute)
            )
            _insert(model, ["document", field], rows)
        for model, fields, attribute in [
            (PersonDocumentRelation, ["person", "role", "certainty"], "people"),
            (PlaceDocumentRelation, ["place", "role"], "places"),
            (DocumentContribution, ["contributor", "role", "order"], "contributions"),
        ]:
            rows = (
                (pk, *row)
                for pk, draft in zip(ids, drafts, strict=True)
                for row in getattr(draft, attribute)
            )
            _insert(model, ["document", *fields], rows)
        renditions = (
            (pk, *rendition, order)
            for pk, draft in zip(ids, drafts, strict=True)
            for order, rendition in enumerate(draft.renditions)
        )
        _insert(
            Rendition, ["document", "kind", "language", "text", "translator", "order"], renditions
        )
        translations = dict(
            Rendition.objects.filter(document__in=ids, kind="translation").values_list(
                "document_id", "pk"
            )
        )
        notes = (
            (translations[pk], *note)
            for pk, draft in zip(ids, drafts, strict=True)
            for note in draft.footnotes
        )
        _insert(Footnote, ["rendition", "label", "text", "order"], notes)
        _insert(IssuedRecordId, ["record_id"], ((pk,) for pk in ids))
        _count_published(drafts)


def _count_published(drafts: list[Draft]) -> None:
    """Every generated document is published: add each to its records' counts."""
    tally = {
        Person: Counter(pk for d in drafts for pk in {p for p, *_ in d.people}),
        Place: Counter(pk for d in drafts for pk in {p for p, *_ in d.places}),
        Topic: Counter(pk for d in drafts for pk in set(d.topics)),
    }
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model, counted in tally.items():
            table = quote(model._meta.db_table)
            cursor.executemany(
                f"UPDATE {table} SET document_count = document_count + %s WHERE id = %s",
                [(n, pk) for pk, n in counted.items()],
            )


def _insert(model: type[models.Model], fields: list[str], rows: Iterable[tuple]) -> None:
    """INSERT rows of plain values (numbers, texts, booleans) with one prepared statement.

    bulk_create spends most of its time preparing each value of each row for the
    database; these need no preparing, and executemany is several times faster. The
    other columns get their fields' defaults, as bulk_create would give them.
    """
    rows = list(rows)
    if not rows:
        return
    given = [model._meta.get_field(name) for name in fields]
    others = [
        field
        for field in model._meta.concrete_fields
        if field not in given and not field.primary_key
    ]
    defaults = tuple(field.get_db_prep_save(field.get_default(), connection) for field in others)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in given + others)
    placeholders = ", ".join(["%s"] * len(given + others))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})",
            [row + defaults for row in rows],
        )
