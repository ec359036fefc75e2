"""Refusing hostile markup in editors' text.

Our text fields are plain text, rendered escaped on public pages, so markup can do no
harm there; but a value is also exported, fed to feeds and APIs, and read by other
programs that may not escape it. So markup that could run code is refused on save, with
a message naming the field, rather than silently altered: an editor's text is never
changed behind their back. Ordinary brackets stay allowed: "[Stalin]", "x < y".
"""

import re

from django.core.exceptions import ValidationError

# What could run code somewhere: script-bearing elements, event handlers inside a tag,
# and javascript: (or vbscript:) URLs, however a browser would still read them.
_DANGEROUS_TAG = re.compile(r"<\s*/?\s*(script|iframe|object|embed|style)\b", re.IGNORECASE)
_EVENT_HANDLER = re.compile(r"<[^>]*?[\s/\"']on[a-z]+\s*=", re.IGNORECASE)
# Browsers ignore whitespace and control characters inside the scheme: "java\tscript:".
_SCRIPT_URL = re.compile(r"(?:java|vb)[\s\x00-\x1f]*script[\s\x00-\x1f]*:", re.IGNORECASE)
_ENTITY = re.compile(r"&#(x[0-9a-f]+|[0-9]+);?", re.IGNORECASE)


def _decoded(value: str) -> str:
    """The text with numeric character references resolved, as a browser would read it."""

    def resolve(match: re.Match) -> str:
        number = match.group(1)
        try:
            return chr(int(number[1:], 16) if number[0] in "xX" else int(number))
        except (ValueError, OverflowError):
            return match.group(0)

    return _ENTITY.sub(resolve, value)


def find_hostile_markup(value: str) -> str | None:
    """What is wrong with ``value`` ("<script>", "an event handler such as onerror="), or None."""
    text = _decoded(value)
    if match := _DANGEROUS_TAG.search(text):
        return f"<{match.group(1).lower()}>"
    if match := _EVENT_HANDLER.search(text):
        handler = re.search(r"on[a-z]+\s*=", match.group(0), re.IGNORECASE).group(0)
        return f"an event handler such as {handler.replace(' ', '').lower()}"
    if _SCRIPT_URL.search(text):
        return "a javascript: link"
    return None


def clean_text(value: str, field: str) -> str:
    """Return ``value`` unchanged, or raise ValidationError naming ``field`` if hostile."""
    if not value:
        return value
    if problem := find_hostile_markup(value):
        raise ValidationError(
            f"{field}: HTML markup such as {problem} is not allowed",
            code="hostile_markup",
        )
    return value
