"""Other names: a word or phrase that is one of a person's or a place's names also finds
the others (Peking finds Beijing and Peiping; "Chiang Kai-shek" finds "Chiang Kaishek").

The names are data that editors and imports keep (``Person.other_names``,
``Place.other_names``; a trailing parenthesis in a name, "Mao Tse-tung (Mao Zedong)", is
another name too). ``variants_of`` turns them into a map from a name, folded to its
words, to the other names of every entity that has it; ``names.py`` builds it with the
autocomplete's list, at most once a minute, so that a search costs a dictionary look-up
and no query. ``expand`` rewrites a parsed query: the words as written OR each other name,
at most ``MOST_NAMES`` of them for a term and ``MOST_ALTERNATIVES`` for a query, so that a
name with many spellings cannot make a search of a million documents slow.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .analysis import WORD, fold, has_cjk
from .query import NAME_FIELDS, Group, ParsedQuery, Phrase, Word

MOST_NAMES = 8
MOST_ALTERNATIVES = 24
# A name of more words than this is not looked for among a query's words.
LONGEST_NAME = 8
# "Mao Tse-tung (Mao Zedong)", "Pak Chong-hui (Pak Chung-hui, Park Chung Hee)"
TRAILING_PARENTHESIS = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<others>[^()]+)\)$")


def name_key(text: str) -> str:
    """A name as it is looked up: its words, folded ("Lüshun" and "LUSHUN" are one)."""
    return " ".join(WORD.findall(fold(text)))


def spellings(name: str) -> list[str]:
    """The names written in one: "Mao Tse-tung (Mao Zedong)" is "Mao Tse-tung" and "Mao
    Zedong". A parenthesis inside a name ("Chow (Chou) Shu-kai") is part of it."""
    if match := TRAILING_PARENTHESIS.match(name.strip()):
        return [match["name"], *(part.strip() for part in re.split(r"[,;]", match["others"]))]
    return [name.strip()]


@dataclass(frozen=True)
class Variants:
    """A name's key -> the other names of every entity that has that name, as written."""

    others: dict[str, tuple[str, ...]] = field(default_factory=dict)
    longest: int = 1  # the most words of a name in the map

    def of(self, text: str) -> tuple[str, ...]:
        return self.others.get(name_key(text), ())


def variants_of(entities: Iterable[list[str]]) -> Variants:
    """The map for entities given as their lists of names, the name to show first.

    Names that differ only in the order of their words ("Khrushchev, Nikita" and "Nikita
    Khrushchev") are one spelling: both find the entity's other names, but neither is
    searched as another name of the other.
    """
    others: dict[str, dict[tuple[str, ...], str]] = {}
    for names in entities:
        distinct: dict[tuple[str, ...], str] = {}  # sorted words -> the name as written
        keys: dict[str, tuple[str, ...]] = {}
        for name in (one for written in names if written for one in spellings(written)):
            # Two letters are an abbreviation of many things ("GA"); two characters a name.
            if len(key := name_key(name)) >= 3 or has_cjk(key):
                words = tuple(sorted(key.split()))
                distinct.setdefault(words, name)
                keys[key] = words
        if len(distinct) < 2:
            continue
        for key, words in keys.items():
            found = others.setdefault(key, {})
            for other_words, written in distinct.items():
                if other_words != words:
                    found.setdefault(other_words, written)
    return Variants(
        {key: tuple(found.values())[:MOST_NAMES] for key, found in others.items()},
        max((key.count(" ") + 1 for key in others), default=1),
    )


@dataclass(frozen=True)
class Expansion:
    """What a reader wrote, and the other names searched with it."""

    written: str
    others: tuple[str, ...]


class Expander:
    """Rewrites a parsed query with each name's other names, within the budget."""

    def __init__(self, variants: Variants):
        self.variants = variants
        self.budget = MOST_ALTERNATIVES
        self.found: list[Expansion] = []

    def group(self, group: Group) -> Group:
        must = [self.node(n) for n in group.must] if group.any_of else self.run(group.must)
        return Group(must, [self.node(n) for n in group.must_not], group.any_of)

    def node(self, node):
        if isinstance(node, Group):
            return self.group(node)
        if isinstance(node, Phrase | Word) and expandable(node):
            return self.alternatives(node, node.text, node.fields)
        return node

    def run(self, nodes: list) -> list:
        """Each node expanded; consecutive plain words that together are a name (Chiang
        Kai-shek, unquoted) expanded as one, the longest first."""
        expanded, start = [], 0
        while start < len(nodes):
            end = self.name_ending(nodes, start)
            if end > start + 1:
                written = " ".join(node.text for node in nodes[start:end])
                expanded.append(self.alternatives(Group(nodes[start:end]), written, ()))
            else:
                end = start + 1
                expanded.append(self.node(nodes[start]))
            start = end
        return expanded

    def name_ending(self, nodes: list, start: int) -> int:
        """Where a name of several plain words starting at ``start`` ends, or ``start``."""
        plain = start
        while plain < len(nodes) and plain - start < self.variants.longest:
            node = nodes[plain]
            if not (isinstance(node, Word) and not node.fields and not node.prefix):
                break
            plain += 1
        for end in range(plain, start + 1, -1):
            if self.variants.of(" ".join(node.text for node in nodes[start:end])):
                return end
        return start

    def alternatives(self, node, written: str, fields: tuple[str, ...]):
        others = self.variants.of(written)[: self.budget]
        if not others:
            return node
        self.budget -= len(others)
        self.found.append(Expansion(written, others))
        words = [Phrase(o, fields) if " " in name_key(o) else Word(o, fields) for o in others]
        return Group([node, *words], any_of=True)


def expandable(node: Phrase | Word) -> bool:
    # A name field (person:, place:) already holds every name of the linked entities.
    named = node.fields and set(node.fields) <= set(NAME_FIELDS)
    return not named and not getattr(node, "prefix", False)


def expand(parsed: ParsedQuery, variants: Variants) -> tuple[ParsedQuery, list[Expansion]]:
    """``parsed`` with other names searched too, and which; ``parsed`` is left as it is."""
    if not variants.others:
        return parsed, []
    expander = Expander(variants)
    root = expander.group(parsed.root)
    return ParsedQuery(root, parsed.notes), list(dict.fromkeys(expander.found))
