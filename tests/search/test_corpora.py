"""Search over real records: the sample archive, generated documents and FRUS.

Expected counts are worked out independently of the index: from the database with the
ORM, or from the raw FRUS records with a regular expression.
"""

import re
from collections import Counter

import pytest

from readingroom.archive.models import Document, Person
from readingroom.generator.generate import generate_archive


def counts(answer, facet: str) -> dict[str, int]:
    return {value["key"]: value["count"] for value in answer["facets"][facet]}


def test_sample_archive_ranks_and_counts(sample_archive, search_index, search):
    search_index.rebuild()

    # Stalin appears as "Filippov" in the title of Mao's letter: the title ranks it first
    answer = search(q="Filippov")
    assert answer["results"][0]["title"] == "Letter, Mao Zedong to Comrade Filippov [Stalin]"

    # every published document is counted, and each person with the ORM's count
    answer = search(per_page=50)
    published = Document.objects.published()
    assert answer["total"] == published.count() == 14
    expected = {
        person.slug: published.filter(people=person).distinct().count()
        for person in Person.objects.filter(documents__status="published").distinct()
    }
    top = dict(Counter(expected).most_common())
    assert counts(answer, "person") == {k: top[k] for k in list(counts(answer, "person"))}
    assert len(answer["facets"]["person"]) == min(10, len(expected))
    years = Counter(d.date_start.year for d in published if d.date_start)
    assert {y["year"]: y["count"] for y in answer["years"]} == dict(years)


def test_sample_archive_knows_zhou_by_his_other_names(sample_archive, search_index, search):
    search_index.rebuild()
    zhou = Person.objects.get(slug="zhou-enlai")
    linked = set(zhou.documents.published().values_list("record_id", flat=True))

    answer = search(q="Chou En-lai", per_page=50)

    assert linked <= {result["record_id"] for result in answer["results"]}


def test_generated_documents_are_counted_exactly(db, search_index, search):
    # given 300 generated documents, realistic in length and links
    generate_archive(300, seed=7)
    search_index.rebuild()
    published = Document.objects.published()

    answer = search(per_page=50)

    assert answer["total"] == published.count() == 300
    for code, count in counts(answer, "language").items():
        assert count == published.filter(original_languages=code).count(), code
    for key, count in counts(answer, "type").items():
        assert count == published.filter(document_type=key).count(), key
    years = Counter(d.date_start.year for d in published.only("date_start") if d.date_start)
    assert {y["year"]: y["count"] for y in answer["years"]} == dict(years)


def test_generated_documents_filter_by_person_and_year(db, search_index, search):
    generate_archive(300, seed=7)
    search_index.rebuild()
    person = Person.objects.filter(documents__isnull=False).first()
    first = Document.objects.published().filter(people=person).order_by("date_start").first()
    year = first.date_start.year

    answer = search(person=person.slug, **{"from": str(year), "to": str(year)}, per_page=50)

    expected = (
        Document.objects.published()
        .filter(people=person, date_start__year__lte=year, date_end__year__gte=year)
        .distinct()
    )
    assert sorted(r["record_id"] for r in answer["results"]) == sorted(
        expected.values_list("record_id", flat=True)
    )


def frus_text(record: dict) -> str:
    return " ".join(
        [
            record["title"],
            record.get("text") or "",
            record.get("source_note") or "",
            record.get("volume_title") or "",
            " ".join(record.get("persons") or []),
            " ".join(record.get("chapters") or []),
            " ".join(note["text"] for note in record.get("footnotes") or []),
        ]
    )


@pytest.mark.parametrize("word", ["Creel", "Lansing", "cinema", "Irkutsk", "Austin"])
def test_frus_counts_match_the_records(frus_slice, search_index, search, word):
    search_index.rebuild()
    whole_word = re.compile(rf"(?<![^\W_]){word}(?![^\W_])", re.IGNORECASE)
    expected = sum(1 for record in frus_slice if whole_word.search(frus_text(record)))

    assert search(q=word)["total"] == expected > 0


def test_frus_ranks_a_title_match_first_and_counts_years(frus_slice, search_index, search):
    search_index.rebuild()

    answer = search(q="Scandinavian Branch Division of Films")

    assert answer["results"][0]["title"] == (
        "Report by the Director of the Scandinavian Branch of the Division of Films,"
        " Committee on Public Information (Smith)"
    )
    years = Counter(record["date"][:4] for record in frus_slice if record["date"])
    answer = search()
    assert {str(y["year"]): y["count"] for y in answer["years"]} == dict(years)
    assert answer["total"] == 300
