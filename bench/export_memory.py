"""Peak memory of downloading a whole result set: 1,000 results against 100,000.

    python bench/export_memory.py [--sizes 1000,100000] [--formats csv,jsonl,ris]
                                  [--url /search/export.{ext}]

Makes each archive once (``generate_archive``, then its search index) in
bench/out/export-N, then for each format downloads the export through the WSGI
application in a fresh process, reading the streamed body chunk by chunk and keeping
none of it, as a server writing to a slow client would. It prints that process's peak
resident memory (VmHWM) before and after the download, the bytes written and the time.
The default URL is the search with no words: every document. The time is wall-clock
and the process's CPU (which other work on the machine changes far less). Figures,
no pass/fail.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"


def prepare(n: int) -> str:
    """bench/out/export-N with N generated documents, made once, and a search index of
    this version of the schema (built again when the schema has changed)."""
    name = f"export-{n}"
    made = (OUT / name / "complete").exists()
    code = f"""
import sys
sys.path[:0] = [{str(REPO)!r}, {str(BENCH)!r}]
from environment import setup_django
setup_django({name!r}, None)
from django.conf import settings
from django.core.management import call_command
from readingroom.generator.generate import generate_archive
from readingroom.search.index import current_generation
from readingroom.search.indexer import build_generation
if not {made!r}:
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    generate_archive({n}, seed=1, batch_size=5000)
from pathlib import Path
if current_generation(Path(settings.SEARCH_INDEX_DIR)) is None:
    build_generation(settings.SEARCH_INDEX_DIR)
"""
    env = {**os.environ, "SEARCH_INDEXER": "off"}
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    (OUT / name / "complete").write_text(f"{n}\n")
    return name


DOWNLOAD = """
import sys, time
from pathlib import Path
sys.path[:0] = [{repo!r}, {bench!r}]
from environment import setup_django

def peak():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024

setup_django({name!r}, None)
from readingroom.wsgi import application
from environment import request
request(application, "/search?q=memorandum")  # the code and the index opened, warm
before = peak()
environ = {{
    "REQUEST_METHOD": "GET", "SCRIPT_NAME": "", "PATH_INFO": {path!r},
    "QUERY_STRING": {query!r}, "SERVER_NAME": "localhost", "SERVER_PORT": "80",
    "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": "localhost", "REMOTE_ADDR": "127.0.0.1",
    "wsgi.version": (1, 0), "wsgi.url_scheme": "http", "wsgi.input": __import__("io").BytesIO(),
    "wsgi.errors": sys.stderr, "wsgi.multithread": False, "wsgi.multiprocess": True,
    "wsgi.run_once": False,
}}
status = []
started, started_cpu = time.perf_counter(), time.process_time()
body = application(environ, lambda s, headers, exc_info=None: status.append(s))
size = 0
for chunk in body:
    size += len(chunk)
body.close()
print(status[0], before, peak(), size, time.perf_counter() - started,
      time.process_time() - started_cpu)
"""


def download(name: str, url: str) -> tuple[str, float, float, int, float, float]:
    path, _, query = url.partition("?")
    code = DOWNLOAD.format(repo=str(REPO), bench=str(BENCH), name=name, path=path, query=query)
    env = {**os.environ, "SEARCH_INDEXER": "off"}
    env.pop("DATABASE_URL", None)
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, env=env, capture_output=True, text=True
    ).stdout.split()
    return (
        " ".join(out[:2]),
        float(out[2]),
        float(out[3]),
        int(out[4]),
        float(out[5]),
        float(out[6]),
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--formats", default="csv,jsonl,ris")
    parser.add_argument("--url", default="/search/export.{ext}")
    args = parser.parse_args(argv)
    print("documents  format     status   peak before  peak after      bytes   seconds  CPU s")
    for n in [int(size) for size in args.sizes.split(",")]:
        name = prepare(n)
        for ext in args.formats.split(","):
            status, before, after, size, seconds, cpu = download(name, args.url.format(ext=ext))
            print(
                f"{n:>9,}  {ext:<9}  {status:<7}  {before:>8.1f} MB  {after:>7.1f} MB"
                f"  {size:>11,}  {seconds:>7.1f}  {cpu:>5.1f}"
            )
            sys.stdout.flush()


if __name__ == "__main__":
    main()
