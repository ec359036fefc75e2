"""No page's number of queries grows with the number of documents or links it shows.

Each test renders a page with 2 linked records, adds 10 more, renders it again, and
asserts that both took the same number of queries (so no N+1 hides in a template).
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from readingroom.archive.models import DocumentRelation


def queries_for(client, url: str) -> int:
    """The queries of a page served cold: nothing cached (the most a reader can cost)."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.fixture
def hub(records):
    """One of each entity and a document; ``grow(n)`` links n more records to all of them."""

    class Hub:
        person = records.person("Mao, Zedong", birth="1893", death="1976", featured=True)
        place = records.place("China", region="East Asia", featured=True)
        topic = records.topic("Korean War", span="1950/1953", featured=True)
        collection = records.collection("Sino-Soviet Relations", featured=True)
        document = records.document("Letter, Mao Zedong to Comrade Filippov", featured=True)

        def grow(self, n: int) -> None:
            records.rendition(self.document, "A rendition [1].", notes={"1": "A note."})
            for i in range(n):
                document = records.document(f"Linked Document {i}", featured=True)
                records.rendition(document, "Comrade Molotov:[1]", notes={"1": "A note."})
                records.link_person(document, self.person)
                records.link_place(document, self.place)
                document.topics.add(self.topic)
                records.add_to_collection(records.collection(), [document])
                self.collection.items.create(document=document, order=self.collection.items.count())
                document.funders.add(records.funder(f"Funder {document.pk}"))
                records.contribute(document, f"Translator {document.pk}", "translated")
                # and the hub document gains one of everything
                self.document.related.add(document)
                DocumentRelation.objects.create(
                    document=self.document, other=document, kind="replies-to"
                )
                DocumentRelation.objects.create(
                    document=document, other=self.document, kind="mentions"
                )
                records.link_person(self.document, records.person(featured=True))
                records.link_place(self.document, records.place(featured=True))
                self.document.topics.add(records.topic(featured=True))
                self.document.funders.add(records.funder(f"Hub funder {document.pk}"))
                records.contribute(self.document, f"Hub translator {document.pk}", "edited")
                self.document.original_languages.add(records.language(["ru", "zh", "de"][i % 3]))
                records.add_to_collection(records.collection(), [self.document])

    return Hub()


PAGES = {
    "home": lambda hub: "/",
    "catalog": lambda hub: "/catalog",
    "document": lambda hub: hub.document.get_absolute_url(),
    "person": lambda hub: hub.person.get_absolute_url(),
    "place": lambda hub: hub.place.get_absolute_url(),
    "topic": lambda hub: hub.topic.get_absolute_url(),
    "collection": lambda hub: hub.collection.get_absolute_url(),
    "people": lambda hub: "/people",
    "places": lambda hub: "/places",
    "topics": lambda hub: "/topics",
    "collections": lambda hub: "/collections",
}


@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
def test_queries_do_not_grow_with_the_records_shown(client, hub, page):
    # Given a page with two linked records
    hub.grow(2)
    url = page(hub)
    few = queries_for(client, url)

    # When ten more are linked
    hub.grow(10)
    many = queries_for(client, url)

    # Then the page takes as many queries as before
    assert many == few


# The catalog's decades cost an outbox look-up and, once per change, a grouped count.
@pytest.mark.parametrize(
    ("page", "budget"),
    # The document page: one more for its thread (both directions in one query).
    [("home", 9), ("catalog", 6), ("document", 17), ("person", 9), ("people", 4)],
    ids=["home", "catalog", "document", "person", "people"],
)
def test_pages_stay_within_a_small_query_budget(client, hub, page, budget):
    hub.grow(3)

    assert queries_for(client, PAGES[page](hub)) <= budget
