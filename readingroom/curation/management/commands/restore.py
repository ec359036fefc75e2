"""Restore a backup written by `readingroom export` into an empty archive.

Every checksum is verified first; an archive that already holds records, users or
history is refused and nothing is written. Rows come back with their IDs, files under
their stored names; the search index is rebuilt afterwards (--no-reindex: later, with
`readingroom reindex`). See docs/backup.md.
"""

from django.core.management.base import BaseCommand, CommandError

from readingroom.archive.actions import Actor, RestoreError, restore_backup


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="DIR", help="A folder written by `export`.")
        parser.add_argument(
            "--no-reindex",
            action="store_true",
            help="Do not rebuild the search index now (run `readingroom reindex` later).",
        )

    def handle(self, *args, folder, no_reindex, verbosity=1, **options):
        try:
            result = restore_backup(
                folder, actor=Actor.system("readingroom restore"), reindex=not no_reindex
            )
        except RestoreError as error:
            raise CommandError(str(error)) from None
        if verbosity >= 1:
            self.stdout.write(result.summary())
