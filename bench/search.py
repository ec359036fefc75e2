"""Search benchmark: import rate, reindex time, index size and search-page latency.

    .venv/bin/python bench/search.py                  # N = 10,000 and 100,000, then FRUS
    .venv/bin/python bench/search.py 1000000          # a million (about an hour)
    .venv/bin/python bench/search.py 10000 --no-frus
    DATABASE_URL=postgresql://… .venv/bin/python bench/search.py 10000   # on PostgreSQL
    .venv/bin/python bench/search.py 1000000 --no-frus --keep   # reuse bench/out/search-N

Each run uses a fresh database and index in a temporary folder (or the PostgreSQL
database named, which it empties first: never point it at a real archive). With
``--keep`` a generated archive lives in bench/out/search-N and is made only once: later
runs skip the import (and print no import rate) and measure the reindex and searches.

Times of the search page are measured server-side, calling the WSGI application as a
server would: the whole view, with facet counts over all matches and snippets, the
facet cache emptied before each request (the worst case: a new search, not a reader
paging). Each class is measured twice: with the index's files in the page cache, as on
a server that searches all day, and out of it (``--cold``), as after a restart or on a
machine short of memory. Memory is the searching process's own (RssAnon) and the pages
of the index it has mapped (RssFile: shared by every process on the machine, and given
back by the kernel when memory runs short). Figures, no pass/fail.
"""

import argparse
import gzip
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FRUS = REPO.parent / "shared" / "corpus" / "frus" / "bench" / "frus-records.jsonl.gz"
SAMPLES = 40


OUT = REPO / "bench" / "out"


def setup(data_dir: str, fresh: bool = True) -> None:
    os.environ["READINGROOM_DATA"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "readingroom.settings")
    os.environ["SEARCH_INDEXER"] = "off"
    os.environ["DEBUG"] = "false"  # DEBUG keeps every query in memory
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    sys.path.insert(0, str(REPO))
    sys.path.insert(0, str(REPO / "bench"))
    import django

    django.setup()
    from django.core.management import call_command

    if fresh:
        call_command("flush", interactive=False, verbosity=0)
        call_command("migrate", verbosity=0)


