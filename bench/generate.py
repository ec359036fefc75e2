"""How fast documents are generated, into an empty database, and how much room they take.

    python bench/generate.py [--documents 20000] [--seed 1] [--batch-size 5000]
                             [--database-url postgresql://postgres@127.0.0.1:5432/test]

Each run starts from an empty database: bench/out/generate/ on SQLite, or the database
readingroom_bench_generate on the PostgreSQL server of --database-url (never the one the
URL names). It prints documents a second, the rows made and the database's size.
"""

import argparse
import shutil
import time

from environment import OUT, database_size, describe_database, describe_machine, megabytes


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=20_000, metavar="N")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--database-url", metavar="URL", help="a PostgreSQL server")
    args = parser.parse_args(argv)

    if not args.database_url:
        shutil.rmtree(OUT / "generate", ignore_errors=True)
    from environment import setup_django

    setup_django("generate", args.database_url)
    from django.core.management import call_command

    from readingroom.generator.generate import generate_archive

    call_command("migrate", verbosity=0, skip_checks=True)
    call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    generate_archive(args.documents, seed=args.seed, batch_size=args.batch_size, progress=True)
    seconds = time.perf_counter() - started

    print(f"Database: {describe_database()}")
    print(f"Machine: {describe_machine()}")
    print(
        f"Generated {args.documents:,} documents in {seconds:.1f} s:"
        f" {args.documents / seconds:,.0f} documents/s"
    )
    size = database_size()
    print(f"Size: {megabytes(size)}, {size / max(args.documents, 1) / 1000:.1f} KB a document")
    for model, count in row_counts():
        print(f"  {count:>10,}  {model}")


def row_counts() -> list[tuple[str, int]]:
    from django.apps import apps

    archive = apps.get_app_config("archive")
    models = list(archive.get_models(include_auto_created=True))
    return [(model._meta.db_table, model._default_manager.count()) for model in models]


if __name__ == "__main__":
    main()
