"""Delete for good the documents trashed more than 30 days ago, and their files.

See docs/backup.md.
"""

from django.core.management.base import BaseCommand

from readingroom.archive.actions import KEEP_DAYS, purge_trash


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=KEEP_DAYS,
            help=f"Purge what was trashed more than this many days ago (default {KEEP_DAYS}).",
        )

    def handle(self, *args, days, verbosity=1, **options):
        documents, files = purge_trash(days=days)
        if verbosity >= 1:
            self.stdout.write(f"Purged {documents} trashed documents and {files} files.")
