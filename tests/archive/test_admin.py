"""Editors use Django's admin for now: saving through it keeps dates and writes the outbox."""

import pytest

from readingroom.archive.models import Document, DocumentChange

pytestmark = pytest.mark.django_db

INLINES = ["contributions", "person_links", "place_links", "renditions"]


def inline_management(prefixes):
    data = {}
    for prefix in prefixes:
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data


def test_an_editor_adds_a_document_in_the_admin(admin_client):
    # when an editor fills in the add form with a month-precision date
    response = admin_client.post(
        "/admin/archive/document/add/",
        {
            "title": "Telegram from Moscow",
            "date": "June 1957",
            "status": "draft",
            **inline_management(INLINES),
        },
    )

    # then the document is saved with its precision, and the change reaches the outbox
    assert response.status_code == 302, response.content.decode()[:2000]
    document = Document.objects.get(title="Telegram from Moscow")
    assert document.date.display() == "June 1957"
    assert list(DocumentChange.objects.values_list("record_id", "deleted")) == [
        (document.record_id, False)
    ]


def test_the_admin_names_a_bad_date(admin_client):
    response = admin_client.post(
        "/admin/archive/document/add/",
        {
            "title": "Telegram",
            "date": "June 31, 1957",
            "status": "draft",
            **inline_management(INLINES),
        },
    )

    assert response.status_code == 200
    assert "day 31 is out of range for June 1957 (1-30)" in response.content.decode()
    assert not Document.objects.exists()


def test_deleting_in_the_admin_is_noted_as_a_deletion(admin_client):
    document = Document.objects.create(title="Published by mistake", status="published")

    response = admin_client.post(
        f"/admin/archive/document/{document.record_id}/delete/", {"post": "yes"}
    )

    assert response.status_code == 302
    assert list(DocumentChange.objects.values_list("record_id", "deleted")) == [
        (document.record_id, True)
    ]


def test_the_admin_lists_and_edits_people_and_documents(admin_client):
    document = Document.objects.create(title="Letter", date="1952-07-27")

    assert admin_client.get("/admin/archive/document/").status_code == 200
    page = admin_client.get(f"/admin/archive/document/{document.record_id}/change/")
    assert page.status_code == 200
    assert 'value="July 27, 1952"' in page.content.decode()
    for model in ["person", "place", "topic", "collection", "rendition", "page"]:
        assert admin_client.get(f"/admin/archive/{model}/").status_code == 200
