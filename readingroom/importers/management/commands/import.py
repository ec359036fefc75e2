"""Import documents and records from Reading Room JSON Lines or the archive's text export.

All files are read and every record is checked first; only if there is no error at all
is anything written, in one transaction. See docs/import-formats.md. A folder written by
an older `readingroom export` (version 1, records.jsonl) is imported whole, once every
file matches its manifest's checksum; newer ones are for `readingroom restore`
(docs/backup.md).
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from readingroom.importers.base import ImportFailed, import_files


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "files",
            nargs="+",
            metavar="FILE",
            help=(
                ".jsonl, .jsonl.gz, .txt, .xml, .xml.gz (TEI), or a folder written by"
                " `readingroom export`"
            ),
        )
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
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help=(
                "Import every valid record and list those skipped (invalid ones, files that"
                " cannot be read); by default one error imports nothing."
            ),
        )

    def handle(
        self,
        *args,
        files,
        dry_run=False,
        publish=False,
        skip_invalid=False,
        verbosity=1,
        **options,
    ):
        from readingroom.curation import export  # the backup format lives with the back office

        manifests, paths = [], []
        for name in files:
            path = Path(name)
            if export.is_export(path):
                try:
                    manifests.append(export.verify_export(path))
                except export.ExportError as error:
                    raise CommandError(str(error)) from None
                if manifests[-1].get("version", 1) >= 2:
                    raise CommandError(
                        f"{path} is a backup of a whole archive (version 2): "
                        f"restore it with `readingroom restore {path}`"
                    )
                path = path / export.RECORDS
            paths.append(path)
        try:
            with transaction.atomic():
                report = import_files(
                    paths,
                    dry_run=dry_run,
                    publish=publish,
                    # A deleted document's record ID comes back only with the archive's
                    # own export of that document.
                    restoring=bool(manifests) and len(manifests) == len(paths),
                    progress=sys.stderr.isatty(),
                    skip_invalid=skip_invalid,
                )
                if not dry_run:
                    for manifest in manifests:
                        export.observe_high_water(manifest)
        except ImportFailed as failure:
            if dry_run and failure.report:
                self.write_results(failure.report.results)
            raise CommandError(str(failure)) from None
        if dry_run or verbosity >= 2:
            self.write_results(report.results)
        elif verbosity >= 1:
            self.write_results(report.recovered)
        if verbosity >= 1:
            verb = "Would import" if dry_run else "Imported"
            self.stdout.write(f"{verb} {report.summary()}.")
        if report.skipped:
            verb = "Would skip" if dry_run else "Skipped"
            count = len(report.skipped)
            self.stderr.write(f"{verb} what {count} error{'s' if count != 1 else ''} named:")
            for error in report.skipped:
                self.stderr.write(f"  {error}")

    def write_results(self, results):
        for result in results:
            self.stdout.write(str(result))
