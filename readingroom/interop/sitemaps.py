"""sitemap.xml (an index of sections, each paginated at 50,000 URLs) and robots.txt.

URLs are made from SITE_URL, not from the request's host, so that a crawler reaching the
site by another name is still told the canonical addresses. ``lastmod`` of a document is
its ``modified``; of a person, place, topic or collection page, the latest modification
of a published document on it (those without any have none); of a list page, the latest
of all published documents.
"""

from typing import NamedTuple
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as sitemap_section
from django.db.models import Max, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse

from readingroom.archive.models import Collection, Document, Page, Person, Place, Topic

PUBLISHED = Document.Status.PUBLISHED


def latest_modified(documents: QuerySet):
    return documents.published().aggregate(latest=Max("modified"))["latest"]


class SiteSitemap(Sitemap):
    """A sitemap whose URLs start with SITE_URL."""

    limit = 50_000

    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class PageSitemap(SiteSitemap):
    """Home, the catalog, the indexes and About."""

    url_names = [
        "archive:home",
        "archive:catalog",
        "archive:person-index",
        "archive:place-index",
        "archive:topic-index",
        "archive:collection-index",
    ]

    def items(self) -> list[tuple[str, object]]:
        latest = latest_modified(Document.objects.all())
        pages = [(reverse(name), latest) for name in self.url_names]
        about = Page.objects.filter(slug="about", published=True).only("modified").first()
        if about:
            pages.append((reverse("archive:about"), about.modified))
        return pages

    def location(self, item) -> str:
        return item[0]

    def lastmod(self, item):
        return item[1]

    def get_latest_lastmod(self):
        return max((lastmod for _, lastmod in self.items() if lastmod), default=None)


class DocumentSitemap(SiteSitemap):
    def items(self) -> QuerySet:
        return Document.objects.published().only("record_id", "modified").order_by("record_id")

    def lastmod(self, item: Document):
        return item.modified

    def get_latest_lastmod(self):
        return latest_modified(Document.objects.all())


class EntitySitemap(SiteSitemap):
    """People, places, topics or collections, dated by their published documents."""

    model = None
    documents = ""  # the path from the entity to its documents
    linked = ""  # the path from a document to entities of this kind

    def items(self) -> QuerySet:
        published = Q(**{f"{self.documents}__status": PUBLISHED})
        latest = Max(f"{self.documents}__modified", filter=published)
        public = self.model.objects.public().only("slug")
        return public.annotate(latest=latest).order_by("pk")

    def lastmod(self, item):
        return item.latest

    def get_latest_lastmod(self):
        return latest_modified(Document.objects.filter(**{f"{self.linked}__isnull": False}))


class PersonSitemap(EntitySitemap):
    model = Person
    documents = "document_links__document"
    linked = "person_links"


class PlaceSitemap(EntitySitemap):
    model = Place
    documents = "document_links__document"
    linked = "place_links"


class TopicSitemap(EntitySitemap):
    model = Topic
    documents = "documents"
    linked = "topics"


class CollectionSitemap(EntitySitemap):
    model = Collection
    documents = "items__document"
    linked = "collections"


SITEMAPS = {
    "pages": PageSitemap,
    "documents": DocumentSitemap,
    "people": PersonSitemap,
    "places": PlaceSitemap,
    "topics": TopicSitemap,
    "collections": CollectionSitemap,
}


class IndexEntry(NamedTuple):
    location: str
    last_mod: object


def index(request: HttpRequest) -> TemplateResponse:
    """/sitemap.xml: every page of every section, as Django's sitemap_index.xml lists them."""
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        if not sitemap.paginator.count:
            continue  # a sitemap must list a URL: a section with none is left out
        url = settings.SITE_URL + reverse("interop:sitemap-section", args=[section])
        lastmod = sitemap.get_latest_lastmod()
        entries.append(IndexEntry(url, lastmod))
        entries += [
            IndexEntry(f"{url}?p={page}", lastmod)
            for page in range(2, sitemap.paginator.num_pages + 1)
        ]
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


def section(request: HttpRequest, section: str) -> HttpResponse:
    if section not in SITEMAPS or not SITEMAPS[section]().paginator.count:
        raise Http404("No such sitemap")
    return sitemap_section(request, {section: SITEMAPS[section]}, section=section)


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read everything but the admin and the downloads of whole result sets
    (each a copy of pages they read anyway, and costly to make); the sitemap says where
    everything is."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/export",
        "Disallow: /*/documents.",
        "Allow: /",
        "",
        f"Sitemap: {settings.SITE_URL}{reverse('interop:sitemap-index')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
