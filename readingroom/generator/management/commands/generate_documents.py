"""Add N generated, realistic documents, for benchmarks and for trying things at scale.

The same --seed gives the same documents. They are published at once, with IDs after the
highest ever given; never run this on a real archive.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from readingroom.generator.generate import generate_archive


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("n", type=int, metavar="N", help="How many documents to add.")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same documents.")
        parser.add_argument(
            "--batch-size", type=int, default=5000, help="Documents written per transaction."
        )

    def handle(self, *args, n, seed, batch_size, verbosity=1, **options):
        if n < 0 or batch_size < 1:
            raise CommandError("N must be 0 or more, and --batch-size at least 1.")
        started = time.perf_counter()
        ids = generate_archive(n, seed=seed, batch_size=batch_size, progress=verbosity >= 1)
        seconds = time.perf_counter() - started
        if verbosity >= 1 and ids:
            self.stdout.write(
                f"Generated {n:,} documents (record IDs {ids[0]}-{ids[-1]}) in {seconds:.1f} s,"
                f" {n / seconds:,.0f} documents a second."
            )
