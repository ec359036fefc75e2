"""How fast `readingroom import` reads and writes real FRUS volumes (../shared/corpus/frus/tei).

Imports N volumes (spread over the series, 1917–1980) into an empty database, as
`readingroom import frus/tei/*.xml.gz` does, in one import; prints the documents, the
time to read (unpack, parse, check) and to write, documents a second, and what the whole
series (all the volumes in the folder) would take at that rate. Then imports the same
volumes again and prints that time, and the revisions and outbox rows it left (0 expected).

    .venv/bin/python bench/frus_import.py                    # SQLite, 8 volumes
    .venv/bin/python bench/frus_import.py --volumes 95       # the whole series
    .venv/bin/python bench/frus_import.py --database-url postgresql://postgres@127.0.0.1:5432/x
    .venv/bin/python bench/frus_import.py --profile out.prof # cProfile of the first import
"""

import argparse
import cProfile
import shutil
import time
from pathlib import Path

from environment import OUT, setup_django

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "frus" / "tei"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--volumes", type=int, default=8)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--profile", type=Path, default=None)
    args = parser.parse_args()
    every = sorted(args.corpus.glob("*.xml.gz"))
    if not every:
        raise SystemExit(f"{args.corpus} holds no .xml.gz volumes (the shared FRUS corpus)")
    step = len(every) / min(args.volumes, len(every))
    paths = [every[int(index * step)] for index in range(min(args.volumes, len(every)))]

    name = "frus-import-" + ("postgresql" if args.database_url else "sqlite")
    shutil.rmtree(OUT / name, ignore_errors=True)
    setup_django(name, args.database_url)
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)

    from readingroom.archive.actions import Actor, import_records
    from readingroom.archive.models import Document, DocumentChange, Revision
    from readingroom.importers.base import read_files

    def run() -> tuple[int, float, float]:
        started = time.perf_counter()
        records, errors = read_files(paths)
        read = time.perf_counter()
        report = import_records(
            records,
            actor=Actor.system("bench"),
            errors=errors,
            files=[str(path) for path in paths],
        )
        done = time.perf_counter()
        documents = sum(1 for result in report.results if result.kind == "document")
        return documents, read - started, done - read

    profile = cProfile.Profile() if args.profile else None
    if profile:
        profile.enable()
    documents, reading, writing = run()
    if profile:
        profile.disable()
        profile.dump_stats(args.profile)
    total = reading + writing
    rate = documents / total
    names = ", ".join(path.name for path in paths)
    print(f"database: {connection.vendor}; {len(paths)} volumes: {names}")
    print(f"first import: {documents:,} documents in {total:.1f} s")
    print(f"  read (unpack, parse, check): {reading:.1f} s; write: {writing:.1f} s")
    print(f"  {rate:.0f} documents/s")
    series = estimate_series(every)
    print(
        f"whole series ({len(every)} volumes, {series:,} documents) at that rate:"
        f" {series / rate / 60:.1f} min"
    )

    revisions, changes = Revision.objects.count(), DocumentChange.objects.count()
    again, reading, writing = run()
    print(f"again: {again:,} documents in {reading + writing:.1f} s", end="; ")
    print(
        f"{Revision.objects.count() - revisions} revisions,"
        f" {DocumentChange.objects.count() - changes} outbox rows added;"
        f" {Document.objects.count():,} documents stored"
    )


def estimate_series(paths: list[Path]) -> int:
    """Documents in the volumes, counted from their text (no parse): div type="document"."""
    import gzip

    count = 0
    for path in paths:
        with gzip.open(path, "rb") as stream:
            count += stream.read().count(b'type="document"')
    return count


if __name__ == "__main__":
    main()
