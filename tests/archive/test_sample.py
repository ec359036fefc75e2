"""The bundled sample archive holds what the five seed pages show, exactly.

Expected values are read from the seed pages themselves (../shared/seeds), so that a
slip in transcribing sample.jsonl shows up here rather than being copied into the test.
"""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from readingroom.archive.models import (
    Collection,
    CollectionItem,
    Contributor,
    Document,
    DocumentContribution,
    Footnote,
    Funder,
    Person,
    PersonDocumentRelation,
    Place,
    PlaceDocumentRelation,
    Rendition,
    Repository,
    Topic,
)

pytestmark = pytest.mark.django_db

ZHOU_TO_MOLOTOV = "Letter, Zhou Enlai to Comrade Molotov"
MAO_TO_STALIN = "Letter, Mao Zedong to Comrade Filippov [Stalin]"
COLLECTION = "Sino-Soviet Scientific and Technical Cooperation"


# ---------------------------------------------------------------- reading the seeds


def normalise(text: str) -> str:
    """Whitespace as the sample keeps it: lines trimmed, one blank line between paragraphs."""
    lines = [line.replace("\xa0", " ").strip() for line in text.split("\n")]
    kept: list[str] = []
    for line in lines:
        # a blank line only after a non-blank one: runs of blank lines become one
        if line or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept).strip()


def read_seed(seeds_dir: Path, number: int) -> str:
    (path,) = seeds_dir.glob(f"{number:03d}_*.txt")
    return path.read_text(encoding="utf-8")


def between(text: str, start: str, end: str) -> str:
    """The text after ``start`` and before the next ``end``."""
    begin = text.index(start) + len(start)
    return text[begin : text.index(end, begin)]


def export_sections(text: str) -> dict[str, str]:
    """The **bold** headed sections of a text export (seeds 003, 004), and its heading."""
    heading, *rest = re.split(r"\*\*([A-Za-z ]+):\*\*", text)
    sections = {name: normalise(body) for name, body in zip(rest[::2], rest[1::2], strict=True)}
    date, *title = [line for line in normalise(heading.replace("**", "")).split("\n") if line]
    sections["Date"], sections["Title"] = date, " ".join(title)
    return sections


def export_text(text: str) -> str:
    return normalise(text.partition("Translation - English\n")[2])


def zhou_letter_text(text: str) -> str:
    return normalise(between(text, ZHOU_TO_MOLOTOV + "\n", "Zhou Enlai seeks"))


def mao_letter_text(text: str) -> str:
    body = between(text, MAO_TO_STALIN + "\n", "\n[1] ")
    return normalise(body[body.index("Comrade Filippov [Stalin]:[1]") :])


# What the saved page has where the live page showed an e-mail address (its address
# obfuscation's placeholder): not text of the statement, and in no seed the address itself.
COPYING_ARTEFACT = " at [email protected]"


def seed_rights(seed: str) -> str:
    """Seed 001's rights statement as the sample keeps it: clean of the copying artefact."""
    rights = normalise("The History and Public" + between(seed, "The History and Public", "Orig"))
    assert COPYING_ARTEFACT in rights, "seed 001 changed: look again at its rights statement"
    return rights.replace(COPYING_ARTEFACT, "")


def listed_documents(text: str) -> list[tuple[str, str, str]]:
    """(date, title, summary) of each result on seed 002."""
    paragraphs = normalise(between(text, "\nDocuments\n", "\nPagination")).split("\n\n")
    return list(zip(paragraphs[::3], paragraphs[1::3], paragraphs[2::3], strict=True))


def featured(text: str, heading: str, end: str) -> tuple[str, list[tuple[str, str]]]:
    """A featured section of seed 000: its image's description, and (name, detail) pairs."""
    lines = [line.strip() for line in between(text, heading, end).split("\n")]
    image, *lines = [line for line in lines if line and not line.startswith("Icon for Type")]
    assert image.startswith("[image: "), image
    pairs = [
        (name, detail.strip("()")) for name, detail in zip(lines[::2], lines[1::2], strict=True)
    ]
    return image.removeprefix("[image: ").removesuffix("]"), pairs


# ---------------------------------------------------------------- the documents


def test_the_sample_holds_the_fourteen_documents_of_the_seeds_all_published(sample_archive):
    assert Document.objects.count() == 14
    assert Document.objects.published().count() == 14


