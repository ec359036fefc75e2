"""The archive's text export: the real seed pages 003 and 004 come in whole."""

import pytest

from readingroom.archive.models import Document, Repository
from readingroom.importers import seedtext
from readingroom.importers.base import import_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_003(seeds_dir):
    return next(seeds_dir.glob("003_*.txt"))


@pytest.fixture
def seed_004(seeds_dir):
    return next(seeds_dir.glob("004_*.txt"))


def seed_citation(path) -> str:
    """The citation paragraph exactly as the seed prints it (without its URL)."""
    text = path.read_text(encoding="utf-8")
    paragraph = text.split("**Citation:**", 1)[1].strip().split("\n")[0]
    return paragraph.strip()


def test_seed_003_is_imported_with_its_citation_parts(seed_003):
    # when the real export of record 110398 is imported
    import_files([seed_003])

    # then every part of the page has its place
    document = Document.objects.get()
    assert document.record_id == 110398
    assert document.title == (
        "Request by the Chinese leadership to the Soviet Leadership for Help in"
        " Establishing a Chinese Nuclear Program"
    )
    assert document.date.display() == "January 15, 1956"
    assert document.source_citation == (
        "TsKhSD (Center for the Storage of Contemporary Documentation), f.5, op.30, d.164,"
        " ll. 7a, 48-9"
    )
    assert document.contributions_by_role == [
        ("obtained", ["Tatiana Zazerskaia"]),
        ("translated", ["David Wolff"]),
    ]
    assert [funder.name for funder in document.funders.all()] == [
        "Carnegie Corporation of New York (CCNY)"
    ]
    assert [language.name for language in document.original_languages.all()] == ["Russian"]
    assert document.summary.startswith("Request by Chinese leaders to the Soviet leadership")
    assert document.status == "draft"


def test_seed_003_text_is_kept_exactly(seed_003):
    import_files([seed_003])

    [rendition] = Document.objects.get().renditions.all()
    assert rendition.label == "Translation - English"
    assert rendition.translator.name == "David Wolff"
    assert rendition.text.split()[:3] == ["Top", "Secret", "Attachment"]
    assert rendition.text.split()[-1] == "laboratories."
    assert "\n  - b. to accept fifty or more Chinese" in rendition.text
    assert rendition.text in seed_003.read_text(encoding="utf-8")


def test_seed_003_citation_is_reproduced_exactly(seed_003):
    import_files([seed_003])

    assert Document.objects.get().citation == seed_citation(seed_003)


def test_seed_004_gives_both_people_both_roles(seed_004):
    import_files([seed_004])

    document = Document.objects.get()
    assert document.record_id == 116979
    assert document.title == "Memorandum, Chinese Embassy in Moscow to the Soviet Foreign Ministry"
    assert document.date.display() == "December 14, 1957"
    assert document.source_citation == (
        "Fond 100 (1957), op. 50, papka 423, delo 3, Russian Foreign Ministry archives,"
        " Moscow, original in Chinese"
    )
    assert document.contributions_by_role == [
        ("translated", ["Zhang Shu Guang", "Chen Jian"]),
        ("annotated", ["Zhang Shu Guang", "Chen Jian"]),
    ]
    assert [funder.name for funder in document.funders.all()] == ["Leon Levy Foundation"]
    assert [language.code for language in document.original_languages.all()] == ["zh"]
    [rendition] = document.renditions.all()
    assert rendition.label == "Translation - English"
    assert rendition.translator is None  # two translators: the credit line names them
    assert rendition.text.startswith("In order to strengthen Sino-Soviet cooperation")
    assert rendition.text.endswith(
        "The Chinese side wishes to know the Soviet Government's response."
    )
    assert "\n\n- (1) exchange published and unpublished books" in rendition.text
    # the seed writes "Annotated" with a capital; the archive's credit line does not
    assert document.citation.lower() == seed_citation(seed_004).lower()


def test_a_known_repository_named_in_the_citation_is_linked(seed_004):
    Repository.objects.create(name="Russian Foreign Ministry archives", short_name="AVPRF")

    import_files([seed_004])

    assert Document.objects.get().source_repository.short_name == "AVPRF"


def test_a_seed_imported_again_updates_its_document(seed_003, seed_004):
    import_files([seed_003, seed_004])

    report = import_files([seed_003, seed_004], dry_run=False)

    assert [result.action for result in report.results] == ["updated", "updated"]
    assert Document.objects.count() == 2


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Obtained by Tatiana Zazerskaia and translated by David Wolff.",
            [("Tatiana Zazerskaia", "obtained"), ("David Wolff", "translated")],
        ),
        (
            "Translated and Annotated by Zhang Shu Guang and Chen Jian.",
            [
                ("Zhang Shu Guang", "translated"),
                ("Chen Jian", "translated"),
                ("Zhang Shu Guang", "annotated"),
                ("Chen Jian", "annotated"),
            ],
        ),
        (
            "Translated by Gary Goldberg, Sergey Radchenko, and Kathryn Weathersby.",
            [
                ("Gary Goldberg", "translated"),
                ("Sergey Radchenko", "translated"),
                ("Kathryn Weathersby", "translated"),
            ],
        ),
        ("", []),
    ],
    ids=["obtained-and-translated", "two-roles-two-people", "a-list-of-three", "none"],
)
def test_the_credit_sentence_gives_contributors_by_role(sentence, expected):
    contributors = seedtext.parse_credit(sentence)

    assert [(c["name"], c["role"]) for c in contributors] == expected


def test_an_export_with_an_invalid_date_names_the_line(tmp_path, seed_003):
    broken = tmp_path / "broken.txt"
    text = seed_003.read_text(encoding="utf-8").replace("January 15, 1956", "January 35, 1956")
    broken.write_text(text, encoding="utf-8")

    with pytest.raises(Exception) as failure:
        import_files([broken])

    assert [str(error) for error in failure.value.errors] == [
        f"{broken}:3: date: 'January 35, 1956': day 35 is out of range for January 1956 (1-31)"
    ]
    assert Document.objects.count() == 0
