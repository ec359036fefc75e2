from django.apps import AppConfig


class GeneratorConfig(AppConfig):
    """Generated archives for benchmarks and tests (``readingroom generate_documents``)."""

    name = "readingroom.generator"
    label = "generator"
