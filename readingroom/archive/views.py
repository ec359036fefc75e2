"""The reader's pages: home, documents, the people/places/topics/collections indexes, catalog.

Views stay thin: the queries live in ``queries.py``, paging and sorting in
``pagination.py`` and the making of safe HTML from plain text in ``rendering.py``.
Only published documents appear, are counted or are linked to, on every page; a person,
place, topic or collection only a draft names is unknown to readers (``.public()``).
"""

import string
import unicodedata
from dataclasses import dataclass
from functools import wraps
from urllib.parse import quote

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse

from readingroom.interop.exports import download_links
from readingroom.search.views import entity_overview

from . import actions, passages, periods, queries, reading_lists, text_history, threads
from .models import Certainty, Collection, Document, Page, Person, Place, Topic
from .models.documents import FOOTNOTE_REFERENCE, join_and
from .pagination import CURATED_SORTS, paginate, requested
from .rendering import FootnoteLinker, excerpt, footnote_id, reference_id, split_paragraphs

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
        "people": queries.featured(Person.objects.public().defer("biography"), "sort_name"),
        "places": queries.featured(Place.objects.public().defer("description"), "name"),
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
        "decades": periods.counts().decades(),
        "downloads": download_links(reverse("interop:catalog-export", args=["csv"])[:-4])
        if results.count
        else [],
        "canonical_url": canonical_url(reverse("archive:catalog"), results.page.number),
    }
    return render(request, "archive/catalog.html", context)


def catalog_period(request, period):
    """The catalog narrowed to a decade, a year or a month, with counts per period.

    Anything but "1950s", "1957" or "1957-06" is a 404, and so is a decade without
    documents (the years before and after the archive are not pages to crawl).
    """
    found = periods.Period.parse(period)
    if found is None:
        raise Http404(f"No period {period!r}")
    counts = periods.counts()
    decade = found if found.decade else (found.parent.parent or found.parent)
    if counts.of(decade) == 0:
        raise Http404(f"No documents in the {decade.label}")
    results = paginate(request, found.documents(queries.document_listing()))
    year = found.parent if found.month else (None if found.decade else found)
    context = {
        "period": found,
        "results": results,
        "section": "catalog",
        "decade": decade,
        "years": counts.within(decade, year or found),
        "months": counts.within(year, found) if year else [],
        "year": year,
        # Of the year's documents, those dated to the year alone or to a longer span.
        "without_month": counts.of(year) - sum(c.count for c in counts.within(year)) if year else 0,
        "canonical_url": canonical_url(found.get_absolute_url(), results.page.number),
        "downloads": download_links(
            reverse("interop:catalog-period-export", args=[found.slug, "csv"])[:-4]
        )
        if results.count
        else [],
    }
    return render(request, "archive/catalog_period.html", context)


def document_detail(request, record_id):
    """A document's page; for readers, rendered once per change of what it shows.

    Documents are read far more often than they change: the page (a dozen queries and
    three citation styles) is kept until the outbox notes a change to this document or
    to what it shows (``queries.document_version``); an edit to another leaves it cached.
    Signed-in users always get a fresh page, in case it ever shows them something of
    their own.
    """
    if request.user.is_authenticated:
        return render_document(request, record_id)
    html = queries.cached_page(
        f"document:{record_id}",
        queries.document_version(record_id),
        lambda: render_document(request, record_id).content,
    )
    return HttpResponse(html)


def render_document(request, record_id):
    document = get_object_or_404(queries.document_detail(), record_id=record_id)
    context = {**document_context(document), "canonical_url": document.permalink}
    return render(request, "archive/document_detail.html", context)


def published_document(record_id: int) -> Document:
    if record_id > queries.MAX_RECORD_ID:
        raise Http404("No such document")
    return get_object_or_404(Document.objects.published(), record_id=record_id)


def document_versions(request, record_id):
    """The versions of a published document's texts, newest first."""
    document = published_document(record_id)
    versions = text_history.versions(document)
    context = {
        "document": document,
        "versions": versions[::-1],
        "canonical_url": settings.SITE_URL + reverse("archive:text-history", args=[record_id]),
    }
    return render(request, "archive/text_history.html", context)


