"""A small loader of FRUS records (../shared/corpus/frus/bench) into the archive's models.

Only for tests and the benchmark: the importer proper reads Reading Room's own formats.
A FRUS record becomes a published document with its text as an English translation,
its footnotes, its source note as the archival source, its persons as people and its
chapter headings as topics.
"""

from itertools import count

from readingroom.archive.dates import DateParseError, HistoricalDate
from readingroom.archive.models import (
    Document,
    Footnote,
    Language,
    Person,
    PersonDocumentRelation,
    Place,
    Rendition,
    Topic,
)
from readingroom.archive.models.entities import unique_slug


def load_frus_records(records: list[dict], first_record_id: int = 500_000) -> list[int]:
    english, _ = Language.objects.get_or_create(code="en", defaults={"name": "English"})
    people = named_rows(Person, {n for r in records for n in r.get("persons") or []})
    topics = named_rows(Topic, {c[:300] for r in records for c in r.get("chapters") or []})
    documents, ids = [], count(first_record_id)
    for record in records:
        document = Document(
            record_id=next(ids),
            title=record["title"][:1000],
            date=frus_date(record.get("date")),
            document_type="editorial-note" if record["doc_type"] == "editorial-note" else "",
            source_citation=record.get("source_note") or "",
            printed_source=record.get("volume_title") or "",
            status=Document.Status.PUBLISHED,
        )
        document.sync_derived()
        documents.append(document)
    Document.objects.bulk_create(documents)
    renditions = Rendition.objects.bulk_create(
        Rendition(document=d, kind="translation", language=english, text=r.get("text") or "")
        for d, r in zip(documents, records, strict=True)
    )
    Footnote.objects.bulk_create(
        Footnote(rendition=rendition, label=str(note["n"])[:10], text=note["text"], order=i)
        for rendition, record in zip(renditions, records, strict=True)
        for i, note in enumerate(unique_labels(record.get("footnotes") or []))
    )
    PersonDocumentRelation.objects.bulk_create(
        PersonDocumentRelation(document=d, person=people[name], role="mentioned")
        for d, r in zip(documents, records, strict=True)
        for name in dict.fromkeys(r.get("persons") or [])
    )
    Document.topics.through.objects.bulk_create(
        Document.topics.through(document=d, topic=topics[chapter[:300]])
        for d, r in zip(documents, records, strict=True)
        for chapter in dict.fromkeys(c[:300] for c in r.get("chapters") or [])
    )
    return [d.record_id for d in documents]


def named_rows(model, names: set[str]) -> dict:
    """People or topics by name, made when new (records load in several batches)."""
    key = "sort_name" if model is Person else "name"
    rows = {getattr(row, key): row for row in model.objects.filter(**{f"{key}__in": names})}
    for name in sorted(names - set(rows)):
        row = model(sort_name=name, display_name=name) if model is Person else model(name=name)
        row.slug = unique_slug(row, name)
        row.save()
        rows[name] = row
    return rows


def frus_date(text: str | None) -> HistoricalDate | None:
    try:
        return HistoricalDate.parse(text) if text else None
    except DateParseError:
        return None


def unique_labels(notes: list[dict]) -> list[dict]:
    return list({str(note["n"])[:10]: note for note in notes}.values())


# Places and people of the FRUS volumes under the other names the series spells them by,
# as an editor would record them: for the benchmark, and for tests of the search's
# expansion of names.
PLACES_WITH_OTHER_NAMES = {
    "Beijing": ["Peking", "Peiping", "北京"],
    "Busan": ["Pusan"],
    "Kinmen": ["Quemoy", "Jinmen", "Chinmen"],
    "Guangzhou": ["Canton"],
    "Nanjing": ["Nanking"],
    "Xiamen": ["Amoy"],
    "Lüshun": ["Port Arthur", "旅顺"],
}
PEOPLE_WITH_OTHER_NAMES = {
    "Chiang Kai-shek": ["Chiang Kaishek", "Jiang Jieshi", "蔣中正"],
    "Mao Zedong": ["Mao Tse-tung", "毛泽东"],
    "Zhou Enlai": ["Chou En-lai", "周恩来"],
}


def add_other_names() -> None:
    """The places and people above with their other names: given to a place already
    called by one of them (an import's "Peking"), or to a new one."""
    for name, others in PLACES_WITH_OTHER_NAMES.items():
        spellings = [name, *others]
        # (a new one published in its own right: only public names are searched)
        place = Place.objects.filter(name__in=spellings).first() or Place(name=name, published=True)
        place.other_names = [other for other in spellings if other != place.name]
        place.save()
    for name, others in PEOPLE_WITH_OTHER_NAMES.items():
        person = Person.objects.filter(display_name=name).first()
        person = person or Person(sort_name=name, display_name=name, published=True)
        person.other_names = others
        person.save()
