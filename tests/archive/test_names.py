"""Names in parts: the default split (archive/names.py), kept on people and contributors."""

import importlib

import pytest
from django.apps import apps

from readingroom.archive.models import Contributor, Person
from readingroom.archive.names import NameOrder, NameParts, csl_name, split_name

FAMILY_FIRST, GIVEN_FIRST = NameOrder.FAMILY_FIRST, NameOrder.GIVEN_FIRST
LITERAL = NameOrder.LITERAL


@pytest.mark.parametrize(
    ("name", "sort_name", "expected"),
    [
        ("Zhang Shu Guang", "", ("Zhang", "Shu Guang", FAMILY_FIRST)),
        ("Chen Jian", "", ("Chen", "Jian", FAMILY_FIRST)),
        ("Mao Zedong", "Mao, Zedong", ("Mao", "Zedong", FAMILY_FIRST)),
        ("Zhou Enlai", "Zhou, Enlai", ("Zhou", "Enlai", FAMILY_FIRST)),
        ("Mao Tse-tung", "Mao, Zedong", ("Mao", "Zedong", FAMILY_FIRST)),
        ("Kim Il Sung", "Kim, Il Sung", ("Kim", "Il Sung", FAMILY_FIRST)),
        ("Ho Chi Minh", "", ("Ho", "Chi Minh", FAMILY_FIRST)),
        ("Nguyễn Văn Thiệu", "", ("Nguyễn", "Văn Thiệu", FAMILY_FIRST)),
        ("Chou En-lai", "", ("Chou", "En-lai", FAMILY_FIRST)),
        ("Wang Ping-nan (Wang Bingnan)", "", ("Wang", "Ping-nan", FAMILY_FIRST)),
        ("毛泽东", "", ("毛", "泽东", FAMILY_FIRST)),
        ("欧阳修", "", ("欧阳", "修", FAMILY_FIRST)),
        ("김일성", "", ("김", "일성", FAMILY_FIRST)),
        ("田中 角栄", "", ("田中", "角栄", FAMILY_FIRST)),
        ("Nikita Khrushchev", "Khrushchev, Nikita", ("Khrushchev", "Nikita", GIVEN_FIRST)),
        ("Nikita Sergeevich Khrushchev", "", ("Khrushchev", "Nikita Sergeevich", GIVEN_FIRST)),
        ("Khrushchev Nikita Sergeevich", "", ("Khrushchev", "Nikita Sergeevich", GIVEN_FIRST)),
        ("Хрущёв, Никита Сергеевич", "", ("Хрущёв", "Никита Сергеевич", GIVEN_FIRST)),
        ("Хрущёв Никита Сергеевич", "", ("Хрущёв", "Никита Сергеевич", GIVEN_FIRST)),
        ("Vladimir Ilyich Lenin", "", ("Lenin", "Vladimir Ilyich", GIVEN_FIRST)),
        ("John Paul Aldrich", "", ("Aldrich", "John Paul", GIVEN_FIRST)),
        ("Emir Farid Chehab", "Chehab, Emir Farid", ("Chehab", "Emir Farid", GIVEN_FIRST)),
        ("David Wolff", "", ("Wolff", "David", GIVEN_FIRST)),
        ("Charles de Gaulle", "", ("de Gaulle", "Charles", GIVEN_FIRST)),
        ("Illarionov", "Illarionov", ("Illarionov", "", GIVEN_FIRST)),
        ("Politburo of the CC CPSU", "", ("Politburo of the CC CPSU", "", LITERAL)),
        ("The Secretary of State", "", ("The Secretary of State", "", LITERAL)),
        ("Chinese Embassy in Moscow", "", ("Chinese Embassy in Moscow", "", LITERAL)),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_a_name_splits_by_its_default(name, sort_name, expected):
    assert split_name(name, sort_name=sort_name) == NameParts(*expected)


@pytest.mark.parametrize(
    ("parts", "spoken", "inverted", "csl"),
    [
        (
            NameParts("Mao", "Zedong", FAMILY_FIRST),
            "Mao Zedong",
            "Mao, Zedong",
            {"family": "Mao", "given": "Zedong", "static-ordering": True},
        ),
        (
            NameParts("毛", "泽东", FAMILY_FIRST),
            "毛泽东",
            "毛, 泽东",
            {"family": "毛", "given": "泽东", "static-ordering": True},
        ),
        (
            NameParts("Khrushchev", "Nikita Sergeevich"),
            "Nikita Sergeevich Khrushchev",
            "Khrushchev, Nikita Sergeevich",
            {"family": "Khrushchev", "given": "Nikita Sergeevich"},
        ),
        (NameParts("Illarionov"), "Illarionov", "Illarionov", {"family": "Illarionov"}),
        (
            NameParts("Politburo of the CC CPSU", "", LITERAL),
            "Politburo of the CC CPSU",
            "Politburo of the CC CPSU",
            {"literal": "Politburo of the CC CPSU"},
        ),
    ],
    ids=["romanized-family-first", "chinese-script", "russian", "one-word", "institution"],
)
def test_parts_read_as_spoken_inverted_and_csl(parts, spoken, inverted, csl):
    assert (parts.spoken, parts.inverted, csl_name(parts)) == (spoken, inverted, csl)


def test_a_new_person_and_contributor_are_split_when_saved(db):
    person = Person.objects.create(sort_name="Kim, Il Sung", display_name="Kim Il Sung")
    contributor = Contributor.objects.create(name="Zhang Shu Guang")

    person.refresh_from_db()
    contributor.refresh_from_db()

    assert (person.family_name, person.given_name, person.name_order) == (
        "Kim",
        "Il Sung",
        "family-first",
    )
    assert (contributor.family_name, contributor.given_name, contributor.name_order) == (
        "Zhang",
        "Shu Guang",
        "family-first",
    )


def test_an_editors_correction_is_kept_when_saved_again(db):
    # given a Western-ordered Chinese name the default reads family-first
    contributor = Contributor.objects.create(name="Jung Chang")
    assert contributor.name_parts == NameParts("Jung", "Chang", FAMILY_FIRST)

    # when an editor corrects it
    contributor.family_name, contributor.given_name = "Chang", "Jung"
    contributor.name_order = NameOrder.GIVEN_FIRST
    contributor.save()
    contributor.name = "Jung Chang"
    contributor.save()

    assert Contributor.objects.get().name_parts == NameParts("Chang", "Jung", GIVEN_FIRST)


def test_a_row_inserted_in_bulk_is_split_as_it_is_read(db):
    (contributor,) = Contributor.objects.bulk_create([Contributor(name="Chen Jian", slug="cj")])

    assert Contributor.objects.get(pk=contributor.pk).name_order == ""
    assert Contributor.objects.get(pk=contributor.pk).name_parts == NameParts(
        "Chen", "Jian", FAMILY_FIRST
    )


def test_the_migration_fills_the_parts_of_existing_rows(db):
    # given rows from before the migration: no parts, no order
    Person.objects.bulk_create(
        [
            Person(sort_name="Mao, Zedong", display_name="Mao Zedong", slug="mao"),
            Person(sort_name="Khrushchev, Nikita", display_name="Nikita Khrushchev", slug="nk"),
        ]
    )
    Contributor.objects.bulk_create([Contributor(name="Chen Jian", slug="cj")])
    migration = importlib.import_module("readingroom.archive.migrations.0012_name_parts")

    migration.fill_name_parts(apps, None)

    assert list(Person.objects.values_list("family_name", "given_name", "name_order")) == [
        ("Khrushchev", "Nikita", "given-first"),
        ("Mao", "Zedong", "family-first"),
    ]
    assert Contributor.objects.get().name_parts == NameParts("Chen", "Jian", FAMILY_FIRST)


def back_office(role: str = "Reviewer"):
    from django.test import Client

    from tests.fixtures.clients import user_with

    client = Client()
    client.force_login(user_with(role))
    return client


def form_of(page) -> dict:
    return {
        field.html_name: field.value()
        for field in page.context["form"]
        if field.value() not in (None, False)
        and not field.field.disabled
        and field.name not in ("portrait", "image")
    } | {"seen_revision": page.context["seen_revision"]}


def test_editors_see_and_correct_a_persons_name_parts_in_the_back_office(db):
    person = Person.objects.create(sort_name="Mao, Zedong", display_name="Mao Zedong")
    url = f"/editor/records/person/{person.pk}/"
    client = back_office("Editor")  # the person is not public yet: an Editor's to edit

    page = client.get(url)
    assert page.context["form"]["family_name"].value() == "Mao"
    assert page.context["form"]["given_name"].value() == "Zedong"
    data = form_of(page) | {"given_name": "Tse-tung", "other_names": ""}
    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.name_parts == NameParts("Mao", "Tse-tung", FAMILY_FIRST)


def test_editors_correct_a_contributors_name_parts_in_the_back_office(db):
    contributor = Contributor.objects.create(name="Politburo Watcher")
    url = f"/editor/records/contributor/{contributor.pk}/"
    assert contributor.name_order == "literal"
    client = back_office("Editor")

    data = form_of(client.get(url)) | {
        "family_name": "Watcher",
        "given_name": "Politburo",
        "name_order": "given-first",
    }
    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Contributor.objects.get().name_parts == NameParts("Watcher", "Politburo")


def test_corrected_name_parts_survive_an_export_and_its_restore(db, tmp_path):
    from django.core.management import call_command

    from readingroom.curation.export import export_archive

    # given an editor's corrections of a person and of a contributor
    Person.objects.create(
        sort_name="Chang, Jung", display_name="Jung Chang", name_order=GIVEN_FIRST,
        family_name="Chang", given_name="Jung",
    )  # fmt: skip
    Contributor.objects.create(
        name="Lee Smith", family_name="Smith", given_name="Lee", name_order=GIVEN_FIRST
    )
    export_archive(tmp_path / "export")
    Person.objects.all().delete()
    Contributor.objects.all().delete()

    call_command("restore", str(tmp_path / "export"), "--no-reindex", verbosity=0)

    assert Person.objects.get().name_parts == NameParts("Chang", "Jung", GIVEN_FIRST)
    assert Contributor.objects.get().name_parts == NameParts("Smith", "Lee", GIVEN_FIRST)
