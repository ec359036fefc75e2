"""A person renamed through any path is found by the new name within two seconds.

Import, back office and API all change a person through the domain actions, which note
the documents that show the person in the outbox; the indexer thread takes them in.
"""

import json
import time

import pytest
from django.test import Client

from readingroom.archive.models import Revision
from readingroom.importers.base import import_files
from readingroom.interop.models import ApiToken
from readingroom.search.indexer import ensure_background_indexer, stop_background_indexer
from tests.fixtures.clients import api, user_with


def rename_by_import(person, new_name, tmp_path):
    path = tmp_path / "rename.jsonl"
    record = {"type": "person", "sort_name": person.sort_name, "display_name": new_name}
    record["other_names"] = [new_name]
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n")
    import_files([path])


def rename_in_back_office(person, new_name, tmp_path):
    client = Client()
    client.force_login(user_with("Reviewer"))
    page = client.get(f"/editor/records/person/{person.pk}/")
    data = {
        field.html_name: field.value()
        for field in page.context["form"]
        if field.value() not in (None, False) and field.name not in ("portrait",)
    }
    data["other_names"] = new_name
    data["display_name"] = new_name
    data["seen_revision"] = page.context["seen_revision"]
    response = client.post(f"/editor/records/person/{person.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]


def rename_through_the_api(person, new_name, tmp_path):
    token = ApiToken.issue(user_with("Reviewer"))
    body = {"display_name": new_name, "other_names": [new_name]}
    response = api("patch", f"/api/people/{person.slug}", token, body)
    assert response.status_code == 200, response.content


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "rename",
    [rename_by_import, rename_in_back_office, rename_through_the_api],
    ids=["import", "back office", "api"],
)
def test_renaming_a_person_changes_search_results_within_two_seconds(
    records, settings, search_index, tmp_path, rename
):
    # given a published document naming a person, indexed, and the indexer thread running
    settings.SEARCH_INDEXER = "thread"
    person = records.person("Filippov, Ivan")
    records.link_person(records.document("Letter to Comrade Filippov"), person)
    search_index.rebuild()
    search = Client()

    def found(query):
        return search.get("/search.json", {"q": query}).json()["total"]

    try:
        ensure_background_indexer()
        assert found("Stalin") == 0

        # when the person is given another name ("Filippov" was Stalin's alias)
        rename(person, "Stalin", tmp_path)
        renamed = time.monotonic()

        # then a search for the new name finds the document within two seconds
        while not found("Stalin") and time.monotonic() - renamed < 2.0:
            time.sleep(0.05)
        assert found("Stalin") == 1
    finally:
        stop_background_indexer()
    # and the change is in the person's history
    assert Revision.objects.filter(object_id=person.pk, object_repr=str(person)).exists()


def test_after_a_merge_search_facets_show_one_person_counting_every_document(
    records, search_index, search
):
    # given three "Khrushchev" people on four published documents, indexed
    from readingroom.archive.actions import Actor, merge_entities

    people = [records.person(name) for name in ("Khrushchev, Nikita", "Khrushchev, N. S.")]
    documents = records.documents(4)
    for document, person in zip(documents, [*people, *people], strict=True):
        records.link_person(document, person)
    records.link_person(documents[0], people[1], role="mentioned")  # both in one
    search_index.rebuild()
    facet = {v["key"]: v["count"] for v in search()["facets"]["person"]}
    assert facet == {"khrushchev-nikita": 2, "khrushchev-n-s": 3}

    # when they are merged, and the indexer takes in the outbox
    merge_entities(people[0], [people[1]], actor=Actor.system("a reviewer"))
    search_index.sync()

    # then the facet shows one person, counting each document once
    facet = {v["key"]: v["count"] for v in search()["facets"]["person"]}
    assert facet == {"khrushchev-nikita": 4}
