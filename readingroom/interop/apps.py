"""The interop app's configuration: it has no models of its own, only views of the archive's."""

from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "readingroom.interop"
    label = "interop"
    verbose_name = "Interoperability"
