"""Machine-readable URLs: OAI-PMH, sitemaps, robots.txt and Atom feeds; all stable, unprefixed."""

from django.urls import include, path, re_path

from . import feeds, sitemaps, urls_citations, views_exports, views_tei
from .oaipmh.views import oai

app_name = "interop"

urlpatterns = [
    path("oai", oai, name="oai"),
    path("robots.txt", sitemaps.robots_txt, name="robots-txt"),
    path("sitemap.xml", sitemaps.index, name="sitemap-index"),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap-section"),
    path("feeds/documents.atom", feeds.DocumentFeed(), name="document-feed"),
    path("feeds/topics/<str:slug>.atom", feeds.TopicFeed(), name="topic-feed"),
    path("feeds/collections/<str:slug>.atom", feeds.CollectionFeed(), name="collection-feed"),
    path("feeds/people/<str:slug>.atom", feeds.PersonFeed(), name="person-feed"),
    path("search.atom", feeds.SearchFeed(), name="search-feed"),
    path("", include("readingroom.interop.iiif.urls")),
    # Whole result sets to take away (interop/exports.py): every match, streamed.
    path("search/export.<str:extension>", views_exports.search_export, name="search-export"),
    path("catalog/documents.<str:extension>", views_exports.catalog_export, name="catalog-export"),
    path(
        "catalog/<str:period>/documents.<str:extension>",
        views_exports.catalog_export,
        name="catalog-period-export",
    ),
    path("list/course-pack.epub", views_exports.reading_list_course_pack, name="course-pack"),
    path(
        "list/documents.<str:extension>",
        views_exports.reading_list_export,
        name="reading-list-export",
    ),
    re_path(
        r"^(?P<kind>people|places|topics|collections)/(?P<slug>[^/]+)/documents\.(?P<extension>[a-z.]+)$",
        views_exports.entity_export,
        name="entity-export",
    ),
]

# Citation downloads: /document/110398.bib, .ris and .csl.json.
urlpatterns += urls_citations.urlpatterns
# The document as TEI P5; like the citations, its extension keeps it off the archive's routes.
urlpatterns += [
    re_path(
        r"^document/(?P<record_id>[0-9]+)\.tei\.xml$",
        views_tei.document_tei_view,
        name="document-tei",
    ),
]
