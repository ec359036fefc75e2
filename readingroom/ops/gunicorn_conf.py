"""gunicorn's configuration under ``readingroom serve``: metrics shared by its workers.

Each worker process writes its request counts to files in ``PROMETHEUS_MULTIPROC_DIR``;
the folder is emptied when the server starts (counts restart with it) and a dead worker's
files are marked, so /metrics adds up the live and past workers of this server.
"""

import os
import shutil
from pathlib import Path

# gunicorn reads these names from this module.
worker_class = "gthread"
# Access lines come from Reading Room's own request log (LOG_REQUESTS), with request IDs.
accesslog = None
# gunicorn 24+ opens a control socket in the user's home; several servers on one
# machine (or a home that is not writable) would trip over it, and nothing uses it.
control_socket_disable = True
# A worker restarted now and then returns what it fragmented; the jitter keeps workers
# from restarting together.
max_requests = 20000
max_requests_jitter = 2000


def on_starting(server):
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        Path(folder).mkdir(parents=True, exist_ok=True)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
