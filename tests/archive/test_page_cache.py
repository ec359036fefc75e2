"""Reader pages are cached per record: an edit refreshes the pages that show it, no others.

A document's page is keyed on its newest outbox row (and its related documents'); a
person's, place's, topic's or collection's pages on its ``page_version``, which the
domain actions raise in the transaction of the change. "Served from the cache" is
counted in queries: a cached page costs the look-up of its key and nothing else.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from readingroom.archive.actions import Actor, publish, save_document, save_entity, unpublish
from readingroom.archive.models import Person

pytestmark = pytest.mark.django_db

EDITOR = Actor.system("an editor")


def served(client, url: str) -> tuple[str, int]:
    """The page's HTML and how many queries it took."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), len(captured)


@pytest.fixture
def two_documents(records):
    """Two published documents naming one person, both seen once by a reader."""
    person = records.person("Yudin, Pavel")
    a = records.document("Telegram from Beijing")
    b = records.document("Conversation with Mao")
    for document in (a, b):
        records.link_person(document, person)
    return a, b, Person.objects.get(pk=person.pk)


def test_an_edit_to_one_document_leaves_the_others_page_cached(client, two_documents):
    a, b, _ = two_documents
    _, cold = served(client, f"/document/{b.record_id}")
    served(client, f"/document/{a.record_id}")
    _, warm = served(client, f"/document/{b.record_id}")
    assert warm < cold  # given B's page is cached

    # when an editor retitles A
    save_document({"record_id": a.record_id, "title": "Telegram from Peking"}, actor=EDITOR)

    # then B's page still comes from the cache (the key's look-up only)
    html, queries = served(client, f"/document/{b.record_id}")
    assert queries == warm == 1
    assert "Conversation with Mao" in html
    # and A's page shows the change at once
    html, _ = served(client, f"/document/{a.record_id}")
    assert "Telegram from Peking" in html
    assert "Telegram from Beijing" not in html


def test_renaming_a_person_refreshes_the_pages_that_show_the_name(client, records, two_documents):
    a, b, person = two_documents
    other = records.document("Memorandum on Berlin")
    for url in (
        f"/document/{a.record_id}",
        f"/document/{other.record_id}",
        person.get_absolute_url(),
    ):
        served(client, url)
    _, warm = served(client, f"/document/{other.record_id}")

    save_entity(person, {"sort_name": "Iudin, Pavel"}, actor=EDITOR)

    assert "Iudin, Pavel" in served(client, f"/document/{a.record_id}")[0]
    assert "Iudin, Pavel" in served(client, f"/document/{b.record_id}")[0]
    assert "Iudin, Pavel" in served(client, person.get_absolute_url())[0]
    # a document that does not name him is still served from the cache
    assert served(client, f"/document/{other.record_id}")[1] == warm


def test_a_person_page_lists_a_retitled_document_at_once(client, two_documents):
    a, _, person = two_documents
    assert "Telegram from Beijing" in served(client, person.get_absolute_url())[0]

    save_document({"record_id": a.record_id, "title": "Telegram from Peking"}, actor=EDITOR)

    html, _ = served(client, person.get_absolute_url())
    assert "Telegram from Peking" in html
    assert "Telegram from Beijing" not in html


def test_an_edit_elsewhere_leaves_a_person_page_cached(client, records, two_documents):
    _, _, person = two_documents
    elsewhere = records.document("Memorandum on Berlin")
    records.link_person(elsewhere, records.person("Ulbricht, Walter"))
    _, cold = served(client, person.get_absolute_url())
    _, warm = served(client, person.get_absolute_url())
    assert warm < cold

    save_document({"record_id": elsewhere.record_id, "title": "Memorandum on Bonn"}, actor=EDITOR)

    # the person's own row (its version is the key), and nothing else
    assert served(client, person.get_absolute_url())[1] == warm


def test_unpublishing_takes_the_document_off_every_cached_page(client, two_documents):
    a, _, person = two_documents
    served(client, f"/document/{a.record_id}")
    assert "Telegram from Beijing" in served(client, person.get_absolute_url())[0]

    unpublish(a, actor=EDITOR)

    assert client.get(f"/document/{a.record_id}").status_code == 404
    assert "Telegram from Beijing" not in served(client, person.get_absolute_url())[0]


def test_a_draft_is_never_cached_into_public(client, admin_client, records, two_documents):
    _, _, person = two_documents
    draft = records.draft("Secret Draft Memorandum")
    records.link_person(draft, person)
    # a signed-in editor previewing pages caches nothing readers get
    admin_client.get(f"/document/{draft.record_id}")
    admin_client.get(person.get_absolute_url())
    assert client.get(f"/document/{draft.record_id}").status_code == 404
    assert "Secret Draft Memorandum" not in served(client, person.get_absolute_url())[0]

    publish(draft, actor=EDITOR)

    assert client.get(f"/document/{draft.record_id}").status_code == 200
    assert "Secret Draft Memorandum" in served(client, person.get_absolute_url())[0]


def test_each_page_of_a_list_is_cached_apart_and_odd_queries_share_one(client, records):
    person = records.person("Mao, Zedong")
    for document in records.documents(12):
        records.link_person(document, person)
    url = person.get_absolute_url()
    first = served(client, url)[0]
    second = served(client, f"{url}?page=2")[0]
    assert "Document 002" in second and "Document 002" not in first  # newest first
    # a page past the end is the last page, and comes from the same cache entry
    _, warm = served(client, f"{url}?page=2")
    html, queries = served(client, f"{url}?page=99&sort=evil")
    assert (html, queries) == (second, warm)


def citation_jobs() -> list[list[int]]:
    from django_tasks_db.models import DBTaskResult

    jobs = DBTaskResult.objects.filter(task_path__endswith=".refresh_document_citations")
    return [job.args_kwargs["args"][0] for job in jobs.order_by("enqueued_at")]


def test_an_edit_queues_the_citations_of_what_it_changed(records, two_documents):
    # (the job renders them with citeproc-js, so that a page reads them in one query)
    a, b, person = two_documents

    save_document({"record_id": a.record_id, "title": "Telegram from Peking"}, actor=EDITOR)
    save_entity(person, {"sort_name": "Iudin, Pavel"}, actor=EDITOR)

    assert citation_jobs() == [[a.record_id], sorted([a.record_id, b.record_id])]
