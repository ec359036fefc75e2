"""Documents written from the pools: titles, dates, summaries, texts and their links.

``Writer.draft(record_id)`` returns a document with all its rows, unsaved; the texts are
recombined from a few thousand sentences made once, which keeps writing cheap while every
document still reads differently.
"""

import calendar
import datetime as dt
import itertools
import math
import random
from dataclasses import dataclass

from readingroom.archive.dates import HistoricalDate, PartialDate
from readingroom.archive.models import Document

from . import vocabulary as vocab
from .pools import Pools

# How often each kind of document occurs, roughly as in the Wilson Center's catalog.
TYPE_WEIGHTS = {
    "conversation": 20,
    "telegram": 16,
    "cable": 5,
    "letter": 12,
    "memorandum": 10,
    "minutes": 8,
    "report": 10,
    "speech": 4,
    "diary": 3,
    "directive": 3,
    "resolution": 3,
    "agreement": 2,
    "note": 2,
    "editorial-note": 1,
    "other": 1,
}
# Who {b} of a title is: the one written to, or the other party to a conversation.
B_ROLE = {"conversation": "participant", "minutes": "participant", "diary": "participant"}
# Kinds of documents sent from one place to another.
SENT = {"telegram", "cable", "letter", "note", "report"}
CONTRIBUTION_ODDS = [
    ("obtained", 0.5),
    ("transcribed", 0.1),
    ("translated", 0.85),
    ("annotated", 0.15),
    ("edited", 0.1),
]
SMALL_WORDS = {"a", "an", "and", "at", "between", "by", "for", "from", "in", "of", "on", "the",
               "to", "with"}  # fmt: skip


def random_date(rng: random.Random) -> HistoricalDate | None:
    """A date as archives know them: mostly to the day, some to the month or the year,
    a few approximate, a few spans, a few unknown; most after 1945."""
    kind = rng.random()
    year = rng.randint(1945, 1991) if rng.random() < 0.85 else rng.randint(1917, 1944)
    month = rng.randint(1, 12)
    day = rng.randint(1, calendar.monthrange(year, month)[1])
    if kind < 0.78:
        return HistoricalDate(PartialDate(year, month, day))
    if kind < 0.87:
        return HistoricalDate(PartialDate(year, month))
    if kind < 0.92:
        return HistoricalDate(PartialDate(year))
    if kind < 0.95:
        start = PartialDate(year, month) if rng.random() < 0.3 else PartialDate(year)
        return HistoricalDate(start, approximate=True)
    if kind < 0.98:
        last = dt.date(year, month, day) + dt.timedelta(days=rng.randint(1, 40))
        return HistoricalDate(
            PartialDate(year, month, day), PartialDate(last.year, last.month, last.day)
        )
    return None


def _reference(rng: random.Random, style: str) -> str:
    """A reference within a repository, in the style of its country's archives."""
    number = rng.randint
    if style == "ru":
        sheet = number(1, 300)
        return (
            f"f. {number(1, 600)}, op. {number(1, 90)}, d. {number(1, 2000)}, "
            f"ll. {sheet}-{sheet + number(1, 12)}"
        )
    if style == "zh":
        series = rng.choice(["105", "106", "109", "117", "204"])
        return f"{series}-{number(0, 2999):05d}-{number(1, 12):02d}"
    if style == "us":
        return f"RG 59, Central Decimal File, box {number(1, 5000)}"
    if style == "de":
        return f"DY 30/J IV 2/2/{number(100, 1800)}"
    return f"Box {number(1, 400)}, Folder {number(1, 40)}"


def _title_case(text: str) -> str:
    """ "the withdrawal of Soviet specialists" -> "the Withdrawal of Soviet Specialists"."""
    return " ".join(
        word if word in SMALL_WORDS or not word[:1].islower() else word[0].upper() + word[1:]
        for word in text.split(" ")
    )


@dataclass
class Draft:
    """A document, unsaved, and its rows as plain values (model instances cost too much).

    people: (person_id, role, certainty); places: (place_id, role); contributions:
    (contributor_id, role, order); renditions: (kind, language_id, text, translator_id),
    the translation first; footnotes (label, text, order) belong to the translation.
    """

    document: Document
    languages: list[str]
    funders: list[int]
    topics: list[int]
    people: list[tuple[int, str, str]]
    places: list[tuple[int, str]]
    contributions: list[tuple[int, str, int]]
    renditions: list[tuple[str, str, str, int | None]]
    footnotes: list[tuple[str, str, int]]