def size_of(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def timed(function, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def import_generated(n: int) -> float:
    from readingroom.generator.generate import generate_archive

    seconds, _ = timed(generate_archive, n, seed=1, batch_size=5000)
    return n / seconds


def import_frus(limit: int | None) -> tuple[float, int]:
    sys.path.insert(0, str(REPO))
    from tests.search.frus import add_other_names, load_frus_records

    with gzip.open(FRUS, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in islice(lines, limit)]
    started, first = time.perf_counter(), 500_000
    for start in range(0, len(records), 2000):
        load_frus_records(records[start : start + 2000], first_record_id=first + start)
    add_other_names()
    return len(records) / (time.perf_counter() - started), len(records)


def query_classes(rng: random.Random) -> dict[str, list[dict]]:
    """Forty queries of each kind, drawn from what the index holds."""
    from readingroom.archive.models import Document, Person
    from readingroom.search.index import reader

    searcher, _ = reader().searcher()
    frequent = [t for t, _ in searcher.terms_with_prefix("body", "", limit=200) if len(t) > 3]
    common = frequent[:SAMPLES]
    # The rarest title words there are: with a generated vocabulary at a million
    # documents, even the rarest may be in hundreds of titles.
    by_count = sorted(
        (c, t) for t, c in searcher.terms_with_prefix("title", "") if c >= 2 and len(t) > 4
    )
    rare = rng.sample([t for _, t in by_count[: SAMPLES * 5]], min(SAMPLES, len(by_count)))
    titles = list(
        Document.objects.published().order_by("?").values_list("title", flat=True)[: SAMPLES * 3]
    )
    phrases = []
    for title in titles:
        words = [w for w in title.split() if w.isalpha()]
        if len(words) >= 3:
            phrases.append(f'"{words[1]} {words[2]}"')
    people = list(
        Person.objects.filter(documents__status="published")
        .values_list("slug", flat=True)
        .distinct()[:SAMPLES]
    )
    liked = list(
        Document.objects.published().order_by("?").values_list("record_id", flat=True)[:SAMPLES]
    )
    # Words cut short, from four letters to one less than the word ("negotiat*").
    long_words = [t for t in frequent if len(t) > 5][:SAMPLES]
    prefixes = [f"{t[: rng.randint(4, len(t) - 1)]}*" for t in long_words]
    return {
        "common word": [{"q": w} for w in common],
        "two words": [{"q": f"{a} {b}"} for a, b in zip(common, reversed(common), strict=True)],
        "phrase": [{"q": p} for p in phrases[:SAMPLES]],
        "rare word": [{"q": w} for w in rare],
        "filtered": [
            {"q": w, "person": rng.choice(people), "from": "1950", "to": "1969"} for w in common
        ],
        "page 2, cached counts": [{"q": w, "page": "2"} for w in common],
        "prefix": [{"q": p} for p in prefixes],
        "name with variants": [{"q": n} for n in names_with_variants(rng)],
        "misspelt name": [{"q": n} for n in misspelt_names(rng)],
        "more like this": [{"like": str(record_id)} for record_id in liked],
    }


def names_with_variants(rng: random.Random) -> list[str]:
    """Names of people and places that have other names, as a reader would type them
    (quoted when they are several words): each is searched with its other names."""
    from readingroom.archive.models import Person, Place

    named = [n for n, other in Place.objects.values_list("name", "other_names") if other]
    named += [
        n for n, other in Person.objects.values_list("display_name", "other_names")[:5000] if other
    ]
    chosen = rng.sample(sorted(named), min(SAMPLES, len(named)))
    return [f'"{name}"' if " " in name else name for name in chosen]


def misspelt_names(rng: random.Random) -> list[str]:
    """Family names of people with one letter changed, the first included (Chrushchev):
    searches that find nothing and ask "did you mean"."""
    from readingroom.archive.models import Person

    family = sorted(
        {n.split(",")[0] for n in Person.objects.values_list("sort_name", flat=True)[:5000]}
    )
    family = [n for n in family if n.isalpha() and len(n) >= 6]
    chosen = rng.sample(family, min(SAMPLES, len(family)))
    return [
        rng.choice("BCHKQXZ") + name[1:] if i % 2 else name[:3] + "q" + name[4:]
        for i, name in enumerate(chosen)
    ]


def measure(queries: list[dict], cached: bool) -> tuple[float, float, float, float]:
    """p50 and p95 in ms of the search page, called through WSGI as a server would: its
    time, then the CPU time of the process (every thread: tantivy's too), which another
    program's load on the machine changes far less."""
    from django.utils.http import urlencode
    from environment import request

    from readingroom.search import engine
    from readingroom.wsgi import application

    times, cpu = [], []
    for params in queries:
        if cached:
            request(application, "/search?" + urlencode({**params, "page": "1"}))
        else:
            engine.counts_cache.entries.clear()
        started, started_cpu = time.perf_counter(), time.process_time()
        status, _ = request(application, "/search?" + urlencode(params))
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert status == 200, status
    return (*percentiles(times), *percentiles(cpu))


def percentiles(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    return statistics.median(values), values[max(0, int(len(values) * 0.95) - 1)]


def report(label: str, rate: float | None, documents: int, data_dir: str) -> None:
    from django.conf import settings

    from readingroom.search.indexer import build_generation

    started_cpu = time.process_time()
    seconds, _ = timed(build_generation)
    cpu = time.process_time() - started_cpu
    index_size = size_of(Path(settings.SEARCH_INDEX_DIR))
    print(f"\n== {label}: {documents:,} documents")
    print(f"import: {rate:,.0f} documents/s" if rate else "import: reused (--keep)")
    print(
        f"full reindex: {seconds:.1f} s ({documents / seconds:,.0f} documents/s),"
        f" {cpu:.1f} s of CPU"
    )
    print(f"index size: {index_size / 1e6:,.1f} MB", flush=True)
    # Searches run in a new process, as in a web worker: this one holds everything the
    # import made, and Python's garbage collector would walk it on every request. The
    # queries are picked here, so that reading the index's dictionaries to pick them
    # does not count in the searching process's memory.
    with tempfile.NamedTemporaryFile("w", suffix=".json") as chosen:
        json.dump(query_classes(random.Random(1)), chosen)
        chosen.flush()
        command = [sys.executable, __file__, "--measure", data_dir, "--queries", chosen.name]
        subprocess.run(command, check=True)
        subprocess.run([*command, "--cold"], check=True)


def cache_index_files(cold: bool) -> str:
    """Put the index's files in the page cache, as a busy server's are, or (``cold``) out
    of it, as after a restart. Left alone, the figures would depend on what the kernel
    last did: some virtual machines (this one: DAMON's reclaim, /sys/kernel/mm/damon)
    page out files left idle for a minute."""
    from django.conf import settings

    started = time.perf_counter()
    for path in Path(settings.SEARCH_INDEX_DIR).rglob("*"):
        if path.is_file():
            with path.open("rb") as f:
                if cold:
                    os.posix_fadvise(f.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
                else:
                    while f.read(1 << 20):
                        pass
    if cold:
        return "index files dropped from the page cache first: every search reads the disk"
    return f"index files read into the page cache first ({time.perf_counter() - started:.1f} s)"


def measure_all(data_dir: str, queries_file: str | None = None, cold: bool = False) -> None:
    setup(data_dir, fresh=False)
    print(cache_index_files(cold), flush=True)
    if queries_file:
        classes = json.loads(Path(queries_file).read_text())
    else:
        classes = query_classes(random.Random(1))
    for name, queries in classes.items():
        if not queries:
            continue
        if cold:
            cache_index_files(cold)
        p50, p95, cpu50, cpu95 = measure(queries, cached=name.startswith("page 2"))
        print(
            f"search page, {name:22s} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms"
            f"   CPU p50 {cpu50:6.1f} ms   p95 {cpu95:6.1f} ms  ({len(queries)})"
        )
    # VmHWM, not getrusage's ru_maxrss: Linux carries the latter over from the parent
    # (the process that just built the index) through fork and exec.
    memory = resident_memory()
    print(f"peak resident memory of the searching process: {memory['VmHWM']:,.0f} MB")
    print(
        f"  after the searches: {memory['RssAnon']:,.0f} MB its own,"
        f" {memory['RssFile']:,.0f} MB of mapped files (the index, shared by every process"
        " and given back under pressure)",
        flush=True,
    )


def resident_memory() -> dict[str, float]:
    """VmHWM (peak), RssAnon (the process's own memory), RssFile (mapped files), in MB."""
    figures = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmHWM", "RssAnon", "RssFile"):
            figures[name] = int(value.split()[0]) / 1024
    return figures


def run_kept(n: int) -> None:
    """A generated archive in bench/out/search-N, made on the first run only."""
    data_dir = OUT / f"search-{n}"
    made = (data_dir / "complete").exists()
    data_dir.mkdir(parents=True, exist_ok=True)
    setup(str(data_dir), fresh=not made)
    rate = None
    if not made:
        rate = import_generated(n)
        (data_dir / "complete").write_text(f"{n}\n")
    report("generated", rate, n, str(data_dir))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument("--no-frus", action="store_true")
    parser.add_argument("--frus-limit", type=int, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the archive in bench/out")
    parser.add_argument(
        "--cold", action="store_true", help="search with the index out of the page cache"
    )
    parser.add_argument("--measure", metavar="DATA_DIR", help=argparse.SUPPRESS)
    parser.add_argument("--queries", metavar="FILE", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.measure:
        return measure_all(options.measure, options.queries, options.cold)
    runs = [("generated", n) for n in options.sizes]
    if not options.no_frus and FRUS.exists():
        runs.append(("FRUS", options.frus_limit))
    for kind, n in runs:
        # each size in its own process: a clean database, index and memory figure
        if os.fork() == 0:
            if options.keep and kind == "generated":
                run_kept(n)
                sys.stdout.flush()
                os._exit(0)
            with tempfile.TemporaryDirectory(prefix="rr-bench-") as data_dir:
                setup(data_dir)
                if kind == "FRUS":
                    rate, count = import_frus(n)
                    report("FRUS records", rate, count, data_dir)
                else:
                    report("generated", import_generated(n), n, data_dir)
            sys.stdout.flush()
            os._exit(0)
        os.wait()


if __name__ == "__main__":
    main()
