"""The reader's pages: home, documents, the people/places/topics/collections indexes, catalog.

Views stay thin: the queries live in ``queries.py``, paging and sorting in
``pagination.py`` and the making of safe HTML from plain text in ``rendering.py``.
Only published documents appear, are counted or are linked to, on every page.
"""

import string
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse

from . import queries
from .models import Collection, Document, Page, Person, Place, Topic
from .models.documents import FOOTNOTE_REFERENCE, join_and
from .pagination import CURATED_SORTS, paginate
from .rendering import excerpt, footnote_id, reference_id, rendition_paragraphs

LETTERS = list(string.ascii_uppercase)


def canonical_url(path: str, page_number: int = 1) -> str:
    """The absolute URL search engines should keep; later pages of a list keep ?page."""
    url = settings.SITE_URL + path
    return f"{url}?page={page_number}" if page_number > 1 else url


def home(request):
    documents = list(queries.featured_documents())
    for document in documents:
        first = document.text_renditions[0] if document.text_renditions else None
        document.opening = excerpt(first.opening) if first else ""
        document.opening_lang = first.language_id if first else ""
    context = {
        "people": queries.featured(Person.objects.defer("biography"), "sort_name"),
        "places": queries.featured(Place.objects.defer("description"), "name"),
        "topics": queries.featured_topics(),
        "documents": documents,
        "canonical_url": canonical_url(reverse("archive:home")),
    }
    return render(request, "archive/home.html", context)


def catalog(request):
    results = paginate(request, queries.document_listing())
    context = {
        "results": results,
        "section": "catalog",
        "canonical_url": canonical_url(reverse("archive:catalog"), results.page.number),
    }
    return render(request, "archive/catalog.html", context)


def document_detail(request, record_id):
    """A document's page; for readers, rendered once per change of the archive.

    Documents are read far more often than they change: the page (a dozen queries and
    three citation styles) is kept until the outbox says anything changed. Signed-in
    users always get a fresh page, in case it ever shows them something of their own.
    """
    if request.user.is_authenticated:
        return render_document(request, record_id)
    html = queries.cached_while_unchanged(
        f"document-page:{record_id}", lambda: render_document(request, record_id).content
    )
    return HttpResponse(html)


def render_document(request, record_id):
    document = get_object_or_404(queries.document_detail(), record_id=record_id)
    context = {**document_context(document), "canonical_url": document.permalink}
    return render(request, "archive/document_detail.html", context)


def document_context(document) -> dict:
    """What the document template needs, from a document fetched by queries.document_detail."""
    renditions = list(document.renditions.all())
    for rendition in renditions:
        annotate_rendition(rendition)
    return {
        "document": document,
        "renditions": renditions,
        "scans": [r for r in renditions if r.kind == r.Kind.SCAN],
        "funders": join_and([funder.name for funder in document.funders.all()]),
    }


def annotate_rendition(rendition) -> None:
    """Give a rendition its text as paragraphs and its notes their anchors."""
    footnotes = list(rendition.footnotes.all())
    labels = {note.label for note in footnotes}
    rendition.paragraphs = rendition_paragraphs(rendition.text, rendition.pk, labels)
    referenced = {match.group(1) for match in FOOTNOTE_REFERENCE.finditer(rendition.text)}
    for note in footnotes:
        note.anchor = footnote_id(rendition.pk, note.label)
        # A note nothing refers to has nowhere to go back to.
        note.back_anchor = (
            reference_id(rendition.pk, note.label) if note.label in referenced else ""
        )
    rendition.notes = footnotes


def document_slug(request, record_id, slug):
    """/document/110398/some-title: old and shared links lead to the one canonical URL."""
    if not Document.objects.published().filter(record_id=record_id).exists():
        raise Http404("No such document")
    return redirect("archive:document-detail", record_id=record_id, permanent=True)


