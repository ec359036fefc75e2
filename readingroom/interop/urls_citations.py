"""URLs of the citation downloads: /document/110398.bib, .ris and .csl.json; /unapi;
and a passage's citation, /document/110398/cite?p=4 (the archive's slug route leaves it).

They sit beside the stable /document/<record_id> URI and, ending in an extension, match
none of the archive's document routes, so the order of includes does not matter.
"""

from django.urls import path, re_path

from . import views_citations

urlpatterns = [
    re_path(
        r"^document/(?P<record_id>[0-9]+)\.(?P<extension>bib|ris|csl\.json)$",
        views_citations.document_citation,
        name="document-citation",
    ),
    # A paragraph's citation: /document/110398/cite?p=4 (archive/passages.py).
    path("document/<int:record_id>/cite", views_citations.passage_cite, name="passage-cite"),
    # Where Zotero (and other unAPI clients) find the downloads from a document's page.
    path("unapi", views_citations.unapi, name="unapi"),
]