@pytest.mark.parametrize(
    ("number", "record_id"), [(3, 110398), (4, 116979)], ids=["seed-003", "seed-004"]
)
def test_an_exported_document_keeps_what_its_export_shows(
    sample_archive, seeds_dir, number, record_id
):
    # given the export the document was transcribed from
    seed = export_sections(read_seed(seeds_dir, number))

    # when the stored document is read
    document = Document.objects.get(record_id=record_id)

    # then it has the export's title, date, summary, funder and original language
    assert document.title == seed["Title"]
    assert document.date.display() == seed["Date"]
    assert document.summary == seed["Summary"]
    funder = seed["Credits"].removeprefix("This document was made possible with support from ")
    assert [f.name for f in document.funders.all()] == [funder]
    assert [language.name for language in document.original_languages.all()] == [
        seed["Original Language"]
    ]
    assert [r.label for r in document.renditions.all()] == [seed["Contents"].split("\n")[0]]


@pytest.mark.parametrize(
    ("record_id", "title", "date"),
    [
        (
            110398,
            "Request by the Chinese leadership to the Soviet Leadership for Help in"
            " Establishing a Chinese Nuclear Program",
            "January 15, 1956",
        ),
        (
            116979,
            "Memorandum, Chinese Embassy in Moscow to the Soviet Foreign Ministry",
            "December 14, 1957",
        ),
    ],
    ids=["110398", "116979"],
)
def test_the_two_records_with_ids_have_their_titles_and_dates(
    sample_archive, record_id, title, date
):
    document = Document.objects.get(record_id=record_id)
    assert (document.title, document.date.display()) == (title, date)


def test_the_citation_of_110398_is_the_one_its_export_prints(sample_archive, seeds_dir):
    seed = export_sections(read_seed(seeds_dir, 3))
    document = Document.objects.get(record_id=110398)

    citation = seed["Citation"].split("\n")[0]
    assert document.citation == citation
    assert [(c.contributor.name, c.role) for c in document.contributions.all()] == [
        ("Tatiana Zazerskaia", "obtained"),
        ("David Wolff", "translated"),
    ]


def test_the_archival_source_of_116979_is_kept_as_printed(sample_archive, seeds_dir):
    seed = export_sections(read_seed(seeds_dir, 4))
    document = Document.objects.get(record_id=116979)

    # the seed prints the reference before the repository, so the citation is kept verbatim
    assert f", {document.archival_source}. " in seed["Citation"]
    assert document.source_repository.name == "Russian Foreign Ministry archives"
    assert document.source_repository.location == "Moscow"
    assert document.source_reference == "Fond 100 (1957), op. 50, papka 423, delo 3"
    # the model joins shared roles in lower case ("Translated and annotated by"), where
    # this export happens to capitalise the second
    assert document.citation.casefold() == seed["Citation"].split("\n")[0].casefold()


@pytest.mark.parametrize(
    ("number", "find", "extract"),
    [
        (0, {"title": ZHOU_TO_MOLOTOV}, zhou_letter_text),
        (1, {"title": MAO_TO_STALIN}, mao_letter_text),
        (3, {"record_id": 110398}, export_text),
        (4, {"record_id": 116979}, export_text),
    ],
    ids=["seed-000", "seed-001", "seed-003", "seed-004"],
)
def test_a_full_text_is_the_seeds_text(sample_archive, seeds_dir, number, find, extract):
    # given the text as the seed page shows it
    expected = extract(read_seed(seeds_dir, number))

    # then the document's one rendition is that text, an English translation
    (rendition,) = Document.objects.get(**find).renditions.all()
    assert (rendition.kind, rendition.language.name) == ("translation", "English")
    assert normalise(rendition.text) == expected
    assert len(expected) > 1000


def test_the_footnote_of_seed_001_is_kept_with_its_reference(sample_archive, seeds_dir):
    seed = read_seed(seeds_dir, 1)
    note = next(line for line in seed.split("\n") if line.startswith("[1] "))

    (rendition,) = Document.objects.get(title=MAO_TO_STALIN).renditions.all()

    assert [(f.label, f.text) for f in rendition.footnotes.all()] == [
        ("1", normalise(note.removeprefix("[1] ")))
    ]
    assert rendition.footnotes.get().text.endswith("– Charles Kraus.")
    assert rendition.text.startswith("Comrade Filippov [Stalin]:[1]\n")


