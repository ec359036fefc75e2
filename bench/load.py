"""Many readers while editors work: 200 concurrent readers against `readingroom serve`.

Bounded and on loopback only: an archive of N generated documents (plus 40 with scans,
for IIIF) is served by gunicorn on 127.0.0.1 with two worker processes; for --duration
seconds Debian's `wrk` keeps --connections connections busy, split across six kinds of
page (home, random documents, search with facets, /search.json, OAI-PMH, IIIF), while
an import of 1,000 documents runs (`readingroom import`, one transaction) and an editor
changes a random document through the API every --edit-interval seconds. Printed: per
kind of page, requests, throughput, p50 and p99 latency, non-2xx answers, timeouts and
socket errors; and how the import and the edits fared.

    .venv/bin/python bench/load.py                       # SQLite, 10,000 documents
    .venv/bin/python bench/load.py --database-url postgresql://postgres@127.0.0.1:5432/x

Needs `wrk` (apt-get install wrk). Data lives in bench/out/load-<N>-<database>/ (and, on
PostgreSQL, the database readingroom_bench_load_<N>_postgresql on the server the URL names).
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from environment import OUT, bench_database_url, create_postgres_database
from PIL import Image

REPO = Path(__file__).resolve().parents[1]
READINGROOM = [sys.executable, "-m", "readingroom"]
# How the connections are shared among the kinds of page (out of 1.0).
MIX = {
    "home": 0.15,
    "document": 0.25,
    "search": 0.20,
    "search.json": 0.15,
    "oai-pmh": 0.125,
    "iiif": 0.125,
}
WORDS = ["treaty", "nuclear", "soviet", "meeting", "embassy", "minister", "report", "border"]
SCANNED = 40
LUA = """
local paths = {%s}
math.randomseed(%d)
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
done = function(summary, latency, requests)
  io.write(string.format(
    'RESULT {"requests": %%d, "seconds": %%.3f, "p50": %%d, "p99": %%d, "status": %%d, '
    .. '"timeout": %%d, "connect": %%d, "read": %%d, "write": %%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(99),
    summary.errors.status, summary.errors.timeout, summary.errors.connect,
    summary.errors.read, summary.errors.write))
