"""Atom feeds: newly published documents, those of one topic, collection or person, and
those that match a search (/search.atom?q=…: the index finds the matches published last).

Entries are ordered by ``published_at``, newest first; links are the documents'
permalinks (SITE_URL), so a feed read through a proxy still points at the public site.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from readingroom.archive import queries
from readingroom.archive.models import Collection, Document, Person, Topic
from readingroom.search import matches
from readingroom.search.engine import SearchParams
from readingroom.search.indexer import ensure_background_indexer

FEED_SIZE = 50


def newest(documents: QuerySet) -> QuerySet:
    """The newest published documents with what an entry shows, in two queries.

    Read off the ``doc_published`` index: for an entity with many documents, walking it
    and keeping the entity's (``queries.linked_documents``) finds fifty at once.
    """
    return (
        documents.published()
        .only("record_id", "title", "summary", "published_at", "modified")
        .prefetch_related("topics")
        .order_by("-published_at", "-record_id")[:FEED_SIZE]
    )


class DocumentFeed(Feed):
    """/feeds/documents.atom: documents as they are published."""

    feed_type = Atom1Feed

    def title(self, obj=None) -> str:
        return f"New documents: {settings.SITE_NAME}"

    def subtitle(self, obj=None) -> str:
        return f"Documents newly published in the {settings.SITE_NAME}."

    def link(self, obj=None) -> str:
        return settings.SITE_URL + reverse("archive:catalog")

    def feed_url(self, obj=None) -> str:
        return settings.SITE_URL + reverse("interop:document-feed")

    def author_name(self, obj=None) -> str:
        return settings.SITE_NAME

    def items(self, obj=None) -> QuerySet:
        return newest(Document.objects.all())

    def item_title(self, item: Document) -> str:
        return item.title

    def item_description(self, item: Document) -> str:
        # Atom's <summary type="html">: the plain-text summary, escaped.
        return escape(item.summary)

    def item_link(self, item: Document) -> str:
        return item.permalink

    def item_pubdate(self, item: Document):
        return item.published_at

    def item_updateddate(self, item: Document):
        return item.modified

    def item_categories(self, item: Document) -> list[str]:
        return [topic.label for topic in item.topics.all()]


class EntityFeed(DocumentFeed):
    """The newest documents of one topic, collection or person, found by slug."""

    model = None
    url_name = ""

    def get_object(self, request, slug):
        # Only what readers may see: a record only a draft names has no feed.
        return get_object_or_404(self.model.objects.public(), slug=slug)

    def title(self, obj=None) -> str:
        return f"{obj}: {settings.SITE_NAME}"

    def subtitle(self, obj=None) -> str:
        return f"Documents newly published under {obj} in the {settings.SITE_NAME}."

    def link(self, obj=None) -> str:
        return settings.SITE_URL + obj.get_absolute_url()

    def feed_url(self, obj=None) -> str:
        return settings.SITE_URL + reverse(self.url_name, args=[obj.slug])


class TopicFeed(EntityFeed):
    model = Topic
    url_name = "interop:topic-feed"

    def items(self, obj=None) -> QuerySet:
        return newest(queries.topic_documents(obj))


class CollectionFeed(EntityFeed):
    model = Collection
    url_name = "interop:collection-feed"

    def items(self, obj=None) -> QuerySet:
        return newest(Document.objects.filter(collections=obj))


class PersonFeed(EntityFeed):
    model = Person
    url_name = "interop:person-feed"

    def title(self, obj=None) -> str:
        return f"{obj.display_name or obj.sort_name}: {settings.SITE_NAME}"

    def items(self, obj=None) -> QuerySet:
        return newest(queries.person_documents(obj))


class SearchFeed(DocumentFeed):
    """/search.atom?q=…: the documents a search finds, newest published first; its words,
    filters and dates as on the search page (``since`` too)."""

    def get_object(self, request):
        ensure_background_indexer()
        return SearchParams.from_query(request.GET)

    def title(self, obj=None) -> str:
        words = f"“{obj.q}”" if obj.q else "all documents"
        return f"New in a search for {words}: {settings.SITE_NAME}"

    def subtitle(self, obj=None) -> str:
        return f"Documents newly published in the {settings.SITE_NAME} that match this search."

    def _query(self, obj) -> str:
        query = obj.querystring(sort="", per_page=10, more="")
        return f"?{query}" if query else ""

    def link(self, obj=None) -> str:
        return settings.SITE_URL + reverse("search:search") + self._query(obj)

    def feed_url(self, obj=None) -> str:
        return settings.SITE_URL + reverse("interop:search-feed") + self._query(obj)

    def items(self, obj=None) -> list[Document]:
        record_ids = matches.newest_published(obj, FEED_SIZE)
        # The database has the last word: a document unpublished a moment ago is left out.
        found = {d.record_id: d for d in newest(Document.objects.filter(record_id__in=record_ids))}
        return [found[record_id] for record_id in record_ids if record_id in found]


def feed_url(entity) -> str | None:
    """The path of an entity's feed, for <link rel="alternate"> on its page; None if none."""
    names = {Topic: "topic-feed", Collection: "collection-feed", Person: "person-feed"}
    name = names.get(type(entity))
    return reverse(f"interop:{name}", args=[entity.slug]) if name else None