def test_the_document_page_of_seed_001_is_transcribed_in_full(sample_archive, seeds_dir):
    # given the page's description, document information and rights statement
    seed = read_seed(seeds_dir, 1)
    summary = normalise(between(seed, "– Charles Kraus.\n", "Document Information"))
    information = normalise(between(seed, "Document Information", "The History and Public"))
    rights = seed_rights(seed)

    document = Document.objects.get(title=MAO_TO_STALIN)

    assert document.date.display() == normalise(between(seed, "Skip to content", MAO_TO_STALIN))
    assert document.summary == summary
    assert f"{document.printed_source} Translated by David Cowhig." == information
    assert document.renditions.get().translator.name == "David Cowhig"
    assert document.credit_line == "Translated by David Cowhig."
    assert document.rights == rights
    assert [f.name for f in document.funders.all()] == [seed.rsplit("\n", 1)[-1]]
    assert [language.name for language in document.original_languages.all()] == ["Chinese"]
    assert document.record_id is not None


def test_every_document_carries_the_wilson_center_rights_statement(sample_archive, seeds_dir):
    rights = seed_rights(read_seed(seeds_dir, 1))

    assert set(Document.objects.values_list("rights", flat=True)) == {rights}
    assert rights.endswith("please contact the History and Public Policy Program.")
    assert "@" not in rights and "protected]" not in rights


def test_the_listed_documents_of_seed_002_are_all_there(sample_archive, seeds_dir):
    # given the ten results of the listing
    listed = listed_documents(read_seed(seeds_dir, 2))
    assert len(listed) == 10

    # then each is a document with that date and summary, and no text (the page shows none)
    for date, title, summary in listed:
        document = Document.objects.get(title=title)
        assert (document.date.display(), document.summary) == (date, summary)
        assert not document.renditions.exists()


def test_the_featured_document_is_the_one_on_the_home_page(sample_archive, seeds_dir):
    seed = read_seed(seeds_dir, 0)
    summary = normalise(seed[seed.index("Zhou Enlai seeks") :])

    (document,) = Document.objects.filter(featured=True)

    assert document.title == ZHOU_TO_MOLOTOV
    assert document.date.display() == "September 6, 1952"
    assert document.summary == summary


# ---------------------------------------------------------------- what the home page features


def test_the_featured_people_are_the_home_pages_in_its_order(sample_archive, seeds_dir):
    image, people = featured(read_seed(seeds_dir, 0), "Featured People", "See All People")

    stored = Person.objects.filter(featured=True).order_by("feature_order")

    assert [(p.sort_name, p.life_dates) for p in stored] == people
    mao = stored[0]
    assert (mao.portrait_alt, bool(mao.portrait)) == (image, False)
    stalin = Person.objects.get(sort_name="Stalin, Joseph")
    assert stalin.other_names == ["Filippov", "Сталин, Иосиф Виссарионович", "Stalin, Iosif"]


def test_the_featured_places_are_the_home_pages_in_its_order(sample_archive, seeds_dir):
    image, places = featured(read_seed(seeds_dir, 0), "Featured Places", "See All Places")

    stored = Place.objects.filter(featured=True).order_by("feature_order")

    assert [(place.name, place.region) for place in stored] == places
    assert (stored[0].image_alt, bool(stored[0].image)) == (image, False)


def test_the_home_pages_topics_are_there_and_those_featured_have_documents(
    sample_archive, seeds_dir
):
    image, topics = featured(read_seed(seeds_dir, 0), "Featured Topics", "See All Topics")

    stored = Topic.objects.filter(featured=True).order_by("feature_order")

    # every topic the real home page features is in the sample, but the sample's few
    # documents concern only the first: the demo features five topics that have some
    # (a featured "(0) documents" looks broken to a newcomer)
    names = {topic.label for topic in Topic.objects.all()}
    assert {name for name, _count in topics} <= names
    assert stored[0].label == topics[0][0]
    assert stored.count() == 5
    assert all(topic.documents.exists() for topic in stored)
    assert stored[0].span.display() == "1950-1953"
    assert stored[0].image_alt == image


# ---------------------------------------------------------------- links between records