end
"""


def main() -> None:
    options = parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    env = environment(options)
    prepare(env, options)
    paths = reader_paths(env, options)
    token = command(env, "shell", "-c", TOKEN).strip().splitlines()[-1]
    base = f"http://127.0.0.1:{options.port}"
    server = serve(env, options)
    try:
        for urls in paths.values():  # each kind once, so nothing is measured cold
            for url in urls[:3]:
                fetch(base + url)
        results, edits, imported = run_load(env, options, base, paths, token)
    finally:
        server.terminate()
        server.wait(30)
    print_report(options, results, edits, imported)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--duration", type=int, default=30, help="seconds of load")
    parser.add_argument("--timeout", type=int, default=10, help="seconds before a timeout")
    parser.add_argument("--edit-interval", type=float, default=0.5)
    parser.add_argument("--import-size", type=int, default=1000)
    parser.add_argument(
        "--no-writes", action="store_true", help="readers only: no import, no edits (cached)"
    )
    parser.add_argument("--port", type=int, default=8117)
    parser.add_argument("--database-url", help="a PostgreSQL server (default: SQLite)")
    return parser.parse_args()


def environment(options) -> dict:
    # One data folder per database: the search index there belongs to one database.
    name = f"load-{options.documents}-{'postgresql' if options.database_url else 'sqlite'}"
    data = OUT / name
    data.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "PROMETHEUS"))}
    env.update(
        READINGROOM_DATA=str(data),
        DEBUG="false",
        LOG_LEVEL="ERROR",
        LOG_REQUESTS="false",
        SEARCH_INDEXER="thread",
        SITE_URL=f"http://127.0.0.1:{options.port}",
        WEB_TIMEOUT="120",
    )
    if options.database_url:
        url = bench_database_url(options.database_url, name)
        create_postgres_database(url)
        env["DATABASE_URL"] = url
    return env


def command(env: dict, *args: str) -> str:
    done = subprocess.run([*READINGROOM, *args], env=env, cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"readingroom {' '.join(args[:2])} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def prepare(env: dict, options) -> None:
    """The archive, once: N generated documents, 40 scanned ones, an index."""
    data = Path(env["READINGROOM_DATA"])
    marker = data / "ready"
    command(env, "migrate", "--noinput", "-v0")
    if marker.exists():
        return
    print(f"Preparing {options.documents:,} documents (once)…", file=sys.stderr)
    command(env, "generate_documents", str(options.documents), "--seed", "1")
    command(env, "import", str(scanned_documents(data)), "--publish")
    command(env, "reindex", "-v0")
    marker.write_text(time.strftime("%Y-%m-%d %H:%M"))


def scanned_documents(data: Path) -> Path:
    folder = data / "scans"
    folder.mkdir(exist_ok=True)
    rng = random.Random(3)
    lines = []
    for n in range(SCANNED):
        image = folder / f"page-{n}.jpg"
        shade = (rng.randrange(200, 256), rng.randrange(200, 256), rng.randrange(180, 230))
        Image.new("RGB", (1600, 2200), shade).save(image, quality=80)
        lines.append(
            {
                "type": "document",
                "record_id": 9_000_000 + n,
                "title": f"Scanned telegram {n}",
                "date": "1957-06-03",
                "renditions": [{"kind": "scan", "language": "ru", "files": [{"path": image.name}]}],
            }
        )
    path = folder / "scans.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    return path


TOKEN = """
from django.contrib.auth import get_user_model
from readingroom.interop.models import ApiToken
user, _ = get_user_model().objects.get_or_create(username="load-editor", is_superuser=True)
print(ApiToken.issue(user))
"""

IDS = """
import random, json
from readingroom.archive.models import Document
ids = list(Document.objects.published().values_list("record_id", flat=True))
random.Random(5).shuffle(ids)
print(json.dumps(ids[:2000]))
"""


def reader_paths(env: dict, options) -> dict[str, list[str]]:
    ids = json.loads(command(env, "shell", "-c", IDS).strip().splitlines()[-1])
    plain = [i for i in ids if i < 9_000_000]
    host = "127.0.0.1"
    searches = [f"q={word}" for word in WORDS] + [
        f"q={word}&date_from=1950&date_to=1965" for word in WORDS
    ]
    scanned = range(9_000_000, 9_000_000 + SCANNED)
    return {
        "home": ["/"],
        "document": [f"/document/{i}" for i in plain[:1000]],
        "search": [f"/search?{query}" for query in searches],
        "search.json": [f"/search.json?{query}" for query in searches],
        "oai-pmh": ["/oai?verb=ListRecords&metadataPrefix=oai_dc", "/oai?verb=Identify"]
        + [
            f"/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:{host}:{i}"
            for i in plain[:200]
        ],
        "iiif": [f"/iiif/{i}/manifest.json" for i in scanned],
    }


def serve(env: dict, options) -> subprocess.Popen:
    log = (Path(env["READINGROOM_DATA"]) / "serve.log").open("w")
    process = subprocess.Popen(
        [*READINGROOM, "serve", "--bind", f"127.0.0.1:{options.port}",
         "--workers", str(options.workers), "--threads", str(options.threads)],
        env=env, cwd=REPO, stdout=log, stderr=log,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while fetch(f"http://127.0.0.1:{options.port}/healthz")[0] != 200:
        if time.monotonic() > deadline or process.poll() is not None:
            sys.exit("the server did not start; see serve.log")
        time.sleep(0.3)
    return process


def fetch(url: str, timeout: float = 30) -> tuple[int | None, float]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            return response.status, time.perf_counter() - started
    except urllib.error.HTTPError as error:
        return error.code, time.perf_counter() - started
    except OSError:
        return None, time.perf_counter() - started


def run_load(env, options, base, paths, token):
    data = Path(env["READINGROOM_DATA"])
    scripts = data / "wrk"
    scripts.mkdir(exist_ok=True)
    wrks = {}
    for kind, share in MIX.items():
        script = scripts / f"{kind}.lua"
        quoted = ", ".join(json.dumps(path) for path in paths[kind])
        script.write_text(LUA % (quoted, len(wrks) + 1))
        connections = max(1, round(options.connections * share))
        wrks[kind] = (
            connections,
            subprocess.Popen(
                ["wrk", "-t1", f"-c{connections}", f"-d{options.duration}s",
                 f"--timeout={options.timeout}s", "-s", str(script), base],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            ),
        )  # fmt: skip
    edits = Edits(base, token, paths["document"], options.edit_interval)
    imported = {"process": None, "started": time.monotonic()}
    if not options.no_writes:
        edits.start()
        imported = run_import(env, data, options)
    results = {}
    for kind, (connections, process) in wrks.items():
        output = process.communicate()[0]
        line = next((ln for ln in output.splitlines() if ln.startswith("RESULT ")), None)
        results[kind] = (connections, json.loads(line[7:]) if line else {"error": output})
    if not options.no_writes:
        edits.stop()
    imported["finished"] = imported["process"] is None or imported["process"].wait(600) == 0
    imported["seconds"] = time.monotonic() - imported["started"]
    return results, edits, imported


def run_import(env, data: Path, options) -> dict:
    path = data / "incoming.jsonl"
    first = 8_000_000 + int(time.time()) % 100_000 * 10  # new documents every run
    with path.open("w") as handle:
        for n in range(options.import_size):
            handle.write(json.dumps({
                "type": "document", "record_id": first + n, "title": f"Incoming cable {n}",
                "date": "1961-08-13", "summary": "The border is closed overnight; treaty talks.",
            }) + "\n")  # fmt: skip
    time.sleep(2)  # the readers first
    process = subprocess.Popen(
        [*READINGROOM, "import", str(path), "--publish"],
        env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return {"process": process, "started": time.monotonic()}


class Edits(threading.Thread):
    """An editor changing a random document through the API, again and again."""

    def __init__(self, base, token, documents, interval):
        super().__init__(daemon=True)
        self.base, self.token, self.interval = base, token, interval
        self.ids = [path.rsplit("/", 1)[1] for path in documents]
        self.statuses: list[int | None] = []
        self.seconds: list[float] = []
        self.stopping = threading.Event()

    def run(self):
        rng = random.Random(11)
        while not self.stopping.is_set():
            record_id = rng.choice(self.ids)
            body = json.dumps({"summary": f"Revised at {time.time():.0f}."}).encode()
            request = urllib.request.Request(
                f"{self.base}/api/documents/{record_id}", data=body, method="PATCH",
                headers={"Authorization": f"Bearer {self.token}",
                         "Content-Type": "application/json"},
            )  # fmt: skip
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=120) as response:
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError:
                status = None
            self.statuses.append(status)
            self.seconds.append(time.perf_counter() - started)
            self.stopping.wait(self.interval)

    def stop(self):
        self.stopping.set()
        self.join(150)


def print_report(options, results, edits, imported) -> None:
    database = "PostgreSQL" if options.database_url else "SQLite"
    print(
        f"\n{options.documents:,} documents on {database}; {options.connections} connections, "
        f"{options.workers} gunicorn workers x {options.threads} threads, {options.duration} s, "
        f"{os.cpu_count()} CPUs (wrk and the server share them)\n"
    )
    header = (
        f"{'page':<12} {'conn':>4} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'non-2xx':>7} {'timeouts':>8} {'sock err':>8}"
    )
    print(header)
    print("-" * len(header))
    total = 0
    for kind, (connections, r) in results.items():
        if "error" in r:
            print(f"{kind:<12} wrk failed: {r['error'][-300:]}")
            continue
        total += r["requests"]
        print(
            f"{kind:<12} {connections:>4} {r['requests']:>8,} {r['requests'] / r['seconds']:>7.1f} "
            f"{r['p50'] / 1000:>7.0f} {r['p99'] / 1000:>7.0f} {r['status']:>7} "
            f"{r['timeout']:>8} {r['connect'] + r['read'] + r['write']:>8}"
        )
    print(f"{'all':<12} {options.connections:>4} {total:>8,} {total / options.duration:>7.1f}")
    if options.no_writes:
        print("\nNo import, no edits: readers only (pages cached after their first request).")
        return
    ok = sum(1 for status in edits.statuses if status == 200)
    seconds = sorted(edits.seconds) or [0.0]
    print(
        f"\nEdits (API PATCH): {len(edits.statuses)}, {ok} answered 200, "
        f"p50 {seconds[len(seconds) // 2] * 1000:.0f} ms, max {seconds[-1] * 1000:.0f} ms"
    )
    print(
        f"Import of {options.import_size:,} documents: "
        f"{'done' if imported['finished'] else 'FAILED'} in {imported['seconds']:.1f} s"
    )


if __name__ == "__main__":
    main()
