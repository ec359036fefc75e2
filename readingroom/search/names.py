"""The autocomplete of people, places and topics for the search box.

Names are matched from the start of any of their words, with case and diacritics
ignored ("lus" finds Lüshun, "enlai" finds Zhou Enlai, "chou" finds him by another
name). The list of names is read from the database at most once a minute per process:
an archive has thousands of names, not millions, and a keystroke must not cost a query.
"""

import threading
import time
from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode

from readingroom.archive.models import Person, Place, Topic

from .analysis import fold

REFRESH_SECONDS = 60.0


@dataclass(frozen=True)
class Name:
    kind: str  # the search parameter: person, place or topic
    slug: str
    label: str
    keys: tuple[str, ...]  # folded forms of the label and the other names


class NameList:
    def __init__(self):
        self.names: list[Name] = []
        self.loaded_at = float("-inf")
        self.lock = threading.Lock()

    def current(self) -> list[Name]:
        with self.lock:
            if time.monotonic() - self.loaded_at > REFRESH_SECONDS:
                self.names = load_names()
                self.loaded_at = time.monotonic()
            return self.names

    def clear(self) -> None:
        with self.lock:
            self.loaded_at = float("-inf")


def load_names() -> list[Name]:
    names = []
    for slug, sort_name, display, other in Person.objects.values_list(
        "slug", "sort_name", "display_name", "other_names"
    ):
        names.append(name("person", slug, sort_name, [display, *(other or [])]))
    for slug, label, other in Place.objects.values_list("slug", "name", "other_names"):
        names.append(name("place", slug, label, other or []))
    for topic in Topic.objects.only("slug", "name", "span"):
        names.append(name("topic", topic.slug, topic.label, []))
    return names


def name(kind: str, slug: str, label: str, others: list[str]) -> Name:
    keys = tuple(dict.fromkeys(" " + fold(text) for text in [label, *others] if text))
    return Name(kind, slug, label, keys)


names = NameList()


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
