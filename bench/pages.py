"""How fast the reader's pages are in an archive of N documents: server time, per page.

    python bench/pages.py [--documents 100000] [--seed 1] [--requests 200] [--cold]
                          [--database-url postgresql://postgres@127.0.0.1:5432/test]
                          [--profile PAGE]

The first run generates the archive (readingroom.generator.generate) into bench/out/
(SQLite), or into its own database readingroom_bench_<N>_s<seed> on the PostgreSQL
server of --database-url; later runs with the same N and seed reuse it. Then each page
is requested in-process through the WSGI application, as a WSGI server would call it
(middleware, URL resolving, queries, templates; no network): a warm-up, then R timed
requests. It prints p50 and p95, the queries a page makes and the time they take, and
for each page slower than the 10 ms target its slowest query and the database's plan.

``--cold`` empties the cache before every request (what a reader meets when nothing is
cached); ``--profile PAGE`` prints where one cold request of that page spends its time
(cProfile, by cumulative time) instead of timing every page.

It prints figures; it has no pass or fail. See bench/README.md.
"""

import argparse
import json
import math
import statistics
import sys
import time
from dataclasses import dataclass, field

from environment import (
    database_size,
    describe_database,
    describe_machine,
    megabytes,
    request,
    setup_django,
)

TARGET_MS = 10.0


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    name = f"pages-{args.documents}-s{args.seed}"
    setup_django(name, args.database_url)
    setup = prepare_archive(args.documents, args.seed)
    print(f"Archive: {args.documents:,} generated documents (seed {args.seed})")
    print(f"Database: {describe_database()}, {megabytes(database_size())}")
    print(f"Machine: {describe_machine()}")
    print(
        f"Generation: {setup['rate']:,.0f} documents/s"
        f" ({setup['seconds']:.0f} s, {setup['when']}{', reused' if setup['reused'] else ''})"
    )
    if args.profile:
        profile([p for p in pages_to_measure() if p.name == args.profile][0])
        return
    results = [
        measure(page, args.warmup, args.requests, args.budget, cold=args.cold)
        for page in pages_to_measure()
        if not args.pages or page.name in args.pages.split(",")
    ]
    if args.cold:
        print("Cold: the cache is emptied before every request (the first reader after a change).")
    print_table(results)
    explain_slow_pages(results)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=100_000, metavar="N")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=200, metavar="R")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument(
        "--budget",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="time a page for at most this long (at least 5 requests), so slow pages end",
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="empty the cache before every request: what the first reader after a change waits",
    )
    parser.add_argument("--pages", metavar="NAME,…", help="only these pages (by their names)")
    parser.add_argument("--profile", metavar="PAGE", help="profile one cold request of PAGE")
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="a PostgreSQL server (its database name is replaced by the benchmark's own)",
    )
    return parser.parse_args(argv)