@dataclass(frozen=True)
class IndexEntry:
    """One line of an A-Z index: "Mao, Zedong" "1893-1976" (372)."""

    url: str
    name: str
    meta: str
    count: int


def by_initial(entries: list[IndexEntry]) -> list[tuple[str, list[IndexEntry]]]:
    """[("A", [...]), ("B", [...]), ("#", [...])]: entries under the first letter of a name.

    Accents are stripped for grouping ("Ürümqi" under U); names in other scripts go under
    "#" at the end.
    """
    groups: dict[str, list] = {}
    for entry in entries:
        first = unicodedata.normalize("NFKD", entry.name.strip()[:1])[:1].upper()
        groups.setdefault(first if first in LETTERS else "#", []).append(entry)
    return sorted(groups.items(), key=lambda item: (item[0] == "#", item[0]))


def entity_index(request, queryset, describe, *, section: str, title: str):
    """An A-Z index; ``describe(entity)`` gives its (name, meta) such as ("China", "(East Asia)").

    The page is rendered once per change of the archive (see queries.cached_while_unchanged):
    an index may list thousands of entries, with counts over every link.
    """

    def build() -> str:
        prefix = reverse(f"archive:{section}-detail", args=["-"])[:-1]
        entries = [
            IndexEntry(prefix + quote(entity.slug), *describe(entity), entity.document_count)
            for entity in queryset
        ]
        groups = by_initial(entries)
        present = {letter for letter, _ in groups}
        context = {
            "groups": groups,
            "letters": [(letter, letter in present) for letter in LETTERS],
            "section": section,
            "title": title,
            "canonical_url": canonical_url(request.path),
        }
        return render_to_string("archive/entity_index.html", context, request)

    html = queries.cached_while_unchanged(f"index:{section}", build, model=queryset.model)
    return HttpResponse(html)


def person_index(request):
    return entity_index(
        request,
        queries.people_with_counts(),
        lambda person: (person.sort_name, person.life_dates),
        section="person",
        title="People",
    )


def place_index(request):
    return entity_index(
        request,
        queries.places_with_counts(),
        lambda place: (place.name, f"({place.region})" if place.region else ""),
        section="place",
        title="Places",
    )


def topic_index(request):
    return entity_index(
        request,
        queries.topics_with_counts(),
        lambda topic: (topic.label, ""),
        section="topic",
        title="Topics",
    )


def collection_index(request):
    return entity_index(
        request,
        queries.collections_with_counts(),
        lambda collection: (collection.name, ""),
        section="collection",
        title="Collections",
    )


def entity_detail(request, entity, documents, *, section: str, **sorting):
    results = paginate(request, documents, **sorting)
    context = {
        "entity": entity,
        "results": results,
        "section": section,
        "canonical_url": canonical_url(entity.get_absolute_url(), results.page.number),
    }
    return render(request, f"archive/{section}_detail.html", context)


def person_detail(request, slug):
    person = get_object_or_404(Person, slug=slug)
    return entity_detail(request, person, queries.person_documents(person), section="person")


def place_detail(request, slug):
    place = get_object_or_404(Place, slug=slug)
    return entity_detail(request, place, queries.place_documents(place), section="place")


def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    return entity_detail(request, topic, queries.topic_documents(topic), section="topic")


def collection_detail(request, slug):
    collection = get_object_or_404(Collection, slug=slug)
    documents = queries.collection_documents(collection)
    return entity_detail(
        request, collection, documents, section="collection", sorts=CURATED_SORTS, default="order"
    )


def page(request, slug):
    page = get_object_or_404(Page, slug=slug, published=True)
    path = reverse("archive:about") if slug == "about" else page.get_absolute_url()
    return render(
        request, "archive/page_detail.html", {"page": page, "canonical_url": canonical_url(path)}
    )


def page_not_found(request, exception=None):
    context = {"canonical_url": canonical_url(request.path)}
    return render(request, "404.html", context, status=404)
