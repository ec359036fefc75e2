"""The generator makes the same realistic archive for the same seed, beside what exists."""

import random
from collections import Counter

import pytest
from django.core.management import call_command

from readingroom.archive.dates import Precision
from readingroom.archive.models import (
    Document,
    Footnote,
    Person,
    PersonDocumentRelation,
    Place,
    RecordIdCounter,
    Rendition,
    Topic,
)
from readingroom.generator.generate import generate_archive, random_date

pytestmark = pytest.mark.django_db


def cyrillic(ch):
    return "\u0400" <= ch <= "\u04ff"


def han(ch):
    return "\u4e00" <= ch <= "\u9fff"


def titles_and_dates(ids):
    return [
        (doc.title, doc.date.edtf() if doc.date else None)
        for doc in Document.objects.filter(record_id__in=ids).order_by("record_id")
    ]


def test_the_same_seed_makes_the_same_documents():
    # when an archive is generated twice with one seed, and once with another
    first = generate_archive(30, seed=7)
    people = Person.objects.count()
    second = generate_archive(30, seed=7)
    people_after_second = Person.objects.count()
    other = generate_archive(30, seed=8)

    # then the second run repeats the first, title for title and date for date
    assert len(titles_and_dates(first)) == 30
    assert titles_and_dates(first) == titles_and_dates(second)
    assert titles_and_dates(first) != titles_and_dates(other)
    # and reuses the people the first made, rather than making them again
    assert people == people_after_second == 50


def test_it_makes_exactly_n_published_documents_with_their_rows():
    ids = generate_archive(30, seed=1, batch_size=7)  # batches of 7, 7, 7, 7, 2

    documents = Document.objects.published()
    assert documents.count() == 30
    assert sorted(documents.values_list("record_id", flat=True)) == list(ids)
    for doc in documents.prefetch_related("renditions", "person_links", "place_links"):
        kinds = [rendition.kind for rendition in doc.renditions.all()]
        assert kinds[0] == "translation"
        assert set(kinds) <= {"translation", "transcript"}
        assert 6 <= len(doc.title.split()) <= 20, doc.title
        assert 1 <= doc.person_links.count() <= 6
        assert 1 <= doc.place_links.count() <= 4
        assert 1 <= doc.topics.count() <= 3
        assert 1 <= doc.original_languages.count() <= 3
        assert doc.summary and doc.source_repository_id and doc.source_reference


def test_footnote_markers_match_the_footnotes():
    generate_archive(30, seed=3)

    footnotes = Footnote.objects.select_related("rendition")
    assert footnotes.exists()
    for note in footnotes:
        assert f"[{note.label}]" in note.rendition.text
    for rendition in Rendition.objects.filter(kind="translation"):
        labels = [note.label for note in rendition.footnotes.all()]
        assert labels == [str(number) for number in range(1, len(labels) + 1)]


def test_transcripts_are_in_the_original_language_and_its_script():
    generate_archive(60, seed=1)

    transcripts = Rendition.objects.filter(kind="transcript").select_related("document")
    assert transcripts.exists()
    for transcript in transcripts:
        assert transcript.language_id in {"ru", "zh"}
        assert transcript.language_id in [
            lang.code for lang in transcript.document.original_languages.all()
        ]
        letters = [ch for ch in transcript.text if ch.isalpha()]
        script = cyrillic if transcript.language_id == "ru" else han
        assert all(script(ch) for ch in letters), transcript.text[:80]


def test_record_ids_follow_those_already_given():
    # given a document imported with its own record ID
    Document.objects.create(record_id=110398, title="Request by the Chinese leadership")

    # when documents are generated
    ids = generate_archive(30)

    # then they take the next IDs, and the counter never gives those IDs again
    assert ids == range(110399, 110429)
    assert Document.objects.get(record_id=110398).title == "Request by the Chinese leadership"
    assert RecordIdCounter.objects.get(name="document").value == 110428
    assert Document.objects.create(title="New").record_id == 110429


def test_stored_dates_keep_their_precision():
    generate_archive(100, seed=5)

    # the dates read back keep their precision, and their first and last days are kept
    precisions = set()
    for doc in Document.objects.exclude(date=None):
        precisions.add(doc.date.precision)
        assert (doc.date_start, doc.date_end) == (doc.date.first_day, doc.date.last_day)
    assert precisions == {Precision.DAY, Precision.MONTH, Precision.YEAR}
    # spans and approximate dates are stored as EDTF: "1987-06-26/1987-07-30", "1956~"
    assert Document.objects.filter(date__regex=r"^\d{4}-\d\d-\d\d/\d{4}-\d\d-\d\d$").exists()
    assert Document.objects.filter(date__endswith="~").exists()


def test_dates_are_mostly_to_the_day_with_some_of_every_other_kind():
    rng = random.Random(1)
    dates = [random_date(rng) for _ in range(2000)]

    kinds = Counter(
        "undated"
        if date is None
        else "span"
        if date.end
        else "approximate"
        if date.approximate
        else date.precision.name.lower()
        for date in dates
    )
    assert set(kinds) == {"day", "month", "year", "approximate", "span", "undated"}
    assert kinds["day"] > 0.7 * len(dates)
    assert all(1917 <= date.year <= 1991 for date in dates if date)
    assert {date.precision for date in dates if date and date.approximate} == {
        Precision.YEAR,
        Precision.MONTH,
    }


def test_some_people_places_topics_and_one_document_are_featured():
    generate_archive(30)

    assert Person.objects.filter(featured=True).count() == 6
    assert Place.objects.filter(featured=True).count() == 6
    assert Topic.objects.filter(featured=True).count() == 6
    assert Document.objects.filter(featured=True).count() == 1


def test_people_keep_their_names_in_other_scripts():
    generate_archive(30)

    other_names = [name for person in Person.objects.all() for name in person.other_names]
    assert any(cyrillic(name[0]) for name in other_names)  # "Иван Петров"
    assert any(han(name[0]) for name in other_names)  # "王建国"
    assert Person.objects.filter(sort_name__contains=", ").count() == Person.objects.count()


def test_a_few_attributions_are_uncertain():
    generate_archive(100)

    links = PersonDocumentRelation.objects
    assert 0 < links.filter(certainty="probable").count() < 0.1 * links.count()
    assert set(links.values_list("role", flat=True)) == {
        "author",
        "recipient",
        "participant",
        "mentioned",
    }


def test_the_command_generates_documents(capsys):
    call_command("generate_documents", "12", "--seed", "4", verbosity=1)

    assert Document.objects.published().count() == 12
    assert "Generated 12 documents (record IDs 1-12)" in capsys.readouterr().out


def test_generating_after_the_sample_archive_reuses_its_topics(sample_archive):
    # the sample has "Korean War" (1950-1953) under its own slug; the generator has one too
    ids = generate_archive(20, seed=3)

    assert Document.objects.filter(record_id__in=list(ids)).count() == 20
    assert Topic.objects.filter(name="Korean War").count() == 1
