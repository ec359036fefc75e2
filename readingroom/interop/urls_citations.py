"""URLs of the citation downloads: /document/110398.bib, .ris and .csl.json.

They sit beside the stable /document/<record_id> URI and, ending in an extension, match
none of the archive's document routes, so the order of includes does not matter.
"""

from django.urls import re_path

from . import views_citations

urlpatterns = [
    re_path(
        r"^document/(?P<record_id>[0-9]+)\.(?P<extension>bib|ris|csl\.json)$",
        views_citations.document_citation,
        name="document-citation",
    ),
]
