"""What editors say about the archive itself: its pages (About) and header links."""

from django.db import models
from django.urls import reverse


class Page(models.Model):
    """A page of prose written by editors, such as About. Plain text, paragraphs by blank lines."""

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    published = models.BooleanField(default=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("archive:page", args=[self.slug])


class NavigationLink(models.Model):
    """A link in the crown navigation above the header ("About", "Donate")."""

    label = models.CharField(max_length=100)
    url = models.CharField(max_length=500, help_text="A path (/about) or a full URL.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label
