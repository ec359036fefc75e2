"""Plain text from the database made into safe HTML: paragraphs, footnote links, excerpts.

Nothing stored is trusted as HTML: every text is escaped first, and only the markup made
here (paragraphs, footnote links) is added afterwards.
"""

import re

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from .models.documents import FOOTNOTE_REFERENCE

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
# Where a printed page begins, as imports write it: "[p. 123]", "[p. xiv]".
PAGE_BREAK = re.compile(r"\[p\. ([\w.-]{1,20})\]")


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines; single newlines stay (CSS shows them)."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    return [part.strip() for part in PARAGRAPH_BREAK.split(text) if part.strip()]


def paragraphs_html(text: str) -> SafeString:
    """``<p>`` elements for plain text, escaped."""
    return mark_safe("".join(f"<p>{escape(part)}</p>" for part in split_paragraphs(text)))


def footnote_id(rendition_pk: int, label: str) -> str:
    return f"fn-{rendition_pk}-{label}"


def reference_id(rendition_pk: int, label: str) -> str:
    return f"fnref-{rendition_pk}-{label}"


class FootnoteLinker:
    """Escapes text and makes each "[label]" of a footnote a link to it, and each
    "[p. 123]" a printed page number.

    Brackets that name no footnote of this rendition ("[Stalin]", "[you]") are the
    editors' insertions and stay as text. Escaping leaves brackets, digits and the
    footnote signs alone, so matching on the escaped text finds what the editor wrote.
    A note referenced twice gets one back link, to its first reference. One linker
    serves a rendition's text and then its notes (a note on a note links from its note).
    """

    def __init__(self, rendition_pk: int, labels: set[str]):
        self.rendition_pk, self.labels = rendition_pk, labels
        self.seen: dict[str, int] = {}

    def __call__(self, text: str) -> SafeString:
        linked = FOOTNOTE_REFERENCE.sub(self.link, escape(text))
        return mark_safe(PAGE_BREAK.sub(page_number, linked))

    def link(self, match: re.Match) -> str:
        label = match.group(1)
        if label not in self.labels:
            return match.group(0)
        self.seen[label] = self.seen.get(label, 0) + 1
        ref_id = reference_id(self.rendition_pk, label)
        if self.seen[label] > 1:
            ref_id += f"-{self.seen[label]}"
        return format_html(
            '<sup class="footnote-ref"><a href="#{}" id="{}">[{}]</a></sup>',
            footnote_id(self.rendition_pk, label),
            ref_id,
            label,
        )


def page_number(match: re.Match) -> str:
    """A printed page's start, "[p. 123]", as a small page number."""
    return format_html(
        '<span class="page-number" title="Printed page {}">{}</span>', match[1], match[0]
    )


def excerpt(text: str, limit: int = 400) -> str:
    """The opening of ``text``, cut at a word boundary: "Comrade Molotov: In order to …"."""
    flat = " ".join((text or "").split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit + 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else flat[:limit]).rstrip(" ,;:") + "…"
