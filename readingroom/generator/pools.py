"""The records generated documents point to: people, places, topics, funders, archives.

Each pool is ordered by prominence, and documents draw from it by a Zipf-like law: the
first person is in many documents, the last in a few, as in real archives, so that the
pages of prominent people and topics are as heavy as they would really be.
"""

import itertools
import random
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.utils.text import slugify

from readingroom.archive.dates import HistoricalDate, PartialDate
from readingroom.archive.languages import resolve_language
from readingroom.archive.models import Contributor, Funder, Person, Place, Repository, Topic

from . import vocabulary as vocab

# The vocabulary makes some 20,000 distinct names; stay well within it.
MAX_PEOPLE = 10_000


@dataclass
class Pools:
    """The saved records that generated documents draw from, most prominent first."""

    people: list[Person]
    places: list[Place]
    topics: list[Topic]
    funders: list[Funder]
    # with the style of the references into each: "ru" for "f. 5, op. 30, d. 164"
    repositories: list[tuple[Repository, str]]
    contributors: list[Contributor]
    weights: dict[str, list[float]] = field(init=False)
    places_by_name: dict[str, Place] = field(init=False)

    def __post_init__(self):
        names = ("people", "places", "topics", "funders", "repositories", "contributors")
        self.weights = {name: _zipf(len(getattr(self, name))) for name in names}
        self.places_by_name = {place.name: place for place in self.places}

    @classmethod
    def create(cls, rng: random.Random, n: int) -> "Pools":
        """Make the pools for an archive of n documents, saving what is not saved yet."""
        repositories = [
            Repository(name=name, short_name=short, location=location)
            for name, short, location, _ in vocab.REPOSITORIES
        ]
        styles = [style for *_, style in vocab.REPOSITORIES]
        for code, _ in [*vocab.LANGUAGE_WEIGHTS, ("en", 0)]:
            resolve_language(code)
        return cls(
            people=_save_slugged(_people(rng, min(max(50, n // 50), MAX_PEOPLE))),
            places=_save_slugged(_places(rng)),
            topics=_save_slugged(_topics(rng)),
            funders=_save_slugged([Funder(name=name) for name in vocab.FUNDERS]),
            repositories=list(zip(_save_slugged(repositories), styles, strict=True)),
            contributors=_save_slugged([Contributor(name=n) for n in _scholars(rng, 60)]),
        )


def _zipf(size: int, exponent: float = 0.9) -> list[float]:
    """Cumulative weights for random.choices: rank r is drawn in proportion to 1/r^s."""
    return list(itertools.accumulate(1 / rank**exponent for rank in range(1, size + 1)))


def _save_slugged(records: list[models.Model]) -> list[models.Model]:
    """Save records by slug, reusing those saved before; return them in the given order.

    Slugs are made here rather than by save(), which asks the database once a record.
    """
    by_slug: dict[str, models.Model] = {}
    for record in records:
        record.slug = slugify(record.slug_source(), allow_unicode=True)[:80].strip("-")
        if hasattr(record, "fill_name_parts"):
            # What save() would do for a person or contributor; bulk_create does not.
            record.fill_name_parts()
        by_slug.setdefault(record.slug, record)
    model = type(records[0])
    existing = {}
    slugs = list(by_slug)
    for start in range(0, len(slugs), 500):
        chunk = slugs[start : start + 500]
        existing |= {obj.slug: obj for obj in model.objects.filter(slug__in=chunk)}
    if _has_unique_name(model):
        # An archive may already hold a record of that name under another slug
        # ("Korean War" as korean-war-1950-1953): reuse it rather than clash.
        missing = {by_slug[slug].name: slug for slug in slugs if slug not in existing}
        for obj in model.objects.filter(name__in=list(missing)):
            existing[missing[obj.name]] = obj
    with transaction.atomic():
        model.objects.bulk_create([r for s, r in by_slug.items() if s not in existing])
    return [existing.get(slug, record) for slug, record in by_slug.items()]


def _has_unique_name(model: type[models.Model]) -> bool:
    try:
        return model._meta.get_field("name").unique
    except FieldDoesNotExist:
        return False


def _people(rng: random.Random, size: int) -> list[Person]:
    """Historical people; Russian and Chinese names keep their native spelling too."""
    people: dict[str, Person] = {}
    makers = [_russian_name, _chinese_name, _latin_name]
    while len(people) < size:
        sort_name, display_name, other_names = rng.choices(makers, weights=[35, 25, 40])[0](rng)
        birth = rng.randint(1870, 1945)
        death = rng.randint(birth + 35, 2015) if rng.random() < 0.8 else None
        people.setdefault(
            display_name,
            Person(
                sort_name=sort_name,
                display_name=display_name,
                other_names=other_names,
                birth=HistoricalDate(PartialDate(birth)),
                death=HistoricalDate(PartialDate(death)) if death else None,
                biography=f"{display_name} was {rng.choice(vocab.OCCUPATIONS)}.",
                featured=len(people) < 6,
                feature_order=len(people),
            ),
        )
    return list(people.values())


def _russian_name(rng):
    (first, first_ru), (last, last_ru) = rng.choice(vocab.RU_FIRST), rng.choice(vocab.RU_LAST)
    return f"{last}, {first}", f"{first} {last}", [f"{first_ru} {last_ru}"]


def _chinese_name(rng):
    family, family_zh = rng.choice(vocab.ZH_FAMILY)
    (one, one_zh), (two, two_zh) = rng.sample(vocab.ZH_SYLLABLES, 2)
    given = (one + two).capitalize()
    return f"{family}, {given}", f"{family} {given}", [family_zh + one_zh + two_zh]


def _latin_name(rng):
    first, last = rng.choice(vocab.LATIN_FIRST), rng.choice(vocab.LATIN_LAST)
    return f"{last}, {first}", f"{first} {last}", []


def _scholars(rng: random.Random, size: int) -> list[str]:
    names = {f"{rng.choice(vocab.LATIN_FIRST)} {rng.choice(vocab.LATIN_LAST)}" for _ in range(size)}
    return sorted(names)


def _places(rng: random.Random) -> list[Place]:
    """Countries and capitals first (the most mentioned), then a long tail of cities."""
    countries = [
        Place(name=c["name"], region=c["region"], other_names=c["native"]) for c in vocab.COUNTRIES
    ]
    cities = [(c["capital"], c["region"]) for c in vocab.COUNTRIES]
    cities += [(name, region) for region, text in vocab.CITIES.items() for name in text.split(", ")]
    places = countries + [
        Place(name=name, region=region, other_names=vocab.NATIVE.get(name, []))
        for name, region in cities
    ]
    head, tail = places[:12], places[12:]
    rng.shuffle(tail)
    for order, place in enumerate(head[:6]):
        place.featured, place.feature_order = True, order
    return head + tail


def _topics(rng: random.Random) -> list[Topic]:
    """The named topics, then bilateral relations ("Sino-Albanian Relations") up to 100."""
    topics = [Topic(name=name, span=span or None) for name, span in vocab.TOPICS]
    adjectives = [c["adjective"] for c in vocab.COUNTRIES[:24]]
    pairs = [(a, b) for a in adjectives[:3] for b in adjectives if a != b]
    rng.shuffle(pairs)
    names = {topic.name for topic in topics}
    for a, b in pairs:
        name = f"{vocab.RELATION_PREFIX.get(a, a)}-{b} Relations"
        if len(names) < 100 and name not in names:
            names.add(name)
            topics.append(Topic(name=name))
    for order, topic in enumerate(topics[:6]):
        topic.featured, topic.feature_order = True, order
    return topics
