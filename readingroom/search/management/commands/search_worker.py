"""Keep the search index up to date: take in each change to a document as it is made.

Runs in the foreground until stopped (for systemd or a process manager). Only one
process writes the index at a time: started while another holds the role, it waits and
takes over when that one stops. Web processes do the same in a background thread unless
SEARCH_INDEXER=off, so a single-process site needs no worker.
"""

import signal
import threading

from django.core.management.base import BaseCommand

from readingroom.search.index import index_root
from readingroom.search.indexer import Indexer, RoleLock, run


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Take in what is pending, then stop."
        )

    def handle(self, *args, **options):
        if options["once"]:
            return self.once()
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        self.stdout.write(f"Indexing changes into {index_root()} (Ctrl-C stops)")
        run(stop)

    def once(self):
        lock = RoleLock(index_root())
        if not lock.acquire():
            self.stderr.write("Another process is writing the index; nothing done.")
            return
        indexer = Indexer()
        try:
            handled = indexer.catch_up()
        finally:
            indexer.close()
            lock.release()
        self.stdout.write(f"Took in {handled} changes.")
