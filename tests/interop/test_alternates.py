"""Every reader page names its machine twins in <head>, and they answer."""

import re

import pytest

pytestmark = pytest.mark.django_db

ALTERNATE = re.compile(r'<link rel="alternate" type="([^"]+)" title="[^"]*" href="([^"]+)">')


def alternates(client, url) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for kind, href in ALTERNATE.findall(client.get(url).content.decode()):
        found.setdefault(kind, []).append(href)
    return found


def test_pages_link_their_json_twin_and_feeds(client, records):
    # given a person with a published document on a topic
    person = records.person(sort_name="Zhou, Enlai")
    topic = records.topic("Sino-Soviet Relations")
    document = records.document("Letter, Zhou Enlai to Comrade Molotov")
    records.link_person(document, person)
    records.tag(document, topic)

    # then each page names its JSON twin and feeds, and every one of them answers 200
    expected = {
        f"/document/{document.record_id}": ["/api/documents/" + str(document.record_id)],
        f"/people/{person.slug}": [f"/api/people/{person.slug}"],
        f"/topics/{topic.slug}": [f"/api/topics/{topic.slug}"],
        "/catalog": ["/api/documents"],
        "/people": ["/api/people"],
    }
    for page, json_twins in expected.items():
        links = alternates(client, page)
        assert links["application/json"] == json_twins, page
        assert "/feeds/documents.atom" in links["application/atom+xml"]
        for href in links["application/json"] + links["application/atom+xml"]:
            assert client.get(href).status_code == 200, href
    assert (
        f"/feeds/people/{person.slug}.atom"
        in alternates(client, f"/people/{person.slug}")["application/atom+xml"]
    )


def test_entity_pages_carry_json_ld_and_breadcrumbs(client, records):
    person = records.person(sort_name="Mao, Zedong", published=True)

    html = client.get(f"/people/{person.slug}").content.decode()

    assert html.count('<script type="application/ld+json">') == 2
    assert '"@type": "BreadcrumbList"' in html or '"@type":"BreadcrumbList"' in html
