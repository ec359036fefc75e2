"""Import documents and records from Reading Room JSON Lines or the archive's text export.

All files are read and every record is checked first; only if there is no error at all
is anything written, in one transaction. See docs/import-formats.md.
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from readingroom.importers.base import ImportFailed, import_files


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help=".jsonl, .jsonl.gz or .txt")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what each record would do (new, updated, invalid); write nothing.",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help='Publish every imported document (otherwise: its "status", or draft).',
        )

    def handle(self, *args, files, dry_run=False, publish=False, verbosity=1, **options):
        try:
            report = import_files(
                files, dry_run=dry_run, publish=publish, progress=sys.stderr.isatty()
            )
        except ImportFailed as failure:
            if dry_run and failure.report:
                self.write_results(failure.report.results)
            raise CommandError(str(failure)) from None
        if dry_run or verbosity >= 2:
            self.write_results(report.results)
        if verbosity >= 1:
            verb = "Would import" if dry_run else "Imported"
            self.stdout.write(f"{verb} {report.summary()}.")

    def write_results(self, results):
        for result in results:
            self.stdout.write(str(result))
