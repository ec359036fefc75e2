"""The names of people, places and topics, for the search box and for searching a name's
other spellings.

The autocomplete matches names from the start of any of their words, with case and
diacritics ignored ("lus" finds Lüshun, "enlai" finds Zhou Enlai, "chou" finds him by
another name). Searching expands a name to its other names (``variants.py``). Both are
read from the database at most once a minute per process, and after the first time in
a background thread: an archive has thousands of names, not millions, and neither a
keystroke nor a search may cost a query, or wait while the names are read again.
"""

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.db import connection
from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode

from readingroom.archive.models import Person, Place, Topic

from .analysis import fold
from .variants import Variants, variants_of

log = logging.getLogger(__name__)

REFRESH_SECONDS = 60.0
T = TypeVar("T")


class Refreshed(Generic[T]):
    """A value read from the database, kept ``seconds``. The first use reads it; a use
    after that time gets the value kept while a background thread reads it again."""

    def __init__(self, read: Callable[[], T], seconds: float = REFRESH_SECONDS):
        self.read = read
        self.seconds = seconds
        self.value: T | None = None
        self.version = 0  # another for each value read: a key for what is cached from it
        self.read_at = float("-inf")
        self.reading = False
        self.lock = threading.Lock()

    def latest(self) -> tuple[T, int]:
        with self.lock:
            if self.value is None:
                self._keep(self.read())
            elif time.monotonic() - self.read_at > self.seconds and not self.reading:
                self.reading = True
                threading.Thread(target=self._read_again, name="search-names", daemon=True).start()
            return self.value, self.version

    def current(self) -> T:
        return self.latest()[0]

    def clear(self) -> None:
        """Read the value again at the next use (tests; a process that changed it)."""
        with self.lock:
            self.value = None

    def _keep(self, value: T) -> None:
        self.value, self.version, self.read_at = value, self.version + 1, time.monotonic()

    def _read_again(self) -> None:
        try:
            value = self.read()
        except Exception:
            log.exception("search: reading names failed; the last ones are kept")
            value = None
        finally:
            connection.close()  # this thread's own: none must outlive it
        with self.lock:
            if value is not None and self.value is not None:
                self._keep(value)
            self.read_at = time.monotonic()
            self.reading = False


@dataclass(frozen=True)
class Name:
    kind: str  # the search parameter: person, place or topic
    slug: str
    label: str
    keys: tuple[str, ...]  # folded forms of the label and the other names


def load_names() -> list[Name]:
    names = []
    # Only what readers may see: a name only a draft gives is suggested to no one.
    for slug, sort_name, display, other in Person.objects.public().values_list(
        "slug", "sort_name", "display_name", "other_names"
    ):
        names.append(name("person", slug, sort_name, [display, *(other or [])]))
    for slug, label, other in Place.objects.public().values_list("slug", "name", "other_names"):
        names.append(name("place", slug, label, other or []))
    for topic in Topic.objects.public().only("slug", "name", "span"):
        names.append(name("topic", topic.slug, topic.label, []))
    return names


def load_variants() -> Variants:
    """The other names of the people and places that have any: other names, or a name
    with a trailing parenthesis ("Mao Tse-tung (Mao Zedong)")."""
    spelled = []
    parenthesis = Q(sort_name__contains="(") | Q(display_name__contains="(")
    # Only public records: a name only a draft gives must not show as "also searched".
    people = Person.objects.public().filter(~Q(other_names=[]) | parenthesis).order_by()
    for sort_name, display, other in people.values_list("sort_name", "display_name", "other_names"):
        spelled.append([display, sort_name, *(other or [])])
    places = Place.objects.public().filter(~Q(other_names=[]) | Q(name__contains="("))
    places = places.order_by()
    for label, other in places.values_list("name", "other_names"):
        spelled.append([label, *(other or [])])
    return variants_of(spelled)


def name(kind: str, slug: str, label: str, others: list[str]) -> Name:
    keys = tuple(dict.fromkeys(" " + fold(text) for text in [label, *others] if text))
    return Name(kind, slug, label, keys)


names: Refreshed[list[Name]] = Refreshed(load_names)
variants: Refreshed[Variants] = Refreshed(load_variants)


def suggest(text: str, limit: int = 10) -> list[dict]:
    """Names with a word starting with ``text``; those whose label starts with it first."""
    # Keys and the wanted text both begin with a space, so a match is at a word's start.
    wanted = " " + " ".join(fold(text).split())
    if len(wanted) < 3:
        return []
    found = [
        (not entry.keys[0].startswith(wanted), fold(entry.label), entry)
        for entry in names.current()
        if any(wanted in key for key in entry.keys)
    ]
    found.sort(key=lambda item: item[:2])
    return [as_json(entry) for _, _, entry in found[:limit]]


def as_json(entry: Name) -> dict:
    return {
        "label": entry.label,
        "kind": entry.kind,
        "search_url": f"{reverse('search:search')}?{urlencode({entry.kind: entry.slug})}",
        "url": reverse(f"archive:{entry.kind}-detail", args=[entry.slug]),
    }
