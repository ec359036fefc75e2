"""Render the Chicago, MLA and APA citations of documents with citeproc-js, and store them.

Only what is out of date is rendered (a changed document, person or contributor; a new
citeproc-js or style), so it is cheap to run again. With record IDs, only those
documents; without, all of them. Run it after an upgrade whose notes say so: pages stay
right without it, but each renders its citations on first view until it has run.
"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from readingroom.archive.models import Document
from readingroom.interop import citeproc
from readingroom.interop.formatted import BATCH, refresh_citations


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("record_ids", nargs="*", type=int, help="Documents (default: all).")

    def handle(self, *args, **options):
        if not citeproc.available():
            raise CommandError(
                "citeproc-js is not available: it needs Node and npm's citeproc package"
                " (make install, with npm; see docs/citations.md)."
            )
        ids = options["record_ids"] or list(
            Document.objects.order_by("record_id").values_list("record_id", flat=True)
        )
        rendered = 0
        quiet = options["verbosity"] == 0
        with tqdm(total=len(ids), unit="doc", disable=quiet, desc="Citing") as bar:
            for start in range(0, len(ids), BATCH):
                rendered += refresh_citations(ids[start : start + BATCH])
                bar.update(len(ids[start : start + BATCH]))
        if not quiet:
            self.stdout.write(f"Rendered the citations of {rendered:,} of {len(ids):,} documents.")
