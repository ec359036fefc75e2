"""People, places, topics, collections and the other records documents point to."""

from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from ..names import NameOrder, NameParts, split_name
from .fields import HistoricalDateField, LinesField


def unique_slug(instance: models.Model, text: str, field: str = "slug", limit: int = 80) -> str:
    """A slug for ``text`` not yet used by another row of the same model.

    Unicode letters are kept (周恩来 gives 周恩来) so that no name is reduced to nothing.
    """
    base = slugify(text, allow_unicode=True)[:limit].strip("-") or "untitled"
    candidate, n = base, 1
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    while others.filter(**{field: candidate}).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


class SluggedModel(models.Model):
    """A named record with a stable slug, made once from its name and never changed."""

    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True, blank=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.slug_source())
        super().save(*args, **kwargs)

    def slug_source(self) -> str:
        return str(self)


KEPT_BY_ACTIONS = ("document_count", "page_version")


class PublicEntityQuerySet(models.QuerySet):
    def public(self):
        """What readers may see: records a published document refers to, or published
        in their own right. A person only a draft names stays unknown to the public."""
        return self.filter(models.Q(published=True) | models.Q(document_count__gt=0))


class PublicEntity(models.Model):
    """A person, place, topic or collection, public once a published document names it.

    ``document_count`` (published documents that refer to the record) is kept by the
    domain actions whenever a document's status or links change, so that public pages
    read it instead of counting.
    """

    published = models.BooleanField(
        "published in its own right",
        default=False,
        help_text="Public even when no published document refers to it.",
    )
    document_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="Published documents that refer to it."
    )
    # Goes up whenever the record's page may show something new (its own fields, its
    # count, a document it lists): the key of its cached pages (archive/queries.py).
    page_version = models.PositiveBigIntegerField(default=0, editable=False)

    objects = PublicEntityQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # The count and the version are the actions' to keep (``actions.counts``): a save
        # of a record read before a document changed must not write back what it read.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in KEPT_BY_ACTIONS
            ]
        super().save(*args, **kwargs)

    @property
    def is_public(self) -> bool:
        return self.published or self.document_count > 0


class FeaturedModel(models.Model):
    """Editors choose what the home page features, and in which order."""

    featured = models.BooleanField(default=False, help_text="Shown on the home page.")
    feature_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True


class Language(models.Model):
    """A language, by its BCP 47 code ("ru", "zh", "zh-Hant", "en")."""

    code = models.CharField(max_length=35, primary_key=True)
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Repository(SluggedModel):
    """An archive that holds originals: "TsKhSD", "Russian Foreign Ministry archives"."""

    name = models.CharField(max_length=300, unique=True)
    short_name = models.CharField(max_length=100, blank=True, help_text='e.g. "TsKhSD"')
    location = models.CharField(max_length=200, blank=True)
    url = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "repositories"

    def __str__(self):
        return self.name


