"""Markup in plain text and unsafe links: every known walk-around refused, ordinary text kept.

``clean_text`` and ``clean_url`` are what every write path calls (the back office now,
imports and the API through the domain layer); the screens are tested in
tests/curation/test_hostile_input.py.
"""

import re

import nh3
import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from readingroom.archive.sanitize import clean_text, clean_url, find_hostile_markup

ORDINARY = {
    "brackets": "Letter, Mao Zedong to Comrade Filippov [Stalin]",
    "less than": "if x < y and y > z",
    "ampersand": "a & b",
    "guillemets": "<<Pravda>>",
    "email": "Ivan Petrov <ivan.petrov@example.org>, mailto: ivan@example.org",
    "et cetera": "guns, tanks &c.",
    "scripts": "Чжоу Эньлай, 周恩来, Lüshun, Kraków",
    "tabs and newlines": "first\tcolumn\nsecond line\r\nthird line\r\n\r\nnew paragraph",
    "a tag named": "The <b> tag and a 'one=two' clause",
    "an editorial mark": "the <sic> reading, <illegible> word",
    "less than a word at the end": "the ratio a<b",
    "heart": "<3",
    "entities as text": "AT&T, &lt;Pravda&gt;, &amp;c., &copy; 1957",
    "javascript as words": "Writing javascript: a history",
    "empty": "",
}


# (value, what the message names)
HOSTILE = {
    "script": ("<script>alert(1)</script>", "<script>"),
    "uppercase script": ("<SCRIPT SRC=//evil.example>", "<script>"),
    "closing-tag trick": ("</script><script>", "</script>"),
    "script in a word": ("Hello<script>alert(1)</script>", "<script>"),
    "numeric references": ("&#60;script&#62;alert(1)&#60;/script&#62;", "<script>"),
    "named references": ("&lt;script&gt;alert(1)&lt;/script&gt;", "<script>"),
    "javascript link split by a tab": (
        '<a href="java\tscript:alert(1)">x</a>',
        "a javascript: link",
    ),
    "javascript link split by a newline": (
        '<a href="java\nscript:alert(1)">x</a>',
        "a javascript: link",
    ),
    "javascript link split by &Tab;": (
        '<a href="java&Tab;script:alert(1)">x</a>',
        "a javascript: link",
    ),
    "&colon;": ('<a href="javascript&colon;alert(1)">x</a>', "a javascript: link"),
    "hex reference in the scheme": (
        '<a href="&#x6A;avascript:alert(1)">x</a>',
        "a javascript: link",
    ),
    "references without semicolons": (
        '<a href="&#106&#97&#118&#97&#115&#99&#114&#105&#112&#116&#58alert(1)">x</a>',
        "a javascript: link",
    ),
    "upper-case link": ('<A HREF="JAVASCRIPT:alert(1)">x</A>', "a javascript: link"),
    "vbscript link": ('<a href="vbscript:msgbox(1)">x</a>', "a vbscript: link"),
    "data link": (
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
        "a data: link",
    ),
    "meta refresh": (
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
        "<meta>",
    ),
    "img onerror": ("<img src=x onerror=alert(1)>", "an event handler such as onerror="),
    "image onerror": ("<image src=x onerror=alert(1)>", "an event handler such as onerror="),
    "svg onload": ("<svg onload=alert(1)>", "an event handler such as onload="),
    "svg/onload": ("<svg/onload=alert(1)>", "an event handler such as onload="),
    "iframe srcdoc": ('<iframe srcdoc="<script>alert(1)</script>">', "<iframe>"),
    "math": ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "<math>"),
    "form action": (
        "<form action=javascript:alert(1)><button>go</button></form>",
        "a javascript: link",
    ),
    "button formaction": ("<button formaction=javascript:alert(1)>go", "a javascript: link"),
    "style": ("<style>body{background:url(//evil.example)}</style>", "<style>"),
    "style attribute": ('<b style="background:url(//evil.example)">x</b>', "<b>"),
    "object": ("<object data=x.swf>", "<object>"),
    "embed": ("<embed src=x.swf>", "<embed>"),
    "base": ('<base href="//evil.example/">', "<base>"),
    "link stylesheet": ('<link rel=stylesheet href="//evil.example/x.css">', "<link>"),
    "bare iframe": ("<iframe>", "<iframe>"),
    "bare textarea": ("<textarea>", "<textarea>"),
    "noscript": ('<noscript><p title="</noscript><img src=x onerror=alert(1)>">', "<noscript>"),
    "custom element": ("<x-widget>", "<x-widget>"),
    "comment": ("before <!-- hidden --> after", "an HTML comment (<!--)"),
    "unclosed comment": ("before <!-- the rest of a page", "an HTML comment (<!--)"),
    "event handler on an unknown tag": (
        "<pravda onclick=alert(1)>",
        "an event handler such as onclick=",
    ),
    "ordinary link": ('<a href="https://example.org">a link</a>', "<a>"),
}


@pytest.mark.parametrize(("value", "named"), HOSTILE.values(), ids=list(HOSTILE))
def test_hostile_markup_is_refused_naming_the_field(value, named):
    with pytest.raises(ValidationError) as caught:
        clean_text(value, "summary")
    assert caught.value.messages == [f"summary: HTML markup such as {named} is not allowed"]
    assert caught.value.error_list[0].code == "hostile_markup"


@pytest.mark.parametrize(
    "value",
    ["<scr\x00ipt>alert(1)</script>", '<a href="java\x00script:alert(1)">', "plain\x00text"],
    ids=["in a tag name", "in a scheme", "in text"],
)
def test_a_nul_character_is_refused(value):
    with pytest.raises(ValidationError) as caught:
        clean_text(value, "rendition text")
    assert caught.value.messages == ["rendition text: a NUL character is not allowed"]


