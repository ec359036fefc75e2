"""Serve the site in production with gunicorn: WEB_WORKERS processes of WEB_THREADS threads.

Replaces this process with gunicorn (for systemd: the unit's main process is the server).
Static files are served by the workers (WhiteNoise); put a reverse proxy in front for TLS.
Arguments after ``--`` go to gunicorn as they are (``-- --access-logfile -``).
"""

import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind",
            default=f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}",
            help="Address and port (default: HOST:PORT from the environment, 127.0.0.1:8000).",
        )
        parser.add_argument("--workers", type=int, default=settings.WEB_WORKERS)
        parser.add_argument("--threads", type=int, default=settings.WEB_THREADS)
        parser.add_argument("--timeout", type=int, default=settings.WEB_TIMEOUT)
        parser.add_argument("gunicorn_args", nargs="*", help="Passed on to gunicorn.")

    def handle(self, *args, **options):
        # Each worker process counts its requests in this folder; /metrics adds them up.
        # One folder per address: two servers on one machine keep separate counts.
        address = "".join(c if c.isalnum() else "-" for c in options["bind"])
        os.environ.setdefault(
            "PROMETHEUS_MULTIPROC_DIR", str(settings.DATA_DIR / "metrics" / address)
        )
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "readingroom.wsgi:application",
            "--config=python:readingroom.ops.gunicorn_conf",
            f"--bind={options['bind']}",
            f"--workers={options['workers']}",
            f"--threads={options['threads']}",
            f"--timeout={options['timeout']}",
            # On stop, requests in flight are finished first (systemd waits this long).
            "--graceful-timeout=30",
            *options["gunicorn_args"],
        ]
        self.stdout.write(f"Serving on http://{options['bind']}/ with gunicorn", ending="\n")
        self.stdout.flush()
        os.execv(sys.executable, argv)