class Funder(SluggedModel):
    """Who made a document's translation or publication possible."""

    name = models.CharField(max_length=300, unique=True)
    url = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class NamePartsModel(models.Model):
    """A name's parts as citations need them (archive/names.py), corrected by editors.

    Filled from the name by ``split_name`` when first saved (or whenever the order is
    emptied); a row never saved that way (a bulk insert) is split as it is read.
    """

    family_name = models.CharField(
        max_length=300,
        blank=True,
        help_text='As cited: "Mao", "Khrushchev". An institution\'s whole name when the'
        ' order is "one piece".',
    )
    given_name = models.CharField(
        "given names",
        max_length=300,
        blank=True,
        help_text='With any patronymic: "Nikita Sergeevich", "Shu Guang".',
    )
    name_order = models.CharField(
        max_length=20,
        choices=NameOrder.choices,
        blank=True,
        help_text="How citations print the name. Left empty, all three are filled from"
        " the name when saved.",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.name_order:
            self.fill_name_parts()
        super().save(*args, **kwargs)

    def default_name_parts(self) -> NameParts:
        raise NotImplementedError

    def fill_name_parts(self) -> None:
        parts = self.default_name_parts()
        self.family_name, self.given_name, self.name_order = parts.family, parts.given, parts.order

    @property
    def name_parts(self) -> NameParts:
        if not self.name_order:
            return self.default_name_parts()
        return NameParts(self.family_name, self.given_name, self.name_order)


class Contributor(NamePartsModel, SluggedModel):
    """A modern scholar who obtained, translated, annotated or edited documents."""

    name = models.CharField(max_length=300, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def default_name_parts(self) -> NameParts:
        return split_name(self.name)


class Person(NamePartsModel, SluggedModel, FeaturedModel, PublicEntity):
    """A historical person documents are by, to or about."""

    sort_name = models.CharField(max_length=300, db_index=True, help_text='"Mao, Zedong"')
    display_name = models.CharField(max_length=300, help_text='"Mao Zedong"')
    other_names = LinesField(
        help_text='Other names and spellings, one a line: "Filippov", "Chou En-lai", "毛泽东".'
    )
    birth = HistoricalDateField(blank=True, null=True)
    death = HistoricalDateField(blank=True, null=True)
    portrait = models.ImageField(upload_to="portraits/", blank=True, db_index=True)
    portrait_alt = models.CharField("portrait description", max_length=300, blank=True)
    biography = models.TextField(blank=True)

    class Meta:
        ordering = ["sort_name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.sort_name

    def get_absolute_url(self):
        return reverse("archive:person-detail", args=[self.slug])

    def slug_source(self):
        return self.display_name or self.sort_name

    def default_name_parts(self) -> NameParts:
        return split_name(self.display_name, sort_name=self.sort_name)

    @property
    def life_dates(self) -> str:
        """ "1893-1976", "1893-", "-1976" or "" as the seed pages print them."""
        if not (self.birth or self.death):
            return ""
        birth = str(self.birth.year) if self.birth else ""
        death = str(self.death.year) if self.death else ""
        return f"{birth}-{death}"


class Place(SluggedModel, FeaturedModel, PublicEntity):
    """A country, city or site: "Soviet Union" (Eastern Europe), "Lüshun"."""

    name = models.CharField(max_length=300, db_index=True)
    region = models.CharField(max_length=100, blank=True, help_text='"East Asia"')
    other_names = LinesField(help_text='Other names, one a line: "Port Arthur", "旅顺".')
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    description = models.TextField(blank=True)
    image = models.ImageField(upload_to="places/", blank=True, db_index=True)
    image_alt = models.CharField("image description", max_length=300, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("archive:place-detail", args=[self.slug])


class Topic(SluggedModel, FeaturedModel, PublicEntity):
    """A theme documents are grouped under: "Korean War, 1950-1953"."""

    name = models.CharField(max_length=300, unique=True)
    span = HistoricalDateField("date span", blank=True, null=True, help_text='"1950-1953"')
    description = models.TextField(blank=True)
    image = models.ImageField(upload_to="topics/", blank=True, db_index=True)
    image_alt = models.CharField("image description", max_length=300, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("archive:topic-detail", args=[self.slug])

    def slug_source(self):
        return self.label

    @property
    def label(self) -> str:
        return f"{self.name}, {self.span.display()}" if self.span else self.name


class Collection(SluggedModel, FeaturedModel, PublicEntity):
    """A curated, ordered set of documents."""

    name = models.CharField(max_length=300, unique=True)
    description = models.TextField(blank=True)
    image = models.ImageField(upload_to="collections/", blank=True, db_index=True)
    image_alt = models.CharField("image description", max_length=300, blank=True)
    documents = models.ManyToManyField(
        "Document", through="CollectionItem", related_name="collections", blank=True
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("archive:collection-detail", args=[self.slug])


class CollectionItem(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    document = models.ForeignKey("Document", on_delete=models.CASCADE)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["collection", "order"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "document"], name="unique_item")
        ]

    def __str__(self):
        return f"{self.collection}: {self.document_id}"
