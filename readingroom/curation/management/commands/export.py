"""Export the whole archive to a new folder: records.jsonl, files/ and manifest.json.

`readingroom import DIR` restores it into an empty archive. See docs/backup.md.
"""

from django.core.management.base import BaseCommand, CommandError

from readingroom.curation.export import ExportError, export_archive


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="DIR", help="A folder that is empty or new.")

    def handle(self, *args, folder, verbosity=1, **options):
        try:
            result = export_archive(folder)
        except ExportError as error:
            raise CommandError(str(error)) from None
        if verbosity >= 1:
            self.stdout.write(result.summary())