def prepare_archive(n: int, seed: int) -> dict:
    """Generate the archive once; reuse it while its marker says it is complete."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from readingroom.archive.models import Document
    from readingroom.generator.generate import generate_archive

    marker = settings.DATA_DIR / f"setup-{connection.vendor}.json"
    call_command("migrate", verbosity=0, skip_checks=True)
    if marker.exists() and Document.objects.count() == n:
        return json.loads(marker.read_text()) | {"reused": True}
    if Document.objects.exists():  # an interrupted generation: start again
        call_command("flush", interactive=False, verbosity=0)
    print(f"Generating {n:,} documents (once; later runs reuse them)…", file=sys.stderr)
    started = time.perf_counter()
    generate_archive(n, seed=seed, progress=True)
    seconds = time.perf_counter() - started
    # Statistics for the planner, and on PostgreSQL the visibility map that index-only
    # scans need: what autovacuum gives a live database.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    setup = {"seconds": seconds, "rate": n / seconds, "when": time.strftime("%Y-%m-%d")}
    marker.write_text(json.dumps(setup))
    return setup | {"reused": False}


@dataclass
class Page:
    name: str
    url: str
    note: str = ""


def pages_to_measure() -> list[Page]:
    """The pages readers visit most, with the heaviest entities of each kind."""
    from django.db.models import Count
    from django.urls import reverse

    from readingroom.archive.models import Collection, Document, Person, Place, Topic
    from readingroom.interop.formatted import refresh_citations

    ids = list(Document.objects.published().order_by("record_id").values_list("pk", flat=True))
    document = Document.objects.get(pk=ids[len(ids) // 2])
    words = sum(len(r.text.split()) for r in document.renditions.filter(kind="translation"))
    # What the background job has done in a live archive (generating skips it: citeproc-js
    # renders a few documents a second on this machine).
    refresh_citations([document.pk])
    person = Person.objects.annotate(n=Count("document_links")).order_by("-n", "pk").first()
    topic = Topic.objects.annotate(n=Count("documents")).order_by("-n", "pk").first()
    place = Place.objects.annotate(n=Count("document_links")).order_by("-n", "pk").first()
    collection = Collection.objects.order_by("-document_count", "pk").first()
    try:
        from readingroom.archive.pagination import PER_PAGE
    except ImportError:
        PER_PAGE = 10
    last_page = max(1, math.ceil(len(ids) / PER_PAGE))
    catalog = reverse("archive:catalog")
    return [
        Page("home", reverse("archive:home")),
        Page("document", reverse("archive:document-detail", args=[document.pk]), f"{words} words"),
        Page("person", reverse("archive:person-detail", args=[person.slug]), f"{person.n} docs"),
        Page("topic", reverse("archive:topic-detail", args=[topic.slug]), f"{topic.n} docs"),
        Page("place", reverse("archive:place-detail", args=[place.slug]), f"{place.n} docs"),
        Page("catalog", catalog),
        Page("catalog, last page", f"{catalog}?page={last_page}"),
        Page("people index", reverse("archive:person-index")),
        Page("feed", reverse("interop:document-feed")),
        Page("topic feed", reverse("interop:topic-feed", args=[topic.slug])),
    ] + [  # generated archives have no collections
        Page(
            "collection",
            reverse("archive:collection-detail", args=[c.slug]),
            f"{c.document_count} docs",
        )
        for c in [collection]
        if c is not None
    ]


@dataclass
class Result:
    page: Page
    status: int
    size: int
    stub: bool
    times_ms: list[float]
    queries: list[tuple[float, str, tuple]] = field(default_factory=list)
    # This process's CPU time a request (SQLite's work included, PostgreSQL's not): on a
    # machine shared with other work, what the page costs without the waiting.
    cpu_ms: list[float] = field(default_factory=list)

    @property
    def p50(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.times_ms, n=20)[-1]

    @property
    def cpu_p50(self) -> float:
        return statistics.median(self.cpu_ms)

    @property
    def sql_ms(self) -> float:
        return sum(duration for duration, _, _ in self.queries)


def measure(page: Page, warmup: int, requests: int, budget: float, cold: bool = False) -> Result:
    """Time up to ``requests`` requests, or fewer when they take over ``budget`` seconds.

    Pages and counts are cached until the archive changes (archive/queries.py); ``cold``
    empties the cache before each request, so every one pays the full price.
    """
    from django.core.cache import cache

    from readingroom.wsgi import application

    deadline = time.perf_counter() + budget / 4
    for _ in range(warmup):
        request(application, page.url)
        if time.perf_counter() > deadline:
            break
    times, cpu = [], []
    deadline = time.perf_counter() + budget
    while len(times) < requests and (len(times) < 5 or time.perf_counter() < deadline):
        if cold:
            cache.clear()
        started, started_cpu = time.perf_counter(), time.process_time()
        status, body = request(application, page.url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    stub = body.strip() == b"stub"
    if cold:
        cache.clear()
    queries = replay_queries(application, page.url)
    return Result(page, status, len(body), stub, times, queries, cpu)


def profile(page: Page) -> None:
    """Where one cold request of ``page`` spends its time, after a warm-up."""
    import cProfile
    import pstats

    from django.core.cache import cache

    from readingroom.wsgi import application

    request(application, page.url)
    cache.clear()
    profiler = cProfile.Profile()
    profiler.runcall(request, application, page.url)
    print(f"\n== {page.name}: {page.url}, one request with nothing cached")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(15)


def replay_queries(application, url: str) -> list[tuple[float, str, tuple]]:
    """The queries one request makes, each timed again on its own, rows fetched.

    Timing them inside the request would not do: SQLite computes most rows while they
    are fetched, after execute() has returned.
    """
    from django.db import connection

    queries = []

    def record(execute, sql, params, many, context):
        queries.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        request(application, url)
    timed = []
    with connection.cursor() as cursor:
        for sql, params in queries:
            runs = []
            for _ in range(3):  # the median of three: this machine is noisy
                started = time.perf_counter()
                cursor.execute(sql, params)
                cursor.fetchall()
                runs.append((time.perf_counter() - started) * 1000)
            timed.append((statistics.median(runs), sql, params))
    return timed


def print_table(results: list[Result]) -> None:
    print(f"\nServer time, n requests a page (target: p50 under {TARGET_MS:.0f} ms)\n")
    columns = "{:<20} {:>6} {:>4} {:>8} {:>8} {:>8} {:>8} {:>7} {:>6}  {}"
    header = columns.format(
        "page", "status", "n", "p50 ms", "p95 ms", "CPU p50", "queries", "SQL ms", "KB", "url"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        url = r.page.url + (f" ({r.page.note})" if r.page.note else "")
        row = [r.page.name, r.status, len(r.times_ms), f"{r.p50:.1f}", f"{r.p95:.1f}"]
        row += [f"{r.cpu_p50:.1f}"]
        row += [len(r.queries), f"{r.sql_ms:.1f}", f"{r.size / 1000:.0f}", url]
        print(columns.format(*row) + (" *" if r.p50 >= TARGET_MS else ""))
    print(
        "\n* misses the target. SQL ms: its queries run again on their own, rows fetched;"
        " the rest of p50 is Python (ORM, templates)."
        "\nCPU p50: this process's CPU time a request (SQLite's included, not PostgreSQL's)."
    )
    if any(r.stub for r in results):
        print("NOTE: some views are still stubs (they answer 'stub'): those figures mean nothing.")


def explain_slow_pages(results: list[Result]) -> None:
    """For each page over the target, its slowest queries and how the database runs them."""
    from django.db import connection

    for r in results:
        if r.p50 < TARGET_MS or not r.queries:
            continue
        print(f"\n== {r.page.name}: {len(r.queries)} queries, {r.sql_ms:.1f} ms in SQL")
        for duration, sql, params in sorted(r.queries, key=lambda q: q[0], reverse=True)[:2]:
            print(f"-- {duration:.1f} ms: {sql[:600]}{'…' if len(sql) > 600 else ''}")
            explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
            with connection.cursor() as cursor:
                cursor.execute(explain + sql, params)
                for row in cursor.fetchall():
                    print("   ", row[-1] if connection.vendor == "sqlite" else row[0])


if __name__ == "__main__":
    main()
