"""The reader's pages."""

from django.urls import path, re_path

from . import views

app_name = "archive"

urlpatterns = [
    path("", views.home, name="home"),
    path("catalog", views.catalog, name="catalog"),
    # /catalog/1950s, /catalog/1957, /catalog/1957-06 (archive/periods.py)
    # (digits, "s" and "-" only: /catalog/documents.csv is the catalog's export)
    re_path(r"^catalog/(?P<period>[0-9s-]+)$", views.catalog_period, name="catalog-period"),
    path("document/<int:record_id>", views.document_detail, name="document-detail"),
    # A published document's text history (archive/text_history.py), and each version.
    path("document/<int:record_id>/versions", views.document_versions, name="text-history"),
    path(
        "document/<int:record_id>/versions/<int:number>",
        views.document_text_version,
        name="text-version",
    ),
    # Any slug but "cite": /document/110398/cite is a passage's citation (interop).
    re_path(r"^document/(?P<record_id>[0-9]+)/(?!cite$)(?P<slug>[^/]*)/?$", views.document_slug),
    path("thread/<int:record_id>", views.thread_detail, name="thread-detail"),
    # A reader's reading list, kept in their browser: /list?ids=110398,119267
    path("list", views.reading_list, name="reading-list"),
    path("people", views.person_index, name="person-index"),
    path("people/<str:slug>", views.person_detail, name="person-detail"),
    path("places", views.place_index, name="place-index"),
    path("places/<str:slug>", views.place_detail, name="place-detail"),
    path("topics", views.topic_index, name="topic-index"),
    path("topics/<str:slug>", views.topic_detail, name="topic-detail"),
    path("collections", views.collection_index, name="collection-index"),
    path("collections/<str:slug>", views.collection_detail, name="collection-detail"),
    path("about", views.page, {"slug": "about"}, name="about"),
    path("pages/<slug:slug>", views.page, name="page"),
]
