"""Chinese, Korean, Russian, Western and institutional names, through every format.

One letter names them all: authors Mao Zedong (family-first), Kim Il Sung (Korean,
family-first), Nikita Sergeevich Khrushchev (Russian, with patronymic) and the Politburo
(an institution, never divided); its recipient is Joseph Stalin; Zhang Shu Guang and
David Wolff translated it, Chen Jian edited it, and 周恩来's name is in Chinese characters.
"""

from urllib.parse import parse_qsl

import bibtexparser
import pytest
import rispy

from readingroom.archive.models import (
    Contributor,
    Document,
    DocumentContribution,
    Person,
    PersonDocumentRelation,
)
from readingroom.interop import citations, metadata
from readingroom.interop.formatted import citation_documents, page_citations


@pytest.fixture
def letter(db, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    document = Document.objects.create(
        record_id=200001,
        title="Letter to Comrade Stalin",
        date="1950-02-14",
        document_type=Document.Type.LETTER,
        status=Document.Status.PUBLISHED,
    )
    people = [
        ("Mao, Zedong", "Mao Zedong", "author"),
        ("Kim, Il Sung", "Kim Il Sung", "author"),
        ("Khrushchev, Nikita Sergeevich", "Nikita Sergeevich Khrushchev", "author"),
        ("Politburo of the CC CPSU", "Politburo of the CC CPSU", "author"),
        ("周恩来", "周恩来", "author"),
        ("Stalin, Joseph", "Joseph Stalin", "recipient"),
    ]
    for sort_name, display_name, role in people:
        person = Person.objects.create(sort_name=sort_name, display_name=display_name)
        PersonDocumentRelation.objects.create(document=document, person=person, role=role)
    for order, (name, role) in enumerate(
        [("Zhang Shu Guang", "translated"), ("David Wolff", "translated"), ("Chen Jian", "edited")]
    ):
        DocumentContribution.objects.create(
            document=document,
            contributor=Contributor.objects.create(name=name),
            role=role,
            order=order,
        )
    return citation_documents().get(record_id=200001)


def test_csl_json_carries_parts_order_and_role(letter):
    item = citations.csl_item(letter)

    # people are listed by sort name within a role
    assert item["author"] == [
        {"family": "Khrushchev", "given": "Nikita Sergeevich"},
        {"family": "Kim", "given": "Il Sung", "static-ordering": True},
        {"family": "Mao", "given": "Zedong", "static-ordering": True},
        {"literal": "Politburo of the CC CPSU"},
        {"family": "周", "given": "恩来", "static-ordering": True},
    ]
    assert item["recipient"] == [{"family": "Stalin", "given": "Joseph"}]
    assert item["translator"] == [
        {"family": "Zhang", "given": "Shu Guang", "static-ordering": True},
        {"family": "Wolff", "given": "David"},
    ]
    assert item["editor"] == [{"family": "Chen", "given": "Jian", "static-ordering": True}]


def test_bibtex_keeps_the_parts_and_the_institution_whole(letter):
    (entry,) = bibtexparser.parse_string(citations.bibtex(letter)).entries

    assert entry["author"] == (
        "Khrushchev, Nikita Sergeevich and Kim, Il Sung and Mao, Zedong"
        " and {Politburo of the CC CPSU} and 周, 恩来"
    )
    assert entry["translator"] == "Zhang, Shu Guang and Wolff, David"
    assert entry["editor"] == "Chen, Jian"


def test_ris_names_each_creator_in_its_tag(letter):
    (record,) = rispy.loads(citations.ris(letter))

    assert record["authors"] == [
        "Khrushchev, Nikita Sergeevich",
        "Kim, Il Sung",
        "Mao, Zedong",
        "Politburo of the CC CPSU",
        "周, 恩来",
    ]
    assert record["secondary_authors"] == ["Stalin, Joseph"]
    assert record["subsidiary_authors"] == ["Zhang, Shu Guang", "Wolff, David"]
    # rispy knows no ED, which Zotero reads as editor
    assert record["unknown_tag"] == {"ED": ["Chen, Jian"]}


def test_the_styles_keep_family_names_first(letter, citeproc_js):
    texts = {citation.key: citation.text for citation in page_citations(letter)}

    # Chicago and MLA: first author inverted as usual, East Asian names never turned round
    assert texts["chicago"].startswith(
        "Khrushchev, Nikita Sergeevich, Kim Il Sung, Mao Zedong, Politburo of the CC CPSU,"
        " and 周恩来."
    )
    assert texts["chicago-note"].startswith("Nikita Sergeevich Khrushchev et al.")
    assert "Translated by Zhang Shu Guang and David Wolff." in texts["chicago"]
    assert "Edited by Chen Jian." in texts["chicago"]
    assert texts["mla"].startswith("Khrushchev, Nikita Sergeevich, et al.")
    # APA: initials for the given names, and the family name still first
    assert texts["apa"].startswith(
        "Khrushchev, N. S., Kim I. S., Mao Z., Politburo of the CC CPSU, & 周恩来."
    )
    assert "Zedong Mao" not in " ".join(texts.values())
    assert "Shu Guang Zhang" not in " ".join(texts.values())


def test_coins_and_meta_tags_give_family_comma_given(letter):
    authors = [
        "Khrushchev, Nikita Sergeevich",
        "Kim, Il Sung",
        "Mao, Zedong",
        "Politburo of the CC CPSU",
        "周, 恩来",
    ]

    coins = [value for key, value in parse_qsl(metadata.coins(letter)) if key == "rft.au"]
    highwire = [value for key, value in metadata.highwire_tags(letter) if key == "citation_author"]
    dublin_core = [value for key, value in metadata.dublin_core_tags(letter) if key == "DC.creator"]

    assert coins == highwire == dublin_core == authors


def test_json_ld_gives_each_person_its_parts(letter):
    data = metadata.document_jsonld(letter)

    assert [(a["@type"], a["name"], a.get("familyName")) for a in data["author"]] == [
        ("Person", "Nikita Sergeevich Khrushchev", "Khrushchev"),
        ("Person", "Kim Il Sung", "Kim"),
        ("Person", "Mao Zedong", "Mao"),
        ("Organization", "Politburo of the CC CPSU", None),
        ("Person", "周恩来", "周"),
    ]
    assert data["translator"][0] == {
        "@type": "Person",
        "name": "Zhang Shu Guang",
        "familyName": "Zhang",
        "givenName": "Shu Guang",
    }
    assert data["editor"] == [
        {"@type": "Person", "name": "Chen Jian", "familyName": "Chen", "givenName": "Jian"}
    ]
