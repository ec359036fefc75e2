"""What formatted citations cost: citeproc-js's start, rendering, and the page's read.

    python bench/citations.py [--documents 300] [--reads 200]
                              [--database-url postgresql://postgres@127.0.0.1:5432/test]

Imports FRUS 1955-1957 vol. III (../shared/corpus; 305 documents) into bench/out/
(SQLite) or a database of its own on the PostgreSQL server named, then measures:

- the start of the Node process (three style engines built), once;
- ``refresh_citations`` on N documents: all rendered and stored, then again (nothing to do);
- ``page_citations`` for a document whose rows are stored (the page's path: one query),
  and for one that must be rendered (a warm Node process, nothing stored).

It prints figures; it has no pass or fail. See bench/README.md.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

from environment import describe_database, describe_machine, setup_django

VOLUME = Path(__file__).resolve().parents[2] / "shared/corpus/frus/xml/frus1955-57v03.xml"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=300, metavar="N")
    parser.add_argument("--reads", type=int, default=200, metavar="R")
    parser.add_argument("--database-url", metavar="URL")
    args = parser.parse_args(argv)
    if not VOLUME.is_file():
        sys.exit(f"{VOLUME} is absent (the team's shared material)")
    setup_django("citations", args.database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from readingroom.archive.models import Document
    from readingroom.interop import citeproc, formatted
    from readingroom.interop.models import FormattedCitation

    if not citeproc.available():
        sys.exit("citeproc-js is not available: make install, with npm")
    if not Document.objects.exists():
        from readingroom.importers.base import import_files

        import_files([VOLUME], publish=True)
    ids = list(Document.objects.order_by("record_id").values_list("record_id", flat=True))
    ids = ids[: args.documents]
    FormattedCitation.objects.all().delete()
    citeproc.stop()
    print(f"Database: {describe_database()}; {len(ids)} FRUS documents")
    print(f"Machine: {describe_machine()}")

    started = time.perf_counter()
    citeproc.render_items([{"id": "warm", "type": "manuscript", "title": "x", "archive": "a"}])
    print(f"Node start, three style engines built: {time.perf_counter() - started:.2f} s")

    started = time.perf_counter()
    rendered = formatted.refresh_citations(ids)
    seconds = time.perf_counter() - started
    print(
        f"refresh_citations, {rendered} documents x {len(citeproc.FORMS)} forms:"
        f" {seconds:.2f} s ({1000 * seconds / max(rendered, 1):.1f} ms a document)"
    )
    started = time.perf_counter()
    formatted.refresh_citations(ids)
    print(f"refresh_citations again, nothing out of date: {time.perf_counter() - started:.2f} s")

    documents = list(formatted.citation_documents().filter(record_id__in=ids))
    stored = timings(lambda d: formatted.page_citations(d), documents, args.reads)
    FormattedCitation.objects.all().delete()
    from django.core.cache import cache

    def unstored(document):
        cache.clear()
        return formatted.page_citations(document)

    fresh = timings(unstored, documents, min(args.reads, 100))
    print(f"page_citations, stored rows: median {stored[0]:.2f} ms, p95 {stored[1]:.2f} ms")
    print(f"page_citations, rendered now: median {fresh[0]:.2f} ms, p95 {fresh[1]:.2f} ms")
    citeproc.stop()


def timings(call, documents, count: int) -> tuple[float, float]:
    """Median and 95th percentile, in milliseconds, of ``call`` over ``count`` documents."""
    spent = []
    for n in range(count):
        document = documents[n % len(documents)]
        started = time.perf_counter()
        call(document)
        spent.append(1000 * (time.perf_counter() - started))
    spent.sort()
    return statistics.median(spent), spent[int(0.95 * (len(spent) - 1))]


if __name__ == "__main__":
    main()
