"""A reading list as a course pack: an EPUB book with, for each published document in the
list's order, its title, date, the archive's citation and permalink, its summary, and
the text of each of its translations and transcripts with their notes.

EPUB, not PDF: a reader's phone, e-reader or browser opens it, the text reflows and
stays text (searchable, copyable, read aloud), and ebooklib writes it without a layout
engine. Scans are left out: they would make a course pack of a few documents hundreds of
megabytes; each chapter links to its document's page, where they are.
"""

import io

from django.conf import settings
from django.db.models import Prefetch
from django.utils.html import format_html, format_html_join
from ebooklib import epub

from readingroom.archive import reading_lists
from readingroom.archive.models import Document, Footnote, Rendition
from readingroom.archive.rendering import split_paragraphs

TEXT_KINDS = (Rendition.Kind.TRANSLATION, Rendition.Kind.TRANSCRIPT)


def pack_documents(ids: list[int]) -> list[Document]:
    """The list's published documents with their texts and notes, in its order."""
    renditions = (
        Rendition.objects.public()
        .filter(kind__in=TEXT_KINDS)
        .exclude(text="")
        .select_related("language")
        .prefetch_related(Prefetch("footnotes", queryset=Footnote.objects.order_by("order")))
        .order_by("kind", "pk")
    )
    documents = Document.objects.published().prefetch_related(
        Prefetch("renditions", queryset=renditions),
        "original_languages",
    )
    return reading_lists.listed_documents(ids, documents)


def chapter_body(document: Document) -> str:
    """A document's chapter: an XHTML body, every value escaped."""
    parts = [
        format_html("<h1>{}</h1>", document.title),
        format_html(
            '<p class="date">{}</p>', document.date.display() if document.date else "Undated"
        ),
        format_html(
            '<p class="citation">{}</p><p class="permalink"><a href="{}">{}</a></p>',
            document.citation,
            document.permalink,
            document.permalink,
        ),
    ]
    if document.summary:
        parts.append(format_html("<h2>Summary</h2><p>{}</p>", document.summary))
    for rendition in document.renditions.all():
        parts.append(
            format_html("<h2>{} ({})</h2>", rendition.get_kind_display(), rendition.language.name)
        )
        parts.append(
            format_html_join("", "<p>{}</p>", ((p,) for p in split_paragraphs(rendition.text)))
        )
        notes = rendition.footnotes.all()
        if notes:
            parts.append(
                format_html(
                    '<h3>Notes</h3><ol class="notes">{}</ol>',
                    format_html_join(
                        "", "<li>[{}] {}</li>", ((note.label, note.text) for note in notes)
                    ),
                )
            )
    return "".join(parts)


def course_pack(ids: list[int], list_url: str) -> bytes:
    """The EPUB 3 book of a reading list (its published documents); ``list_url`` is the
    list's address, the book's identifier."""
    documents = pack_documents(ids)
    book = epub.EpubBook()
    book.set_identifier(list_url)
    count = len(documents)
    book.set_title(f"Reading list: {count} document{'s' * (count != 1)}")
    book.set_language("en")
    book.add_author(settings.SITE_NAME)
    book.add_metadata("DC", "publisher", settings.SITE_NAME)
    book.add_metadata("DC", "source", list_url)
    chapters = []
    for document in documents:
        chapter = epub.EpubHtml(
            title=document.title,
            file_name=f"document-{document.record_id}.xhtml",
            lang="en",
        )
        chapter.content = chapter_body(document)
        book.add_item(chapter)
        chapters.append(chapter)
    book.toc = chapters
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *chapters]
    buffer = io.BytesIO()
    epub.write_epub(buffer, book)
    return buffer.getvalue()