@pytest.mark.parametrize(
    ("title", "author", "recipient"),
    [
        (ZHOU_TO_MOLOTOV, "Zhou, Enlai", "Molotov, Vyacheslav"),
        (MAO_TO_STALIN, "Mao, Zedong", "Stalin, Joseph"),
        (
            "Letter from Nikita Khrushchev to Zhou Enlai on the Prohibition of Nuclear Testing",
            "Khrushchev, Nikita",
            "Zhou, Enlai",
        ),
    ],
    ids=["zhou-to-molotov", "mao-to-stalin", "khrushchev-to-zhou"],
)
def test_a_letter_names_its_author_and_recipient(sample_archive, title, author, recipient):
    links = PersonDocumentRelation.objects.filter(document__title=title)

    assert links.get(role="author").person.sort_name == author
    assert links.get(role="recipient").person.sort_name == recipient


def test_people_named_in_a_text_are_linked_with_their_other_names(sample_archive):
    document = Document.objects.get(title=MAO_TO_STALIN)
    mentioned = document.person_links.filter(role="mentioned")

    assert {link.person.display_name for link in mentioned} == {
        "Zhou Enlai",
        "Chen Yun",
        "Li Fuchun",
        "Zhang Wentian",
        "Su Yu",
    }
    zhou = Person.objects.get(sort_name="Zhou, Enlai")
    assert (zhou.life_dates, zhou.other_names) == (
        "1898-1976",
        ["Chou En-lai", "周恩来", "Чжоу Эньлай"],
    )


def test_places_named_in_a_text_are_linked(sample_archive):
    lushun = Place.objects.get(name="Lüshun")

    assert lushun.other_names == ["Port Arthur", "旅顺", "Lushun"]
    assert list(lushun.documents.values_list("title", flat=True)) == [MAO_TO_STALIN]
    # a letter's places of writing and sending are inferred, and marked so
    origin = PlaceDocumentRelation.objects.get(document__title=MAO_TO_STALIN, role="origin")
    assert (origin.place.name, origin.uncertain) == ("Beijing", True)


def test_the_editors_certainty_is_marked_where_the_seeds_give_grounds(sample_archive):
    # Stalin is the recipient because the editors' "[Stalin]" names "Comrade Filippov"
    stalin = PersonDocumentRelation.objects.get(document__title=MAO_TO_STALIN, role="recipient")
    assert (stalin.person.sort_name, stalin.certainty) == ("Stalin, Joseph", "inferred")
    assert "[Stalin]" in stalin.certainty_note
    # 110398 is an undated attachment: its date is the catalogue's
    request = Document.objects.get(record_id=110398)
    assert (request.date.display(), request.date_certainty) == ("January 15, 1956", "probable")
    # and everything else is certain
    assert Document.objects.exclude(date_certainty="certain").count() == 1
    assert PersonDocumentRelation.objects.exclude(certainty="certain").count() == 1


def test_every_document_has_a_topic(sample_archive):
    assert not Document.objects.filter(topics=None).exists()
    assert Topic.objects.get(name="Korean War").documents.count() >= 1


def test_the_collection_lists_its_documents_in_the_order_they_were_written(sample_archive):
    collection = Collection.objects.get(name=COLLECTION)
    dates = [item.document.date_start for item in collection.items.order_by("order")]

    assert len(dates) >= 5
    assert dates == sorted(dates)


def test_the_two_exported_documents_are_related(sample_archive):
    request = Document.objects.get(record_id=110398)
    memorandum = Document.objects.get(record_id=116979)

    assert list(request.related.all()) == [memorandum]
    assert list(memorandum.related.all()) == [request]


# ---------------------------------------------------------------- loading again


COUNTED = [
    Document,
    Rendition,
    Footnote,
    DocumentContribution,
    Contributor,
    PersonDocumentRelation,
    PlaceDocumentRelation,
    Person,
    Place,
    Topic,
    Collection,
    CollectionItem,
    Repository,
    Funder,
    Document.related.through,
    Document.topics.through,
    Document.funders.through,
]


def counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in COUNTED}


def test_loading_the_sample_again_changes_nothing(sample_archive):
    # given the sample, loaded once
    before = counts()
    texts = dict(Rendition.objects.values_list("document__title", "text"))

    # when it is loaded again
    call_command("load_sample", verbosity=0)

    # then nothing was added, and the texts are as they were
    assert counts() == before
    assert dict(Rendition.objects.values_list("document__title", "text")) == texts
    assert before["archive.Document"] == 14


def test_a_marking_is_given_only_where_a_seed_prints_one(sample_archive):
    # seed 003's translation opens "Top Secret Attachment No. 4"; no other seed has one
    request = Document.objects.get(record_id=110398)
    assert (request.classification, request.classification_level) == ("Top Secret", "top-secret")
    assert Document.objects.exclude(classification="").count() == 1
