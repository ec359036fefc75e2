"""Markup and links in the archive's text: what a value may hold, for every write path.

Our text fields are plain text. Our pages escape them, but a value also goes out in
feeds, TEI, exports and the API, to programs that may read it as HTML; so a value must
not hold markup an HTML reader would act on. The judge is nh3 (Rust's ammonia, and the
html5ever parser browsers' parsing is specified like): after the bare tags no reader
acts on are set aside as text ("The <b> tag", "<<Pravda>>", "<ivan@example.org>"),
cleaning the value down to its text must change nothing. Anything else — a tag with any
attribute, script, a comment, an element such as <meta>, <iframe> or <svg>, the same
written with character references — refuses the value, with a message naming the field:
an editor's or an importer's text is never changed behind their back.

URL fields (``clean_url``) take only http:, https: and mailto: links, checked by
ammonia's URL parser as a browser reads them, or paths on this site ("/about").
"""

import html
import re
from html.parser import HTMLParser

import nh3
from django.core.exceptions import ValidationError

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

# Ammonia's own list of elements safe to render (b, i, em, p, table…): with no attribute
# at all, such a tag is ordinary text here.
_INERT_ELEMENTS = frozenset(nh3.ALLOWED_TAGS)

# Every name an HTML parser gives meaning to: the HTML Standard's index of elements, its
# obsolete elements, and names its parser rewrites ("image" becomes <img>). Any other
# name in angle brackets makes an element no reader acts on ("<Pravda>", "<sic>"),
# except a custom element's (one with a hyphen), which a page's script may bring to life.
_HTML_ELEMENTS = frozenset(
    """
    a abbr address area article aside audio b base bdi bdo blockquote body br button
    canvas caption cite code col colgroup data datalist dd del details dfn dialog div dl
    dt em embed fencedframe fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head
    header hgroup hr html i iframe img input ins kbd label legend li link main map mark
    math menu meta meter nav noscript object ol optgroup option output p param picture
    portal pre progress q rp rt ruby s samp script search section select selectedcontent
    slot small source span strong style sub summary sup svg table tbody td template
    textarea tfoot th thead time title tr track u ul var video wbr
    acronym applet basefont bgsound big blink center dir font frame frameset image
    isindex keygen listing marquee menuitem multicol nextid nobr noembed noframes
    plaintext rb rtc spacer strike tt xmp
    """.split()  # noqa: SIM905 (a list of 140 names reads better so)
)

# A tag with nothing but its name, as the HTML tokenizer reads one: "<" and a letter,
# the name up to whitespace, "/" or ">", then ">" (or the end of the text).
_BARE_TAG = re.compile(r"<(/?)([A-Za-z][^\t\n\f\r />]*)[\t\n\f\r ]*(?=>|\Z)")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

# Everything markup is removed; what is left is the text an HTML reader would show.
_TEXT_ONLY = nh3.Cleaner(
    tags=set(), clean_content_tags=set(), attributes={}, strip_comments=True, link_rel=None
)
# A link kept only if ammonia's URL parser finds one of SAFE_SCHEMES in it.
_SAFE_LINK = nh3.Cleaner(
    tags={"a"},
    attributes={"a": {"href"}},
    url_schemes=set(SAFE_SCHEMES),
    url_relative="deny",
    link_rel=None,
)
_COMMENT = "an HTML comment (<!--)"
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "data", "xlink:href"})
# Never in a link as written: whitespace, control characters, quotes and angle brackets
# (percent-encoded, they are fine).
_NOT_IN_URL = re.compile(r'[\x00-\x20\x7f"<>`]')


def _as_text(match: re.Match) -> str:
    """A bare tag no reader acts on, with its "<" escaped; any other, as it is."""
    name = match.group(2).translate(_ASCII_LOWER)  # the parser lowercases ASCII only
    if name in _INERT_ELEMENTS or (name not in _HTML_ELEMENTS and "-" not in name):
        return "&lt;" + match.group(0)[1:]
    return match.group(0)


