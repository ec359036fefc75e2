"""Plain text from the database made into safe HTML: paragraphs, footnote links, excerpts.

Nothing stored is trusted as HTML: every text is escaped first, and only the markup made
here (paragraphs, footnote links) is added afterwards.
"""

import re

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from .models.documents import FOOTNOTE_REFERENCE

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


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


def rendition_paragraphs(text: str, rendition_pk: int, labels: set[str]) -> list[SafeString]:
    """The rendition's text as escaped paragraphs, each "[label]" of a footnote a link.

    Brackets that name no footnote of this rendition ("[Stalin]", "[you]") are the
    editors' insertions and stay as text. Escaping leaves brackets, digits and the
    footnote signs alone, so matching on the escaped text finds what the editor wrote.
    A note referenced twice gets one back link, to its first reference.
    """
    seen: dict[str, int] = {}

    def link(match: re.Match) -> str:
        label = match.group(1)
        if label not in labels:
            return match.group(0)
        seen[label] = seen.get(label, 0) + 1
        ref_id = reference_id(rendition_pk, label)
        if seen[label] > 1:
            ref_id += f"-{seen[label]}"
        return format_html(
            '<sup class="footnote-ref"><a href="#{}" id="{}">[{}]</a></sup>',
            footnote_id(rendition_pk, label),
            ref_id,
            label,
        )

    return [
        mark_safe(FOOTNOTE_REFERENCE.sub(link, escape(part))) for part in split_paragraphs(text)
    ]


def excerpt(text: str, limit: int = 400) -> str:
    """The opening of ``text``, cut at a word boundary: "Comrade Molotov: In order to …"."""
    flat = " ".join((text or "").split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit + 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else flat[:limit]).rstrip(" ,;:") + "…"
