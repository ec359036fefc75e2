"""The editing screens of people, places, topics and collections, and merging from them."""

import pytest

from readingroom.archive.models import Person

pytestmark = pytest.mark.django_db


def test_a_person_screen_groups_its_fields_under_legends(client_as, records):
    person = records.person("Zhou Enlai", birth="1898")

    page = client_as("editor").get(f"/editor/records/person/{person.pk}/").content.decode()

    for legend in ("Name", "Life", "Picture", "Publication"):
        assert f"<legend>{legend}</legend>" in page
    assert page.index("<legend>Name</legend>") < page.index('name="sort_name"')
    assert page.index("<legend>Life</legend>") < page.index('name="birth"')
    assert f"/editor/history/person/{person.pk}/" in page


def test_an_error_names_the_field_and_keeps_what_was_typed(client_as, records):
    person = records.person("Zhou Enlai")

    response = client_as("editor").post(
        f"/editor/records/person/{person.pk}/", {"sort_name": "", "biography": "Premier 周恩来"}
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_sort_name">Sort name: This field is required.' in page
    assert "Premier 周恩来" in page
    assert Person.objects.get(pk=person.pk).sort_name == "Zhou Enlai"


def test_likely_duplicates_are_found_by_a_similar_name(client_as, records):
    zhou = records.person("Zhou Enlai")
    chou = records.person("Chou En-lai")
    records.person("Mao Zedong")

    page = client_as("reviewer").get(f"/editor/records/person/{chou.pk}/merge-into")

    likely = page.context["likely"]
    assert likely == [zhou]


def test_merging_into_another_person_after_confirming(client_as, records):
    zhou, chou = records.person("Zhou Enlai"), records.person("Chou En-lai")
    records.link_person(records.document("Talk with Zhou"), zhou)
    records.link_person(records.document("Talk with Chou"), chou)
    old_url = chou.get_absolute_url()
    reviewer = client_as("reviewer")

    # choosing the one to keep shows what moves, and changes nothing yet
    confirm = reviewer.get(f"/editor/records/person/{chou.pk}/merge-into", {"keep": zhou.pk})
    page = confirm.content.decode()
    assert "Talk with Chou" in page and "Talk with Zhou" not in page
    assert f"will redirect to <code>{zhou.get_absolute_url()}</code>" in page
    assert "<li>Chou En-lai</li>" in page
    assert Person.objects.filter(pk=chou.pk).exists()

    # confirming merges
    merged = reviewer.post(
        f"/editor/records/person/{chou.pk}/merge-into", {"keep": zhou.pk}, follow=True
    )
    assert "Merged “Chou En-lai” into “Zhou Enlai”." in merged.content.decode()
    assert not Person.objects.filter(pk=chou.pk).exists()
    zhou.refresh_from_db()
    assert zhou.other_names == ["Chou En-lai"]
    assert client_as(None).get(old_url).url == zhou.get_absolute_url()


def test_only_a_reviewer_merges_into_another(client_as, records):
    zhou, chou = records.person("Zhou Enlai"), records.person("Chou En-lai")

    response = client_as("editor").post(
        f"/editor/records/person/{chou.pk}/merge-into", {"keep": zhou.pk}
    )

    assert response.status_code == 403
    assert Person.objects.filter(pk=chou.pk).exists()


def test_continuing_without_a_choice_asks_for_one(client_as, records):
    chou = records.person("Chou En-lai")

    page = client_as("reviewer").get(f"/editor/records/person/{chou.pk}/merge-into?keep=")

    assert "Choose the person to keep." in page.content.decode()
    assert page.context["keep"] is None


def test_a_topic_merge_lists_no_names_that_topics_do_not_keep(client_as, records):
    kept, duplicate = records.topic("Sino-Soviet split"), records.topic("Sino Soviet split")

    reviewer = client_as("reviewer")

    choose = reviewer.get(f"/editor/records/topic/{duplicate.pk}/merge-into")
    confirm = reviewer.get(f"/editor/records/topic/{duplicate.pk}/merge-into", {"keep": kept.pk})

    assert choose.context["likely"] == [kept]
    assert "other names" not in confirm.content.decode()
