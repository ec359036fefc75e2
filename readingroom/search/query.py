"""The reader's query syntax, parsed leniently into tantivy queries.

    nuclear weapons          every word must match (in any field)
    "atomic bomb"            an exact phrase
    Mao OR Stalin            either
    -Korea  -"Korean War"    not this
    isotop*                  a prefix
    person:Stalin            a field: person, place, topic, collection, title, summary,
                             text, source
    (Mao OR Zhou) Stalin     grouping

Nothing a reader types is an error: an unclosed quote or parenthesis closes at the end,
a stray operator is ignored, an unknown field is a word, and an overlong query keeps its
first ``MOST_TERMS`` words (``ParsedQuery.notes`` says so). The parser never hands raw
text to tantivy's own query parser, whose errors are not for readers.
"""

import re
from dataclasses import dataclass, field

import tantivy
from tantivy import Occur, Query

from .analysis import analyze, has_cjk, pair_terms
from .index import PAIRED_FIELDS, PREFIX_FIELDS, SCHEMA, TEXT_FIELDS

MOST_TERMS = 32
DEEPEST_NESTING = 8
SHORTEST_PREFIX = 2

# field -> boost, for words without a field: a word in the title says more than one in
# the text, and a linked person's name more than a passing mention.
# Topics, collections and the printed source are where a document sits, not its words:
# searched only when named (a volume's name is not a word of each of its documents).
DEFAULT_FIELDS = {
    "title": 3.0,
    "person_names": 2.0,
    "place_names": 2.0,
    "summary": 1.5,
    "body": 1.0,
    "body_ru": 1.0,
    "cjk": 1.0,
    "source": 0.5,
}
# what a reader writes before ":" -> the fields it searches
FIELD_ALIASES = {
    "person": ("person_names",),
    "people": ("person_names",),
    "place": ("place_names",),
    "topic": ("topic_names",),
    "collection": ("collection_names",),
    "title": ("title",),
    "summary": ("summary",),
    "text": ("body", "body_ru", "cjk"),
    "source": ("source", "printed_source"),
}
NAME_FIELDS = ("person_names", "place_names", "topic_names")


@dataclass
class Word:
    text: str
    fields: tuple[str, ...] = ()
    prefix: bool = False


@dataclass
class Phrase:
    text: str
    fields: tuple[str, ...] = ()


@dataclass
class Group:
    """All of ``must`` and none of ``must_not``; ``any_of`` when joined by OR."""

    must: list = field(default_factory=list)
    must_not: list = field(default_factory=list)
    any_of: bool = False


@dataclass
class ParsedQuery:
    root: Group
    notes: list[str]

    @property
    def words(self) -> list[Word]:
        """Every positive plain word, for "did you mean"."""
        found: list[Word] = []

        def walk(node):
            if isinstance(node, Group):
                for child in node.must:
                    walk(child)
            elif isinstance(node, Word):
                found.append(node)

        walk(self.root)
        return found


TOKEN = re.compile(r'\s*(?:(?P<quote>")|(?P<open>\()|(?P<close>\))|(?P<word>[^\s"()]+))')


def lex(text: str) -> list[tuple[str, str]]:
    """Tokens: ("word", w), ("phrase", p), ("open", ""), ("close", ""), ("not", "")."""
    tokens: list[tuple[str, str]] = []
    position = 0
    while match := TOKEN.match(text, position):
        position = match.end()
        if match.group("quote"):
            end = text.find('"', position)
            end = len(text) if end < 0 else end
            tokens.append(("phrase", text[position:end]))
            position = end + 1
        elif match.group("open"):
            tokens.append(("open", ""))
        elif match.group("close"):
            tokens.append(("close", ""))
        elif (word := match.group("word")) == "-":
            # "-" right before a quote or parenthesis excludes it; a lone one is noise.
            if text[position : position + 1] in ('"', "("):
                tokens.append(("not", ""))
        elif word.startswith("-"):
            tokens += [("not", ""), ("word", word[1:])]
        else:
            tokens.append(("word", word))
    return tokens


