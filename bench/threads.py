"""What threads cost: importing relations, a document's links, a whole thread.

    python bench/threads.py [--threads 100] [--length 20] [--reads 50]
                            [--database-url postgresql://postgres@127.0.0.1:5432/test]

Imports ``--threads`` exchanges of ``--length`` published documents each into bench/out/
(SQLite) or a database of its own on the PostgreSQL server named; in each, every document
replies to the one before by external identifier (given further down the file, so the
relations are resolved after every record is written), and mentions the first. Then it
measures:

- the import (ms a document), and importing the same file again (nothing changes);
- ``links_of`` (the document page's one query) for a document in the middle;
- ``thread`` (one query a step outwards) from the middle and from the first document.

It prints figures (medians); it has no pass or fail. See bench/README.md.
"""

import argparse
import json
import statistics
import time

from environment import OUT, describe_database, describe_machine, setup_django


def median_ms(function, reads: int) -> float:
    times = []
    for _ in range(reads):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def write_file(path, threads: int, length: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for t in range(threads):
            # Last first: each reply names a document further down the file.
            for n in reversed(range(length)):
                record = {
                    "title": f"Telegram {n + 1} of exchange {t + 1}",
                    "date": f"1957-{1 + n % 12:02d}-{1 + n // 12:02d}",
                    "external_id": f"bench/{t}/{n}",
                    "status": "published",
                    "relations": [],
                }
                relations = record["relations"]
                if n > 0:
                    relations.append({"type": "replies-to", "document": f"bench/{t}/{n - 1}"})
                if n > 1:
                    relations.append({"type": "mentions", "document": f"bench/{t}/0"})
                out.write(json.dumps(record) + "\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=100, metavar="N")
    parser.add_argument("--length", type=int, default=20, metavar="L")
    parser.add_argument("--reads", type=int, default=50, metavar="R")
    parser.add_argument("--database-url", metavar="URL")
    args = parser.parse_args(argv)
    setup_django("threads", args.database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from readingroom.archive.models import Document, DocumentRelation
    from readingroom.archive.threads import links_of, thread, thread_ids
    from readingroom.importers.base import import_files

    print(describe_machine())
    print(describe_database())
    path = OUT / "threads" / "threads.jsonl"
    write_file(path, args.threads, args.length)
    documents = args.threads * args.length
    if not Document.objects.filter(external_id="bench/0/0").exists():
        start = time.perf_counter()
        import_files([path])
        took = time.perf_counter() - start
        print(
            f"import: {documents} documents, {DocumentRelation.objects.count()} relations,"
            f" {took * 1000 / documents:.2f} ms a document"
        )
    start = time.perf_counter()
    import_files([path])
    took = time.perf_counter() - start
    print(f"import again (nothing changes): {took * 1000 / documents:.2f} ms a document")

    middle = Document.objects.get(external_id=f"bench/0/{args.length // 2}")
    first = Document.objects.get(external_id="bench/0/0")
    assert len(thread(middle.pk)) == args.length
    ms = median_ms(lambda: links_of(middle), args.reads)
    print(f"links_of (a document page's links): {ms:.2f} ms median")
    print(links_of_plan(middle))
    ms = median_ms(lambda: thread_ids(middle.pk), args.reads)
    print(f"thread_ids of {args.length} (one recursive query): {ms:.2f} ms median")
    for name, document in (("the middle", middle), ("the first", first)):
        ms = median_ms(lambda d=document: thread(d.pk), args.reads)
        print(f"thread of {args.length} from {name}: {ms:.2f} ms median")


def links_of_plan(document) -> str:
    from readingroom.archive.threads import links_query

    return links_query(document).explain()


if __name__ == "__main__":
    main()
