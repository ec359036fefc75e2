"""The records keep what historians need: stable IDs, dates, names, credits."""

import datetime as dt

import pytest

from readingroom.archive.models import (
    Contributor,
    Document,
    DocumentContribution,
    Person,
    Place,
    RecordIdCounter,
    Repository,
    Topic,
)

pytestmark = pytest.mark.django_db


def test_a_date_round_trips_through_the_database_with_its_precision():
    # given documents dated to the day, the month, a span and approximately
    for text in ["January 15, 1956", "June 1957", "1956-1957", "ca. 1956"]:
        Document.objects.create(title=text, date=text)

    # when they are read back
    stored = {doc.title: doc for doc in Document.objects.all()}

    # then each keeps its precision, and its first and last days are kept for sorting
    assert stored["June 1957"].date.display() == "June 1957"
    assert stored["June 1957"].date_start == dt.date(1957, 6, 1)
    assert stored["June 1957"].date_end == dt.date(1957, 6, 30)
    assert stored["1956-1957"].date.edtf() == "1956/1957"
    assert stored["ca. 1956"].date.display() == "ca. 1956"
    assert [doc.title for doc in Document.objects.order_by("date_start", "date_end")] == [
        "ca. 1956",
        "1956-1957",
        "January 15, 1956",
        "June 1957",
    ]


def test_an_undated_document_sorts_last_and_has_no_date():
    Document.objects.create(title="Undated note")
    Document.objects.create(title="Dated", date="1957")

    assert [doc.title for doc in Document.objects.all()] == ["Dated", "Undated note"]
    assert Document.objects.get(title="Undated note").date is None


def test_record_ids_are_given_once_and_never_again():
    # given a document imported with its own ID, and one given the next ID
    Document.objects.create(record_id=110398, title="Imported")
    newest = Document.objects.create(title="New")
    assert newest.record_id == 110399

    # when the newest is deleted, the next document does not inherit its ID
    newest.delete()
    assert Document.objects.create(title="Newer").record_id == 110400


def test_an_id_observed_from_an_import_is_not_handed_out():
    RecordIdCounter.observe(200000)

    assert Document.objects.create(title="After the import").record_id == 200001


def test_saving_an_existing_document_keeps_its_record_id():
    document = Document.objects.create(record_id=116979, title="Memorandum")
    document.title = "Memorandum, Chinese Embassy in Moscow to the Soviet Foreign Ministry"
    document.save()

    assert Document.objects.get().record_id == 116979


def test_citation_and_credit_line_read_as_the_archive_prints_them():
    # given seed 003's document
    document = Document.objects.create(
        record_id=110398,
        title="Request by the Chinese leadership to the Soviet Leadership for Help in "
        "Establishing a Chinese Nuclear Program",
        date="1956-01-15",
        source_repository=Repository.objects.create(
            name="TsKhSD (Center for the Storage of Contemporary Documentation)"
        ),
        source_reference="f.5, op.30, d.164, ll. 7a, 48-9",
    )
    for order, (name, role) in enumerate(
        [("Tatiana Zazerskaia", "obtained"), ("David Wolff", "translated")]
    ):
        DocumentContribution.objects.create(
            document=document,
            contributor=Contributor.objects.create(name=name),
            role=role,
            order=order,
        )

    # then its citation is the seed's, word for word
    assert document.citation == (
        '"Request by the Chinese leadership to the Soviet Leadership for Help in Establishing'
        ' a Chinese Nuclear Program", January 15, 1956, Wilson Center Digital Archive, TsKhSD'
        " (Center for the Storage of Contemporary Documentation), f.5, op.30, d.164, ll. 7a,"
        " 48-9. Obtained by Tatiana Zazerskaia and translated by David Wolff."
    )


def test_people_sharing_roles_are_credited_once():
    document = Document.objects.create(title="Memorandum", date="1957-12-14")
    for name in ["Zhang Shu Guang", "Chen Jian"]:
        contributor = Contributor.objects.create(name=name)
        for role in ["translated", "annotated"]:
            DocumentContribution.objects.create(
                document=document, contributor=contributor, role=role
            )

    assert document.credit_line == "Translated and annotated by Zhang Shu Guang and Chen Jian."


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Lüshun", "lüshun"),
        ("周恩来", "周恩来"),
        ("Чжоу Эньлай", "чжоу-эньлай"),
        ("!!!", "untitled"),
    ],
)
def test_slugs_keep_unicode_names(name, slug):
    assert Place.objects.create(name=name).slug == slug


def test_slugs_are_unique_and_stable():
    first = Person.objects.create(sort_name="Kim, Il Sung", display_name="Kim Il Sung")
    second = Person.objects.create(sort_name="Kim Il Sung", display_name="Kim Il Sung")
    first.display_name = "Kim Il-sung"
    first.save()

    assert (first.slug, second.slug) == ("kim-il-sung", "kim-il-sung-2")


def test_life_dates_and_topic_labels_print_as_the_seeds_do():
    mao = Person.objects.create(sort_name="Mao, Zedong", birth="1893-12-26", death="1976-09-09")
    korea = Topic.objects.create(name="Korean War", span="1950-1953")

    assert mao.life_dates == "1893-1976"
    assert korea.label == "Korean War, 1950-1953"
    assert str(Topic.objects.create(name="Space Race")) == "Space Race"


def test_a_dated_document_passes_full_clean():
    # the admin's forms and the API validate models before saving them
    document = Document(title="Telegram", date="ca. 1956")

    document.full_clean(exclude=["record_id"])

    assert document.date.display() == "ca. 1956"


def test_a_bad_date_is_refused_as_soon_as_it_is_given():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="day 30 is out of range for February 1957"):
        Document(title="Telegram", date="1957-02-30")
