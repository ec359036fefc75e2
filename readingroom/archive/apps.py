from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "readingroom.archive"
    label = "archive"
    verbose_name = "Archive"