def document_text_version(request, record_id, number):
    """One version of a published document's texts: the words, what changed, a citation."""
    document = published_document(record_id)
    versions = text_history.versions(document)
    if not 1 <= number <= len(versions):
        raise Http404("No such version")
    version = versions[number - 1]
    address = settings.SITE_URL + reverse("archive:text-version", args=[record_id, number])
    when = version.published
    locator = f"version {number} of {when:%B} {when.day}, {when.year}"
    context = {
        "document": document,
        "version": version,
        "count": len(versions),
        "current": number == len(versions),
        "changes": text_history.changes(versions[number - 2], version) if number > 1 else [],
        "citation": f"{document.cite(locator)} {address}",
        "canonical_url": address,
    }
    return render(request, "archive/text_version.html", context)


def reading_list(request):
    """The documents of a reading list, in the reader's order (``reading_lists``)."""
    ids = reading_lists.listed_ids(request.GET.get("ids", ""))
    documents = reading_lists.listed_documents(ids)
    shown = reading_lists.ids_parameter([document.record_id for document in documents])
    query = f"ids={shown}" if shown else ""
    context = {
        "documents": documents,
        "ids": shown,
        "canonical_url": settings.SITE_URL
        + reverse("archive:reading-list")
        + f"?{query}" * bool(query),
        "downloads": download_links("/list/documents", query) if documents else [],
        "course_pack_url": f"/list/course-pack.epub?{query}" if documents else "",
    }
    return render(request, "archive/reading_list.html", context)


def document_context(document) -> dict:
    """What the document template needs, from a document fetched by queries.document_detail."""
    renditions = list(document.renditions.all())
    prefixes = passages.fragment_prefixes(renditions)
    for rendition in renditions:
        annotate_rendition(rendition, prefixes.get(rendition.pk, ""))
    links = threads.links_of(document)
    return {
        "document": document,
        "renditions": renditions,
        "scans": [r for r in renditions if r.kind == r.Kind.SCAN],
        "funders": join_and([funder.name for funder in document.funders.all()]),
        "thread_links": links,
        "in_thread": any(link.threading for link in links),
        "certainty_legend": certainty_legend(document),
    }


def thread_detail(request, record_id):
    """A whole exchange in date order: each item's date, type, sender, recipient, summary.

    Every document of a thread has this page; its canonical URL is the first one's. For
    readers it is rendered once per change of the archive, like a document's page.
    """
    if request.user.is_authenticated:
        return render_thread(request, record_id)
    html = queries.cached_while_unchanged(
        f"thread-page:{record_id}", lambda: render_thread(request, record_id).content
    )
    return HttpResponse(html)


def render_thread(request, record_id):
    documents = threads.thread(record_id)
    if not documents:
        raise Http404("No such document")
    first = documents[0]
    context = {
        "documents": documents,
        "start": next(d for d in documents if d.record_id == record_id),
        "canonical_url": canonical_url(reverse("archive:thread-detail", args=[first.pk])),
    }
    return render(request, "archive/thread_detail.html", context)


def certainty_legend(document) -> list[tuple[str, str]]:
    """The four levels and what each means, when the page shows any level but "certain"
    or any reason (a certain value is shown as plain fact, with no mark to explain)."""
    values = [(document.date_certainty, document.date_certainty_note)]
    values += [(link.certainty, link.certainty_note) for link in document.person_links.all()]
    if all(level == Certainty.CERTAIN and not note for level, note in values):
        return []
    return [(level.label, Certainty.meanings()[level]) for level in Certainty]


