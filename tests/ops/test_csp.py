"""Nothing inline in our templates or Python-made HTML: the Content Security Policy
refuses it (browser tests catch what a browser is refused; this names the file)."""

import re
from pathlib import Path

import pytest

import readingroom

PACKAGE = Path(readingroom.__file__).parent
STYLE = "a style attribute"
INLINE = {
    STYLE: re.compile(r"""\sstyle\s*=\s*["'{]""", re.I),
    "a <style> element": re.compile(r"<style[\s>]", re.I),
    "an inline <script>": re.compile(r"<script(?![^>]*\b(?:src|type)=)[^>]*>", re.I),
    "an event-handler attribute": re.compile(r"""\son[a-z]+\s*=\s*["']""", re.I),
    "a javascript: URL": re.compile(r"javascript:", re.I),
}
SOURCES = sorted(
    [*PACKAGE.glob("**/templates/**/*.html"), *PACKAGE.glob("**/*.py")],
    key=str,
)


def test_sources_are_found():
    assert len([path for path in SOURCES if path.suffix == ".html"]) > 20


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_nothing_inline(path):
    text = path.read_text(encoding="utf-8")
    # Python modules mention <script> and on…= in comments and the sanitizer; the HTML
    # they make (format_html) is checked for what it could hold: style attributes.
    patterns = INLINE if path.suffix == ".html" else {"a style attribute": INLINE[STYLE]}
    found = [
        f"{what} on line {text.count(chr(10), 0, match.start()) + 1}"
        for what, pattern in patterns.items()
        for match in pattern.finditer(text)
    ]
    assert not found, f"{path.name}: {found}"