class Writer:
    """Writes documents about Cold War diplomacy, drawing on the pools."""

    def __init__(self, rng: random.Random, pools: Pools):
        self.rng = rng
        self.pools = pools
        self.types = list(TYPE_WEIGHTS)
        self.type_weights = list(itertools.accumulate(TYPE_WEIGHTS.values()))
        self.languages = [code for code, _ in vocab.LANGUAGE_WEIGHTS]
        self.language_weights = list(itertools.accumulate(w for _, w in vocab.LANGUAGE_WEIGHTS))
        # Subjects and sentences are made once and recombined: it keeps a document cheap
        # to write while every document still reads differently.
        self.subjects = [self.fill(rng.choice(vocab.SUBJECTS)) for _ in range(2000)]
        self.sentences = [self.fill(rng.choice(vocab.SENTENCES)) for _ in range(5000)]
        self.mean_words = sum(s.count(" ") + 1 for s in self.sentences) / len(self.sentences)

    def draft(self, record_id: int) -> Draft:
        rng = self.rng
        doc_type = rng.choices(self.types, cum_weights=self.type_weights)[0]
        values, (a, b), (c1, c2) = self.context()
        template, title = self.title(doc_type, values)
        repository, style = self.pick("repositories")[0]
        summary = [self.fill(rng.choice(vocab.SUMMARIES), values) for _ in range(rng.randint(1, 3))]
        document = Document(
            record_id=record_id,
            title=title,
            date=random_date(rng),
            document_type=doc_type,
            summary=" ".join(summary),
            source_repository_id=repository.pk,
            source_reference=_reference(rng, style),
            printed_source=self.fill(rng.choice(vocab.PRINTED), values)
            if rng.random() < 0.2
            else "",
            rights=rng.choice(vocab.RIGHTS),
            status=Document.Status.PUBLISHED,
            original_uploaded=dt.date(2008, 1, 1) + dt.timedelta(days=rng.randint(0, 5800)),
        )
        document.sync_derived()  # what save() would do; bulk_create does not
        languages = self.original_languages()
        contributions = self.contributions()
        translator = next((pk for pk, role, _ in contributions if role == "translated"), None)
        renditions, footnotes = self.renditions(languages, translator, values)
        return Draft(
            document=document,
            languages=languages,
            funders=[funder.pk for funder in self.pick("funders", rng.choice((0, 1, 1, 1, 2)))],
            topics=[topic.pk for topic in self.pick("topics", rng.randint(1, 3))],
            people=self.people_links(doc_type, "{b}" in template, a, b),
            places=self.place_links(doc_type, c1, c2),
            contributions=contributions,
            renditions=renditions,
            footnotes=footnotes,
        )

    def pick(self, pool: str, k: int = 1) -> list:
        """Up to k distinct records of a pool, the prominent ones more often."""
        records = getattr(self.pools, pool)
        drawn = self.rng.choices(range(len(records)), cum_weights=self.pools.weights[pool], k=k)
        return [records[i] for i in dict.fromkeys(drawn)]

    def country(self) -> dict:
        # the first dozen countries (the powers and the socialist camp) are most written about
        countries = vocab.COUNTRIES
        return countries[min(int(self.rng.expovariate(1 / 8)), len(countries) - 1)]

    def context(self) -> tuple[dict, tuple, tuple]:
        """Values for templates' slots, with the two people and two countries they name."""
        rng = self.rng
        people = self.pick("people", 2)
        while len(people) < 2:  # it drew the same person twice
            people = self.pick("people", 2)
        a, b = people
        c1, c2 = self.country(), self.country()
        while c2 is c1:
            c2 = self.country()
        values = {
            "a": a.display_name,
            "b": b.display_name,
            "country": c1["called"],
            "adj": c1["adjective"],
            "capital": c1["capital"],
            "ministry": c1["ministry"],
            "country2": c2["called"],
            "adj2": c2["adjective"],
            "capital2": c2["capital"],
            "body": rng.choice(vocab.BODIES),
            "event": rng.choice(vocab.EVENTS),
            "number": rng.choice(vocab.NUMBERS),
        }
        return values, (a, b), (c1, c2)

    def fill(self, template: str, values: dict | None = None) -> str:
        """The template with its slots filled: from ``values``, else from a new context."""
        if values is None:
            values = self.context()[0]
        if "{subject}" in template:
            values = {**values, "subject": self.subject()}
        return template.format_map(values)

    def subject(self) -> str:
        # before the subjects are made, while making sentences, make one afresh
        if not hasattr(self, "subjects"):
            return self.fill(self.rng.choice(vocab.SUBJECTS))
        return self.rng.choice(self.subjects)

    def title(self, doc_type: str, values: dict) -> tuple[str, str]:
        """A title of 6 to 20 words, and the template it was made from."""
        rng = self.rng
        while True:
            template = rng.choice(vocab.TITLES[doc_type])
            subject = _title_case(self.subject())
            title = template.format_map({**values, "subject": subject}).replace(": the", ": The")
            words = title.count(" ") + 1
            if words < 6:
                title, words = f"{title} on {subject}", words + subject.count(" ") + 2
            if 6 <= words <= 20:
                return template, title

    def original_languages(self) -> list[str]:
        k = 1 + (self.rng.random() < 0.2) + (self.rng.random() < 0.05)
        drawn = self.rng.choices(self.languages, cum_weights=self.language_weights, k=k)
        return list(dict.fromkeys(drawn))

    def contributions(self) -> list[tuple[int, str, int]]:
        rng = self.rng
        roles = [role for role, odds in CONTRIBUTION_ODDS if rng.random() < odds] or ["translated"]
        people = self.pick("contributors", len(roles))
        return [(people[i % len(people)].pk, role, i) for i, role in enumerate(roles)]

    def people_links(self, doc_type, has_b, a, b) -> list[tuple[int, str, str]]:
        """The author, whoever else the title names, and up to four people mentioned."""
        links = [(a, "author")]
        if has_b:
            links.append((b, B_ROLE.get(doc_type, "recipient")))
        links += [(person, "mentioned") for person in self.pick("people", self.rng.randint(0, 4))]
        roles = {}
        for person, role in links:
            roles.setdefault(person.pk, role)  # a person's first part is the one kept
        return [
            (pk, role, "probable" if self.rng.random() < 0.05 else "certain")
            for pk, role in roles.items()
        ]

    def place_links(self, doc_type, c1, c2) -> list[tuple[int, str]]:
        """Where a sent document went from and to, or the country it concerns; and others."""
        by_name = self.pools.places_by_name
        if doc_type in SENT:
            links = [(by_name[c2["capital"]], "origin"), (by_name[c1["capital"]], "destination")]
        else:
            links = [(by_name[c1["name"]], "mentioned")]
        links += [(place, "mentioned") for place in self.pick("places", self.rng.randint(0, 2))]
        roles = {}
        for place, role in links:
            roles.setdefault(place.pk, role)
        return list(roles.items())

    def renditions(self, languages, translator_id, values):
        """The English translation and its footnotes; for some, the original's transcript."""
        rng = self.rng
        words = min(8000, max(40, round(rng.lognormvariate(math.log(600), 0.7))))
        sentences = rng.choices(self.sentences, k=max(2, round(words / self.mean_words)))
        footnotes = self.footnotes(sentences, values)
        text = self.paragraphs(sentences, " ")
        if rng.random() < 0.3:
            text = f"{rng.choice(vocab.HEADINGS)}\n\n{text}"
        renditions = [("translation", "en", text, translator_id)]
        original = next((code for code in languages if code in ("ru", "zh")), None)
        if original and rng.random() < 0.6:
            pool, separator = (
                (vocab.RU_SENTENCES, " ") if original == "ru" else (vocab.ZH_SENTENCES, "")
            )
            text = self.paragraphs(rng.choices(pool, k=len(sentences)), separator)
            renditions.append(("transcript", original, text, None))
        return renditions, footnotes

    def footnotes(self, sentences: list[str], values: dict) -> list[tuple[str, str, int]]:
        """Mark some sentences [1], [2]… and return the matching footnotes."""
        count = 0 if self.rng.random() < 0.55 else self.rng.randint(1, 4)
        positions = sorted(self.rng.sample(range(len(sentences)), min(count, len(sentences))))
        notes = []
        for number, position in enumerate(positions, 1):
            sentences[position] += f"[{number}]"
            notes.append((str(number), self.fill(self.rng.choice(vocab.FOOTNOTES), values), number))
        return notes

    def paragraphs(self, sentences: list[str], separator: str) -> str:
        paragraphs, start = [], 0
        while start < len(sentences):
            size = self.rng.randint(2, 7)
            paragraphs.append(separator.join(sentences[start : start + size]))
            start += size
        return "\n\n".join(paragraphs)
