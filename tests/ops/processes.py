"""Real processes for the operations tests: `readingroom` commands with their own
environment (a data folder, a database), started, waited for and killed like in life."""

import json
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
READINGROOM = [sys.executable, "-m", "readingroom"]


def environment(data: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "READINGROOM_", "SEARCH_", "PROMETHEUS_"))
        # set for Playwright by the browser tests; `check --deploy` rightly refuses it
        and key != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(
        READINGROOM_DATA=str(data),
        SECRET_KEY="ops-tests-not-secret",
        SEARCH_INDEXER="off",
        LOG_LEVEL="INFO",
        PYTHONPATH=str(REPO),
    )
    env.update(extra)
    return env


def run(env: dict, *args: str, timeout: float = 300) -> str:
    done = subprocess.run(
        [*READINGROOM, *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=timeout
    )
    if done.returncode != 0:
        pytest.fail(f"readingroom {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def python(env: dict, code: str, timeout: float = 120) -> str:
    """Run ``code`` with Django set up in ``env``; what it prints."""
    return run(env, "shell", "-c", code, timeout=timeout)


def query(env: dict, expression: str):
    """The value of a Python expression about the archive, e.g. a count (as JSON)."""
    code = f"import json\n{IMPORTS}\nprint(json.dumps({expression}))"
    return json.loads(python(env, code).splitlines()[-1])


IMPORTS = (
    "from readingroom.archive.models import Document\n"
    "from readingroom.curation.models import ImportJob\n"
    "from django_tasks_db.models import DBTaskResult"
)


@contextmanager
def started(env: dict, *args: str, log: Path):
    """A long-running `readingroom` command, stopped (SIGTERM, then SIGKILL) at the end."""
    with log.open("w") as output:
        process = subprocess.Popen(
            [*READINGROOM, *args], env=env, cwd=REPO, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def wait_for(condition, timeout: float = 60, what: str = "the condition", every: float = 0.2):
    """Poll ``condition()`` until it returns something true; that value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    pytest.fail(f"{what} did not happen within {timeout} s")


def documents_file(path: Path, count: int, first: int = 500_000) -> Path:
    """A JSON Lines import of ``count`` small documents."""
    with path.open("w", encoding="utf-8") as handle:
        for record_id in range(first, first + count):
            line = {
                "type": "document",
                "record_id": record_id,
                "title": f"Telegram {record_id} from Lüshun",
                "date": "1956-01-15",
                "summary": "Чжоу Эньлай on the armistice talks. 周恩来.",
            }
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return path