class Parser:
    def __init__(self, tokens: list[tuple[str, str]]):
        self.tokens = tokens
        self.position = 0
        self.terms = 0
        self.truncated = False

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.tokens[self.position]
        self.position += 1
        return token

    def group(self, depth: int = 0) -> Group:
        """Clauses until a closing parenthesis or the end; OR binds tighter than AND."""
        group = Group()
        while (token := self.peek()) is not None:
            if token[0] == "close":
                if depth:
                    return group
                self.take()  # a stray ")" at the top level: ignored
                continue
            negated, node = self.clause(depth)
            if node is not None:
                (group.must_not if negated else group.must).append(node)
        return group

    def clause(self, depth: int):
        """One operand, or several joined by OR."""
        negated, node = self.operand(depth)
        alternatives = [node] if node is not None and not negated else []
        while self.peek() == ("word", "OR"):
            self.take()
            if self.peek() in (None, ("close", "")):
                break
            other_negated, other = self.operand(depth)
            if other is not None and not other_negated:
                alternatives.append(other)
        if len(alternatives) > 1:
            return False, Group(must=alternatives, any_of=True)
        return negated, node

    def operand(self, depth: int):
        negated = False
        while self.peek() and self.peek()[0] == "not":
            self.take()
            negated = True
        token = self.peek()
        if token is None or token[0] == "close":
            return negated, None
        kind, value = self.take()
        if kind == "open":
            if depth >= DEEPEST_NESTING:
                return negated, None
            inner = self.group(depth + 1)
            if self.peek() == ("close", ""):
                self.take()
            return negated, (inner if inner.must or inner.must_not else None)
        if kind == "phrase":
            return negated, self.counted(Phrase(value))
        if value in ("OR", "AND", "NOT"):
            # "AND" is what words do anyway; "NOT x" is "-x"; a leading OR means nothing.
            if value == "NOT":
                inner_negated, node = self.operand(depth)
                return not inner_negated, node
            return negated, None
        return negated, self.field_or_word(value)

    def field_or_word(self, value: str):
        name, colon, rest = value.partition(":")
        fields = FIELD_ALIASES.get(name.lower()) if colon else None
        if fields is None:
            return self.counted(word_node(value))
        if not rest and self.peek() and self.peek()[0] == "phrase":
            return self.counted(Phrase(self.take()[1], fields))
        if not rest:
            return None
        node = word_node(rest)
        node.fields = fields
        return self.counted(node)

    def counted(self, node):
        self.terms += 1
        if self.terms > MOST_TERMS:
            self.truncated = True
            return None
        return node


def word_node(text: str) -> Word:
    if text.endswith("*"):
        stem = text.rstrip("*")
        return Word(stem, prefix=len(stem) >= SHORTEST_PREFIX)
    return Word(text)


def parse(text: str) -> ParsedQuery:
    parser = Parser(lex(text))
    root = parser.group()
    notes = []
    if parser.truncated:
        notes.append(f"Your search was long: only its first {MOST_TERMS} words were used.")
    return ParsedQuery(root, notes)


# --- From the parsed query to tantivy -------------------------------------------------


def field_query(field_name: str, text: str) -> Query | None:
    """``text`` as it would be found in one field, or None when it makes no term there."""
    analyzer = TEXT_FIELDS[field_name]
    if field_name == "cjk" and not has_cjk(text):
        return None
    terms = analyze(analyzer, text)
    if not terms:
        return None
    if len(terms) == 1:
        return Query.term_query(SCHEMA, field_name, terms[0])
    return Query.phrase_query(SCHEMA, field_name, terms)


def prefix_query(field_names: list[str], text: str) -> Query | None:
    """A word starting with ``text`` in any of ``field_names``, which share one unstemmed
    twin (``PREFIX_FIELDS``) or are unstemmed themselves: every word that starts so, not
    only those whose stem does ("negotiat*" finds "negotiations", stemmed "negoti").

    Words joined by punctuation ("U.S.*") are a phrase whose last word is a prefix,
    looked for by position in the fields themselves (twins keep no positions), where
    the earlier words are matched as they are indexed.
    """
    cjk = field_names == ["cjk"]
    if cjk and not has_cjk(text):
        return None
    terms = analyze("rr_cjk" if cjk else "rr_name", text)
    if not terms:
        return None
    if len(terms) == 1:
        twin = PREFIX_FIELDS.get(field_names[0], field_names[0])
        return Query.regex_query(SCHEMA, twin, re.escape(terms[0]) + ".*")
    phrases = [Query.phrase_prefix_query(SCHEMA, name, terms) for name in field_names]
    if len(phrases) == 1:
        return phrases[0]
    return Query.boolean_query([(Occur.Should, query) for query in phrases])