def _markup_in(value: str) -> str | None:
    """The first markup an HTML reader finds in ``value``, described, or None."""
    if "<" not in value:
        return None  # without "<" there is no tag, comment or declaration: only text
    # The parser reads line ends as "\n", and a leading byte-order mark as nothing.
    probe = value.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    probe = _BARE_TAG.sub(_as_text, probe)
    if html.unescape(_TEXT_ONLY.clean(probe)) == html.unescape(probe):
        return None
    return _describe(probe)


def find_hostile_markup(value: str) -> str | None:
    """What is wrong with ``value`` ("<script>", "a javascript: link"…), or None.

    The value is read as it is and, in case a program decodes it once before reading it
    as HTML, with its character references decoded ("&lt;script&gt;").
    """
    if "\x00" in value:
        return "a NUL character"
    if problem := _markup_in(value):
        return problem
    decoded = html.unescape(value) if "&" in value else value
    return _markup_in(decoded) if decoded != value else None


def clean_text(value: str, field: str) -> str:
    """Return ``value`` unchanged, or raise ValidationError naming ``field`` if hostile."""
    if not value:
        return value
    if problem := find_hostile_markup(value):
        what = problem if problem == "a NUL character" else f"HTML markup such as {problem}"
        raise ValidationError(f"{field}: {what} is not allowed", code="hostile_markup")
    return value


def find_unsafe_url(value: str) -> str | None:
    """What is wrong with ``value`` as a link ("a javascript: link"…), or None."""
    if match := _NOT_IN_URL.search(value):
        return "a space" if match.group() == " " else f"the character {match.group()!r}"
    # A program that reads the value as HTML decodes it first: "/&#47;evil.example".
    decoded = html.unescape(value)
    if decoded.startswith("/"):
        # "//host" and "/\host" lead to another site; any other "/…" is a page of ours.
        return None if decoded[1:2] not in ("/", "\\") else "a link to another site (//…)"
    if "href=" in _SAFE_LINK.clean(f'<a href="{value}">'):
        return None
    scheme = _scheme(decoded)
    return f"a {scheme}: link" if scheme else "a relative link"


def clean_url(value: str, field: str) -> str:
    """Return ``value`` unchanged, or raise ValidationError naming ``field`` if unsafe."""
    if not value:
        return value
    if problem := find_unsafe_url(value):
        raise ValidationError(
            f"{field}: {problem} is not allowed (only http:, https:, mailto: or a path"
            " starting with /)",
            code="unsafe_url",
        )
    return value


def _scheme(url: str) -> str:
    """The scheme as a browser reads it: tabs and line ends dropped, ends trimmed."""
    url = re.sub(r"[\t\n\r]", "", url).strip("".join(map(chr, range(0x21))))
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", url)
    return match.group(1).lower() if match else ""


def _describe(probe: str) -> str:
    """The first markup in ``probe``, as an editor would recognise it."""
    finder = _FirstMarkup()
    try:
        finder.feed(probe)
        finder.close()
    except AssertionError:  # what Python's parser does with some broken declarations
        pass
    if finder.found:
        return finder.found
    if "<!--" in probe:  # unclosed: Python's parser waits for its end
        return _COMMENT
    start = re.search(r"<[!?/A-Za-z][^\s>]{0,15}", probe)
    return f"“{start.group()}”" if start else "a tag"


class _FirstMarkup(HTMLParser):
    """Python's own HTML parser, only to name what nh3 found: it decides nothing."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: str | None = None

    def _note(self, what: str) -> None:
        self.found = self.found or what

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                return self._note(f"an event handler such as {name}=")
            scheme = _scheme(value or "") if name in _URL_ATTRIBUTES else ""
            if scheme and scheme not in SAFE_SCHEMES:
                return self._note(f"a {scheme}: link")
        return self._note(f"<{tag}>")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self._note(f"</{tag}>")

    def handle_comment(self, data):
        self._note(_COMMENT)

    def handle_decl(self, decl):
        self._note(f"<!{decl.split(maxsplit=1)[0] if decl.strip() else ''}>")

    def unknown_decl(self, data):
        self._note("<![…]>")

    def handle_pi(self, data):
        self._note("<?…>")
