"""Back up the whole archive to a new folder: tables/, files/ and manifest.json.

Everything is read in one snapshot, whatever editors do meanwhile. `readingroom restore
DIR` restores it into an empty archive. A stored file that is missing is named in the
report and the manifest (with --strict the command then exits 1). See docs/backup.md.
"""

from django.core.management.base import BaseCommand, CommandError

from readingroom.curation.export import ExportError, export_archive


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="DIR", help="A folder that is empty or new.")
        parser.add_argument(
            "--with-users",
            action="store_true",
            help="Also users (with their password hashes), their roles and permissions.",
        )
        parser.add_argument(
            "--with-tokens",
            action="store_true",
            help="Also API tokens (needs --with-users). Keep such a backup secret.",
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Exit with status 1 if a stored file is missing (the export is still written).",
        )

    def handle(self, *args, folder, with_users, with_tokens, strict, verbosity=1, **options):
        def on_table(label, rows):
            if verbosity >= 2:
                self.stdout.write(f"{label}: {rows:,} rows")

        try:
            result = export_archive(
                folder, with_users=with_users, with_tokens=with_tokens, on_table=on_table
            )
        except ExportError as error:
            raise CommandError(str(error)) from None
        if verbosity >= 1 or result.missing:
            self.stdout.write(result.summary())
        if strict and result.missing:
            raise CommandError(
                f"{len(result.missing)} stored files are missing (--strict); "
                "the export was written without them."
            )
