"""Template filters for plain text stored by editors: ``{{ person.biography|paragraphs }}``."""

from django import template

from readingroom.archive.rendering import paragraphs_html

register = template.Library()


@register.filter
def paragraphs(text):
    """Plain text as escaped ``<p>`` elements, split on blank lines."""
    return paragraphs_html(text)
