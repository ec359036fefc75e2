"""sitemap.xml (an index of sections) and robots.txt, valid against the sitemaps.org schemas."""

import datetime as dt

import pytest

from readingroom.archive.actions.counts import recount_all
from readingroom.archive.models import (
    Collection,
    CollectionItem,
    Document,
    Page,
    Person,
    PersonDocumentRelation,
    Place,
    Topic,
)
from readingroom.interop import sitemaps

from .xml_schemas import assert_valid, sitemap_schema

SM = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SITE = "http://127.0.0.1:8000"
MAY_2 = dt.datetime(2024, 5, 2, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def archive(db):
    """Two published documents, a draft, one of each entity (the collection holding only
    the draft), and the About page."""
    for record_id, status in [(1, "published"), (2, "published"), (3, "draft")]:
        Document.objects.create(record_id=record_id, title=f"Letter {record_id}", status=status)
    Document.objects.filter(record_id=1).update(modified=MAY_2 - dt.timedelta(days=1))
    Document.objects.filter(record_id__in=[2, 3]).update(modified=MAY_2)
    topic = Topic.objects.create(name="Korean War")
    topic.documents.add(1)
    CollectionItem.objects.create(
        collection=Collection.objects.create(name="周恩来"), document_id=3
    )
    person = Person.objects.create(sort_name="Mao, Zedong", display_name="Mao Zedong")
    PersonDocumentRelation.objects.create(person=person, document_id=2, role="author")
    # a place with no document, published in its own right
    Place.objects.create(name="Lüshun", published=True)
    recount_all()  # as the domain actions keep the counts
    # the About page may come with the migrations: make sure of it, and of its date
    Page.objects.update_or_create(slug="about", defaults={"title": "About", "published": True})
    Page.objects.filter(slug="about").update(modified=MAY_2 - dt.timedelta(days=2))


def locations(root) -> dict[str, str | None]:
    return {
        url.findtext("sm:loc", namespaces=SM): url.findtext("sm:lastmod", namespaces=SM)
        for url in root.xpath("sm:url | sm:sitemap", namespaces=SM)
    }


def test_the_index_lists_every_section(client, archive, shared_dir):
    response = client.get("/sitemap.xml")
    root = assert_valid(sitemap_schema(shared_dir, "siteindex.xsd"), response.content)
    # (the collection holds only a draft: no public page, so no section)
    assert list(locations(root)) == [
        f"{SITE}/sitemap-{section}.xml"
        for section in ["pages", "documents", "people", "places", "topics"]
    ]
    # a section's lastmod is its latest published document's; the draft counts for nothing
    assert locations(root)[f"{SITE}/sitemap-documents.xml"] == "2024-05-02T10:00:00+00:00"
    assert locations(root)[f"{SITE}/sitemap-topics.xml"] == "2024-05-01T10:00:00+00:00"


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        (
            "pages",
            {
                f"{SITE}/": "2024-05-02",
                f"{SITE}/catalog": "2024-05-02",
                f"{SITE}/people": "2024-05-02",
                f"{SITE}/places": "2024-05-02",
                f"{SITE}/topics": "2024-05-02",
                f"{SITE}/collections": "2024-05-02",
                f"{SITE}/about": "2024-04-30",
            },
        ),
        ("documents", {f"{SITE}/document/1": "2024-05-01", f"{SITE}/document/2": "2024-05-02"}),
        ("people", {f"{SITE}/people/mao-zedong": "2024-05-02"}),
        # sitemaps want URLs percent-encoded: Lüshun, 周恩来
        ("places", {f"{SITE}/places/l%C3%BCshun": None}),
        ("topics", {f"{SITE}/topics/korean-war": "2024-05-01"}),
    ],
    ids=["pages", "documents", "people", "places", "topics"],
)
def test_each_section_lists_its_public_pages(client, archive, shared_dir, section, expected):
    response = client.get(f"/sitemap-{section}.xml")
    root = assert_valid(sitemap_schema(shared_dir), response.content)
    found = {loc: lastmod and lastmod[:10] for loc, lastmod in locations(root).items()}
    assert found == expected


def test_a_section_is_split_every_50000_urls(client, archive, monkeypatch, shared_dir):
    # given sections of one URL a page (50,000 would take too long to make)
    monkeypatch.setattr(sitemaps.SiteSitemap, "limit", 1)
    root = assert_valid(
        sitemap_schema(shared_dir, "siteindex.xsd"), client.get("/sitemap.xml").content
    )
    assert [loc for loc in locations(root) if "documents" in loc] == [
        f"{SITE}/sitemap-documents.xml",
        f"{SITE}/sitemap-documents.xml?p=2",
    ]
    page_2 = client.get("/sitemap-documents.xml", {"p": 2})
    assert list(locations(assert_valid(sitemap_schema(shared_dir), page_2.content))) == [
        f"{SITE}/document/2"
    ]
    assert sitemaps.SITEMAPS["documents"].limit == 1


def test_an_unknown_section_is_not_found(client, archive):
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_a_section_without_public_pages_is_not_found(client, archive):
    # the only collection holds only a draft
    assert client.get("/sitemap-collections.xml").status_code == 404


def test_robots_txt_allows_all_but_the_admin_and_exports_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "User-agent: *\nDisallow: /admin/\nDisallow: /search/export\n"
        "Disallow: /*/documents.\nAllow: /\n\nSitemap: http://127.0.0.1:8000/sitemap.xml\n"
    )