def annotate_rendition(rendition, prefix: str = "") -> None:
    """Give a rendition its text as paragraphs (each with its permalink) and its notes
    their anchors."""
    footnotes = list(rendition.footnotes.all())
    labels = {note.label for note in footnotes}
    linker = FootnoteLinker(rendition.pk, labels)
    rendition.paragraphs = [linker(part) for part in split_paragraphs(rendition.text)]
    numbers = passages.stored_ids(rendition.text, rendition.paragraph_ids)
    rendition.passages = [
        Passage(passages.fragment(prefix, number), number, html)
        for number, html in zip(numbers, rendition.paragraphs, strict=True)
    ]
    # A note on a note (FRUS nests them) is referenced, and linked, from its note.
    texts = [rendition.text, *(note.text for note in footnotes)]
    referenced = {match.group(1) for text in texts for match in FOOTNOTE_REFERENCE.finditer(text)}
    for note in footnotes:
        note.html = linker(note.text)
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
class Passage:
    """One paragraph on a document's page: its id there ("p4"), number and HTML."""

    fragment: str
    number: int
    html: str

    @property
    def query(self) -> str:
        """How the citation page names it: "4" in the first text, else "transcript-zh-p4"."""
        return str(self.number) if self.fragment == f"p{self.number}" else self.fragment


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


# section -> the plural in URLs: /people/<slug>/documents.csv
PLURALS = {"person": "people", "place": "places", "topic": "topics", "collection": "collections"}


def entity_detail(request, entity, documents_of, *, section: str, **sorting):
    """A person's, place's, topic's or collection's page: who or what, and its documents
    (``documents_of(entity)``, only asked for when the page is rendered).

    For readers, each page of its list is rendered once per ``page_version`` of the record
    (raised by the actions whenever the record, its count or a document it lists
    changes), so an edit elsewhere in the archive leaves it cached.
    """

    path = reverse(
        "interop:entity-export", args=[PLURALS[section], entity.slug, "csv"]
    ).removesuffix(".csv")

    def build():
        documents = documents_of(entity)
        results = paginate(request, documents, count=entity.document_count, **sorting)
        context = {
            "entity": entity,
            "results": results,
            "section": section,
            "overview": entity_overview(section, entity.slug) if results.count else {},
            "downloads": download_links(path) if results.count else [],
            "canonical_url": canonical_url(entity.get_absolute_url(), results.page.number),
        }
        return render(request, f"archive/{section}_detail.html", context)

    if request.user.is_authenticated:
        return build()
    sort, number = requested(request, entity.document_count, **sorting)
    name = f"{section}:{entity.pk}:{sort}:{number}"
    return HttpResponse(queries.cached_page(name, entity.page_version, lambda: build().content))


def public_or_merged(model, kind: str, slug: str):
    """The public record with this slug; a merged one's old slug redirects (301) to where
    it went; anything else (a record only a draft names) is a 404, as if unknown."""
    found = model.objects.public().filter(slug=slug).first()
    if found is not None:
        return found
    survivor = actions.merged_into(kind, slug)
    if survivor is not None and survivor.is_public:
        raise MovedTo(survivor.get_absolute_url())
    raise Http404(f"No {kind} {slug!r}")


class MovedTo(Exception):
    def __init__(self, url: str):
        self.url = url


def permanent_redirects(view):
    """A view whose record may have moved answers 301 with the record's new URL."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except MovedTo as moved:
            query = f"?{request.GET.urlencode()}" if request.GET else ""
            return HttpResponsePermanentRedirect(moved.url + query)

    return wrapped


@permanent_redirects
def person_detail(request, slug):
    person = public_or_merged(Person, "person", slug)
    return entity_detail(request, person, queries.person_documents, section="person")


@permanent_redirects
def place_detail(request, slug):
    place = public_or_merged(Place, "place", slug)
    return entity_detail(request, place, queries.place_documents, section="place")


@permanent_redirects
def topic_detail(request, slug):
    topic = public_or_merged(Topic, "topic", slug)
    return entity_detail(request, topic, queries.topic_documents, section="topic")


@permanent_redirects
def collection_detail(request, slug):
    collection = public_or_merged(Collection, "collection", slug)
    return entity_detail(
        request,
        collection,
        queries.collection_documents,
        section="collection",
        sorts=CURATED_SORTS,
        default="order",
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