# --- Links ---------------------------------------------------------------------------

SAFE_URLS = {
    "https": "https://www.wilsoncenter.org/digital-archive?page=2&sort=date",
    "http": "http://digitalarchive.wilsoncenter.org/document/110398",
    "upper case": "HTTPS://EXAMPLE.ORG/",
    "mailto": "mailto:archive@example.org",
    "a path of ours": "/collection/china-and-the-bomb",
    "the home page": "/",
    "unicode host and path": "https://例え.jp/パス/Lüshun",
    "percent-encoded": "https://example.org/a%20b%22c",
    "an apostrophe": "https://en.wikipedia.org/wiki/Conan_O'Brien",
}


KEPT = [(clean_text, value, f"text: {name}") for name, value in ORDINARY.items()] + [
    (clean_url, value, f"link: {name}") for name, value in SAFE_URLS.items()
]


@pytest.mark.parametrize(("clean", "value", "case"), KEPT, ids=[case for *_, case in KEPT])
def test_ordinary_text_and_safe_links_are_kept_byte_for_byte(clean, value, case):
    assert clean(value, "summary") is value
    if clean is clean_text:
        assert find_hostile_markup(value) is None


UNSAFE_URLS = {
    "javascript": ("javascript:alert(1)", "a javascript: link"),
    "upper case": ("JaVaScRiPt:alert(1)", "a javascript: link"),
    "tab in the scheme": ("java\tscript:alert(1)", "the character '\\t'"),
    "newline in the scheme": ("java\nscript:alert(1)", "the character '\\n'"),
    "&Tab; in the scheme": ("java&Tab;script:alert(1)", "a javascript: link"),
    "encoded newline": ("java&#x0A;script:alert(1)", "a javascript: link"),
    "&colon;": ("javascript&colon;alert(1)", "a javascript: link"),
    "numeric references": ("&#106;avascript:alert(1)", "a javascript: link"),
    "vbscript": ("vbscript:msgbox(1)", "a vbscript: link"),
    "data": ("data:text/html;base64,PHNjcmlwdD4=", "a data: link"),
    "leading NUL": ("\x00javascript:alert(1)", "the character '\\x00'"),
    "leading space": (" https://example.org", "a space"),
    "quote": ('https://example.org/"onmouseover="alert(1)', "the character '\"'"),
    "angle bracket": ("https://example.org/<script>", "the character '<'"),
    "another scheme": ("ftp://example.org/file", "a ftp: link"),
    "protocol-relative": ("//evil.example/", "a link to another site (//…)"),
    "backslash": ("/\\evil.example/", "a link to another site (//…)"),
    "encoded slashes": ("&#47;&#47;evil.example/", "a link to another site (//…)"),
    "relative": ("page.html", "a relative link"),
    "fragment": ("#top", "a relative link"),
}


@pytest.mark.parametrize(("value", "problem"), UNSAFE_URLS.values(), ids=list(UNSAFE_URLS))
def test_unsafe_links_are_refused_naming_the_field(value, problem):
    with pytest.raises(ValidationError) as caught:
        clean_url(value, "funder URL")
    assert caught.value.messages == [
        f"funder URL: {problem} is not allowed (only http:, https:, mailto: or a path"
        " starting with /)"
    ]
    assert caught.value.error_list[0].code == "unsafe_url"


def test_an_empty_url_is_left_to_the_field_to_require():
    assert clean_url("", "repository URL") == ""


# --- Whatever is accepted holds no attribute and no active element ---------------------

# Pieces an attacker composes with; hypothesis strings them together.
PIECES = [
    "<",
    ">",
    "</",
    "/",
    " ",
    "\t",
    "\n",
    "=",
    '"',
    "'",
    "&",
    "#",
    ";",
    "!--",
    "-->",
    "?",
    "script",
    "img",
    "svg",
    "math",
    "style",
    "iframe",
    "a",
    "b",
    "p",
    "Pravda",
    "x-y",
    " src=x",
    " onerror=alert(1)",
    " href=",
    "javascript:",
    "&lt;",
    "&#60;",
    "&colon;",
    "&#x3C;",
    "alert(1)",
    "<!",
    "<?",
    "[",
    "]",
    "\r",
]
_NAMES = re.compile(r"</?([A-Za-z][^\t\n\f\r />]*)")
ACTIVE = re.compile(r"<(script|style|svg|math|iframe)[\t\n\f />]")


def _what_a_browser_builds(value: str) -> tuple[list, str]:
    """Every attribute, and the markup kept, when html5ever reads ``value`` unaided."""
    attributes = []

    def keep(element, attribute, attribute_value):
        attributes.append((element, attribute))
        return attribute_value

    names = {name.lower() for name in _NAMES.findall(value)}
    kept = nh3.clean(
        value,
        tags=names | {"script", "style", "svg", "math", "iframe"},
        clean_content_tags=set(),
        generic_attribute_prefixes={""},
        attribute_filter=keep,
        strip_comments=False,
        link_rel=None,
        url_schemes={"http", "https", "mailto", "javascript", "data"},
    )
    return attributes, kept


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_anything_accepted_holds_no_attribute_and_no_active_element(value):
    if find_hostile_markup(value) is not None:
        return
    attributes, kept = _what_a_browser_builds(value)
    assert attributes == []
    # no comment, and none of the elements that act with no attribute
    assert "<!--" not in kept
    assert not ACTIVE.search(kept)
