"""A reader searches among one person's documents from that person's page."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("section", ["person", "place", "topic", "collection"])
def test_entity_pages_offer_a_search_among_their_documents(client, records, section):
    entity = getattr(records, section)(published=True)
    path = {"person": "people", "place": "places", "topic": "topics", "collection": "collections"}

    html = client.get(f"/{path[section]}/{entity.slug}").content.decode()

    assert 'action="/search"' in html
    assert f'<input type="hidden" name="{section}" value="{entity.slug}">' in html
