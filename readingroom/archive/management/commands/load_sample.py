"""Load the bundled sample archive (readingroom/archive/sample/sample.jsonl).

Runs through the importer like any JSON Lines file, with the images beside it. Running it
again gives the same archive: documents are matched by record ID, people and the like by
name, and a document without a record ID by its exact title and date.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from readingroom.archive.models import (
    Collection,
    Document,
    NavigationLink,
    Page,
    Person,
    Place,
    Topic,
)
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
        load_pages()
        if verbosity >= 1:
            self.stdout.write(f"Loaded {archive_summary()}.")


ABOUT = """\
This is the sample archive of Reading Room: the fourteen documents shown on five pages of \
the Wilson Center Digital Archive, on which Reading Room is modelled, with the people, \
places and topics they name.

The Wilson Center's History and Public Policy Program welcomes reuse of Digital Archive \
materials for research and educational purposes; each document keeps its citation, credits \
and rights statement.

Editors: rewrite this page in the admin, under Pages."""

DONATE = """\
An archive lives on its readers' support. Editors: replace this page with how to give, or \
point the Donate link in the admin's Navigation links at your institution's own page."""


def load_pages() -> None:
    """The About and Donate pages and their crown links, unless editors changed them."""
    about, _ = Page.objects.get_or_create(slug="about", defaults={"title": "About"})
    if about.body.startswith("Editors: write about this archive"):
        about.body = ABOUT
        about.save(update_fields=["body", "modified"])
    Page.objects.get_or_create(slug="donate", defaults={"title": "Donate", "body": DONATE})
    NavigationLink.objects.get_or_create(
        url="/pages/donate", defaults={"label": "Donate", "order": 2}
    )


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
