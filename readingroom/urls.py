"""The site's URLs. Stable URIs (/document/<record_id>) stay outside any prefix, forever."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from readingroom.archive import media

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("readingroom.interop.api.urls")),
    path("editor/", include("readingroom.curation.urls")),
    path("", include("readingroom.archive.urls")),
    path("", include("readingroom.interop.urls")),
    path("", include("readingroom.search.urls")),
]

if settings.SERVE_MEDIA:
    # Only files a record owns, to whom may see that record (archive/media.py); never a
    # listing of MEDIA_ROOT, which also holds pending imports.
    urlpatterns += [re_path(r"^media/(?P<name>.+)$", media.serve, name="media")]

handler404 = "readingroom.archive.views.page_not_found"
