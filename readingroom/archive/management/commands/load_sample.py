"""Load the bundled sample archive (readingroom/archive/sample/sample.jsonl).

Runs through the importer like any JSON Lines file, with the images beside it. Running it
again gives the same archive: documents are matched by record ID, people and the like by
name, and a document without a record ID by its exact title and date.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from readingroom.archive.actions import Actor, save_site_record
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
This archive gathers primary sources on the Cold War in Asia: letters, telegrams, \
conversations and reports from Chinese, Soviet and other archives, in their original \
language and in English translation, with transcripts and scans where we have them.

Every document has a page of its own whose address never changes, \
a full citation in the major styles, and the names of the people, places and topics it \
concerns. Search the full text in any language of the archive, or browse by person, place, \
topic and collection.

The documents come from the Wilson Center Digital Archive, whose History and Public \
Policy Program welcomes their reuse for research and education. Each keeps its citation, \
credits and rights statement: please cite the archive and the original source when you \
quote them."""

DONATE = """\
This archive is free to read, cite and reuse for research and teaching, and it stays \
that way thanks to readers like you.

Your gift pays for finding, translating and transcribing documents that are still out of \
reach in archives around the world, and for keeping every page and citation online for \
good. Every contribution, large or small, helps put another document in readers' hands."""

# Texts that earlier versions of this command wrote, replaced when it runs again; a page
# an editor has written is left alone.
EARLIER = (
    "Editors: write about this archive",
    "This is the sample archive of Reading Room",
    "An archive lives on its readers' support. Editors:",
)


def load_pages() -> None:
    """The About and Donate pages and their crown links, unless editors changed them."""
    actor = Actor.system("load_sample")
    for slug, title, body in (("about", "About", ABOUT), ("donate", "Donate", DONATE)):
        page = Page.objects.filter(slug=slug).first()
        if page is None:
            save_site_record(Page(slug=slug, title=title, body=body), actor=actor)
        elif page.body.startswith(EARLIER):
            page.body = body
            save_site_record(page, actor=actor)
    if not NavigationLink.objects.filter(url="/pages/donate").exists():
        link = NavigationLink(url="/pages/donate", label="Donate", order=2)
        save_site_record(link, actor=actor)


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
