"""Rebuild the search index from the database, beside the current one, then switch to it.

Readers go on searching the old index while the new one is built; nothing is lost if
it is interrupted. Run it after an upgrade whose notes say so, or whenever in doubt.
"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from readingroom.archive.models import Document
from readingroom.search.index import index_root
from readingroom.search.indexer import build_generation


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        total = Document.objects.published().count()
        quiet = options["verbosity"] == 0
        try:
            with tqdm(total=total, unit="doc", disable=quiet, desc="Indexing") as bar:
                generation = build_generation(progress=bar.update)
        except (OSError, ValueError) as error:
            # tantivy reports a full disk as ValueError("An IO error occurred: …").
            if isinstance(error, ValueError) and "IO error" not in str(error):
                raise
            reason = getattr(error, "strerror", None) or str(error)
            raise CommandError(
                f"Could not write the new index in {index_root()}: {reason}. The half-built "
                "index was removed; readers still search the current one."
            ) from None
        if not quiet:
            self.stdout.write(
                f"Indexed {total:,} published documents into {index_root() / generation}"
            )
