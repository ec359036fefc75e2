"""Report, trim or clear the IIIF cache of derived page images (IIIF_CACHE_DIR).

Everything in it is made again from the uploads when asked for, so clearing it loses
nothing but time. Web processes keep it within IIIF_CACHE_MAX_BYTES themselves, least
recently used files first; ``--trim`` does the same at once (after lowering the bound,
say), and ``--clear`` empties it (after changing IIIF_PDF_DPI or the size limits).
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.template.defaultfilters import filesizeformat

from readingroom.interop.iiif import cache


def size_text(size: int) -> str:
    return filesizeformat(size).replace("\xa0", " ")


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group()
        action.add_argument(
            "--trim",
            action="store_true",
            help="Delete least recently used files until the cache is within its bound.",
        )
        action.add_argument("--clear", action="store_true", help="Delete every cached file.")

    def handle(self, *args, trim=False, clear=False, **options):
        if clear:
            usage = cache.clear()
        elif trim:
            usage = cache.trim(wait=True)
        else:
            usage = cache.usage()
        bound = size_text(settings.IIIF_CACHE_MAX_BYTES)
        if trim or clear:
            self.stdout.write(
                f"Removed {usage.removed_files:,} files ({size_text(usage.removed_bytes)})."
            )
        self.stdout.write(
            f"{cache.root()}: {usage.files:,} files, {size_text(usage.bytes)}"
            f" (IIIF_CACHE_MAX_BYTES: {bound})."
        )