def across_fields(
    text: str, fields: tuple[str, ...], prefix: bool = False, pairs: bool = True
) -> Query | None:
    """``text`` in any of ``fields`` (every default field when none is named).

    Several words (a phrase, or a word the analyzers cut in two, like "U.S.") are looked
    up as pairs of adjacent words (``by_pairs``) unless ``pairs`` is False; the positional
    phrase queries built here then only check, or only serve to highlight.
    """
    query = positional(text, fields, prefix)
    if query is None or prefix or not pairs or has_cjk(text):
        return query
    if not set(fields or DEFAULT_FIELDS) <= set(PAIRED_FIELDS) | {"cjk"}:
        return query  # a field whose pairs are not indexed: by position alone
    terms = pair_terms(text)
    if not terms:
        return query
    return by_pairs(terms, fields, query)


def by_pairs(terms: list[str], fields: tuple[str, ...], positional_query: Query) -> Query:
    """An exact phrase through its pairs of adjacent words (``analysis.word_pairs``).

    Two words anywhere are one pair term: found, counted and ranked without reading a
    single position (a title match ranks first, as with single words). Longer phrases, or
    phrases in named fields, are narrowed to the documents that hold every pair, and only
    those are checked word by word.
    """
    pair_queries = [Query.term_query(SCHEMA, "pairs", term) for term in terms]
    if len(terms) == 1 and not fields:
        title = Query.term_query(SCHEMA, "title_pairs", terms[0])
        return Query.boolean_query(
            [
                (Occur.Must, pair_queries[0]),
                (Occur.Should, Query.boost_query(title, DEFAULT_FIELDS["title"])),
            ]
        )
    having_pairs = Query.boolean_query([(Occur.Must, query) for query in pair_queries])
    return Query.boolean_query(
        [
            (Occur.Must, Query.const_score_query(having_pairs, 0.0)),
            (Occur.Must, positional_query),
        ]
    )


def positional(text: str, fields: tuple[str, ...], prefix: bool = False) -> Query | None:
    boosts = {name: DEFAULT_FIELDS.get(name, 1.0) for name in fields or DEFAULT_FIELDS}
    if not prefix and has_cjk(text) and not only_cjk(text):
        # Mixed scripts: the character field would see only part of the words.
        boosts.pop("cjk", None)
    alternatives = []
    for names, boost in searched(boosts, prefix):
        query = prefix_query(names, text) if prefix else field_query(names[0], text)
        if query is not None:
            alternatives.append(
                (Occur.Should, Query.boost_query(query, boost) if boost != 1.0 else query)
            )
    if not alternatives:
        return None
    return alternatives[0][1] if len(alternatives) == 1 else Query.boolean_query(alternatives)


def searched(boosts: dict[str, float], prefix: bool) -> list[tuple[list[str], float]]:
    """The fields to look in, with their boosts; for a prefix, those sharing a twin
    together (body and body_ru), with the highest boost of them."""
    if not prefix:
        return [([name], boost) for name, boost in boosts.items()]
    groups: dict[str, tuple[list[str], float]] = {}
    for name, boost in boosts.items():
        twin = PREFIX_FIELDS.get(name, name)
        names, most = groups.get(twin, ([], boost))
        groups[twin] = ([*names, name], max(most, boost))
    return list(groups.values())


def only_cjk(text: str) -> bool:
    return not re.sub(r"[\W_]+", "", re.sub(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]", "", text))


def to_tantivy(node, pairs: bool = True) -> Query | None:
    """A tantivy query for a parsed node; None when nothing in it can match a term."""
    if isinstance(node, Word):
        return across_fields(node.text, node.fields, node.prefix, pairs)
    if isinstance(node, Phrase):
        return across_fields(node.text, node.fields, pairs=pairs)
    positive = [q for child in node.must if (q := to_tantivy(child, pairs)) is not None]
    negative = [q for child in node.must_not if (q := to_tantivy(child, pairs)) is not None]
    if node.any_of:
        if not positive:
            return None
        return Query.boolean_query([(Occur.Should, query) for query in positive])
    if not positive and not negative:
        return None
    clauses = [(Occur.Must, query) for query in positive]
    clauses += [(Occur.MustNot, query) for query in negative]
    if not positive:
        clauses.insert(0, (Occur.Must, Query.all_query()))
    if len(clauses) == 1:
        return clauses[0][1]
    return Query.boolean_query(clauses)


def build(parsed: ParsedQuery, pairs: bool = True) -> tantivy.Query | None:
    """The query that finds the documents; with ``pairs=False``, the same words as
    positional queries only, which is what highlighting needs (it reads the terms of the
    field it highlights)."""
    return to_tantivy(parsed.root, pairs)
