"""The site's URLs. Stable URIs (/document/<record_id>) stay outside any prefix, forever."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("readingroom.interop.api.urls")),
    path("editor/", include("readingroom.curation.urls")),
    path("", include("readingroom.archive.urls")),
    path("", include("readingroom.interop.urls")),
    path("", include("readingroom.search.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(
            r"^media/(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
            name="media",
        )
    ]

handler404 = "readingroom.archive.views.page_not_found"
