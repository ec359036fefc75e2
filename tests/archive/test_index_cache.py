"""The A-Z indexes are cached, and a change in the outbox makes them count again."""

import pytest

from readingroom.archive.actions import Actor, unpublish
from readingroom.archive.models import note_changed

pytestmark = pytest.mark.django_db


def test_an_unpublished_document_leaves_the_people_index_count(client, records):
    # given a person with one published document, counted on the index
    person = records.person(sort_name="Yudin, Pavel")
    document = records.document("Conversation with Yudin")
    records.link_person(document, person)
    assert "(1)" in client.get("/people").content.decode()

    # when a reviewer unpublishes it
    unpublish(document, actor=Actor.system("a reviewer"))

    # then the index counts it no more: with no published document, the person is
    # no longer public at all
    assert "Yudin, Pavel" not in client.get("/people").content.decode()


def test_a_new_person_appears_on_the_index_at_once(client, records):
    records.person(sort_name="Khrushchev, Nikita", published=True)
    assert "Khrushchev, Nikita" in client.get("/people").content.decode()

    records.person(sort_name="Molotov, Vyacheslav", published=True)

    assert "Molotov, Vyacheslav" in client.get("/people").content.decode()


def test_a_cached_document_page_goes_when_the_document_is_unpublished(client, records):
    # given a reader has seen a published document (its page is now cached)
    document = records.document("Telegram from Beijing")
    assert client.get(f"/document/{document.record_id}").status_code == 200

    # when an editor unpublishes it (noting the change, as every write path does)
    document.status = "draft"
    document.save()
    note_changed([document.record_id])

    # then readers get the 404 at once
    assert client.get(f"/document/{document.record_id}").status_code == 404


def test_a_cached_document_page_shows_an_edit_at_once(client, records):
    document = records.document("Telegram from Beijing")
    client.get(f"/document/{document.record_id}")

    document.title = "Telegram from Peking"
    document.save()
    note_changed([document.record_id])

    html = client.get(f"/document/{document.record_id}").content.decode()
    assert "Telegram from Peking" in html
    # and so do its citations in the other styles, which are kept per document
    styles = html[html.index('class="cite-styles"') :]
    assert "Telegram from Peking" in styles
    assert "Telegram from Beijing" not in styles
