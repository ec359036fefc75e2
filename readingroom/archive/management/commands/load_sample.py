"""Load the bundled sample archive (readingroom/archive/sample/sample.jsonl).

Runs through the importer like any JSON Lines file, with the images beside it. Running it
again gives the same archive: documents are matched by record ID, people and the like by
name, and a document without a record ID by its exact title and date.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from readingroom.archive.models import Collection, Document, Person, Place, Topic
from readingroom.importers.base import ImportFailed, import_files

SAMPLE = Path(__file__).resolve().parents[2] / "sample" / "sample.jsonl"


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            type=Path,
            default=SAMPLE,
            help="Another sample file (default: the bundled one).",
        )

    def handle(self, *args, file=SAMPLE, verbosity=1, **options):
        if not file.is_file():
            raise CommandError(f"{file}: the sample archive is missing")
        try:
            import_files([file], match_unnumbered_by=("title", "date"))
        except ImportFailed as failure:
            raise CommandError(f"The sample archive does not load: {failure}") from None
        if verbosity >= 1:
            self.stdout.write(f"Loaded {archive_summary()}.")


def archive_summary() -> str:
    """ "14 documents, 20 people, 12 places, 9 topics and 2 collections" (what is stored)."""
    counts = [
        (Document.objects.count(), "document", "documents"),
        (Person.objects.count(), "person", "people"),
        (Place.objects.count(), "place", "places"),
        (Topic.objects.count(), "topic", "topics"),
        (Collection.objects.count(), "collection", "collections"),
    ]
    parts = [f"{n} {one if n == 1 else many}" for n, one, many in counts]
    return ", ".join(parts[:-1]) + " and " + parts[-1]
