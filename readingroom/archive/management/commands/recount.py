"""Count again every person's, place's, topic's and collection's published documents.

The domain actions keep these counts as documents change; run this after writing to
the database by other means (restoring a database dump by hand, SQL), or whenever in
doubt. The counts decide which records are public.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from readingroom.archive.actions import recount_all


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, verbosity=1, **options):
        with transaction.atomic():
            recount_all()
        if verbosity >= 1:
            self.stdout.write("Counted the published documents of every record again.")
