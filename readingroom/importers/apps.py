from django.apps import AppConfig


class ImportersConfig(AppConfig):
    name = "readingroom.importers"
    label = "importers"
    verbose_name = "Importers"
