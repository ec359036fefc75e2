"""Documents for the citation and embedded-metadata tests, made with the ORM.

Plain functions, not fixtures: test_citations.py and test_metadata.py each wrap them in
their own fixtures.
"""

from readingroom.archive.languages import resolve_language
from readingroom.archive.models import (
    Contributor,
    Document,
    DocumentContribution,
    Funder,
    Person,
    PersonDocumentRelation,
    Repository,
    Topic,
)

SEED_TITLE = (
    "Request by the Chinese leadership to the Soviet Leadership for Help in Establishing a"
    " Chinese Nuclear Program"
)
SEED_SUMMARY = (
    "Request by Chinese leaders to the Soviet leadership for technical and scientific aid in"
    " establishing a nuclear program in the People's Republic of China."
)
UNICODE_TITLE = "Zhou Enlai (周恩来) on the Soviet Withdrawal from Lüshun & Dalian"


def seed_document(**overrides) -> Document:
    """Seed 003's document (record 110398), by Mao Zedong, published."""
    fields = {
        "record_id": 110398,
        "title": SEED_TITLE,
        "date": "1956-01-15",
        "document_type": Document.Type.LETTER,
        "summary": SEED_SUMMARY,
        "source_repository": Repository.objects.create(
            name="TsKhSD (Center for the Storage of Contemporary Documentation)"
        ),
        "source_reference": "f.5, op.30, d.164, ll. 7a, 48-9",
        "rights": "The history and public policy program at the Wilson Center.",
        "status": Document.Status.PUBLISHED,
    } | overrides
    document = Document.objects.create(**fields)
    document.original_languages.add(resolve_language("ru"))
    document.funders.add(Funder.objects.create(name="Carnegie Corporation of New York (CCNY)"))
    document.topics.add(Topic.objects.create(name="Chinese Nuclear History"))
    for order, (name, role) in enumerate(
        [("Tatiana Zazerskaia", "obtained"), ("David Wolff", "translated")]
    ):
        DocumentContribution.objects.create(
            document=document,
            contributor=Contributor.objects.get_or_create(name=name)[0],
            role=role,
            order=order,
        )
    for sort_name, display_name, role in [
        ("Mao, Zedong", "Mao Zedong", PersonDocumentRelation.Role.AUTHOR),
        ("Khrushchev, Nikita", "Nikita Khrushchev", PersonDocumentRelation.Role.RECIPIENT),
    ]:
        PersonDocumentRelation.objects.create(
            document=document,
            person=Person.objects.get_or_create(
                sort_name=sort_name, defaults={"display_name": display_name}
            )[0],
            role=role,
        )
    return document


def month_document(**overrides) -> Document:
    """A memorandum known to the month, with a Unicode title and no author."""
    fields = {
        "record_id": 116980,
        "title": UNICODE_TITLE,
        "date": "June 1957",
        "document_type": Document.Type.MEMORANDUM,
        "source_citation": "Russian Foreign Ministry archives, Moscow, f. 100, op. 50",
        "status": Document.Status.PUBLISHED,
    } | overrides
    return Document.objects.create(**fields)


def circa_document(**overrides) -> Document:
    """A report dated only approximately, to a span of years."""
    fields = {
        "record_id": 120001,
        "title": "Report on the Sino-Soviet Split",
        "date": "ca. 1959-1960",
        "document_type": Document.Type.REPORT,
        "status": Document.Status.PUBLISHED,
    } | overrides
    return Document.objects.create(**fields)
