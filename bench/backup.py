"""What a backup costs: `readingroom export`, `restore` and `reindex` at N generated documents.

    python bench/backup.py [--documents 20000] [--seed 1]
                           [--database-url postgresql://postgres@127.0.0.1:5432/test]

The archive is generated once into bench/out/backup-<N>/ (SQLite) or the database
readingroom_bench_backup_<N> (PostgreSQL), then exported by a `readingroom export`
process; a new, empty archive (bench/out/backup-<N>-restored/, or
readingroom_bench_backup_<N>_restored, made afresh each run) restores it with
`readingroom restore --no-reindex`, is reindexed, and is exported again to check that
the bytes match. Prints seconds, peak memory of each process, sizes, and the costs per
document that docs/operations.md projects from.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from environment import OUT, bench_database_url, create_postgres_database, megabytes

REPO = Path(__file__).resolve().parents[1]
# A `readingroom` command that reports its own peak memory (KB) on the way out.
MEASURED = (
    "import atexit, resource, sys\n"
    "atexit.register(lambda: sys.stderr.write("
    "f'MAXRSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n'))\n"
    "sys.argv = ['readingroom', *sys.argv[1:]]\n"
    "from readingroom.__main__ import main\n"
    "main()\n"
)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=20_000, metavar="N")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", metavar="URL", help="a PostgreSQL server")
    args = parser.parse_args(argv)
    name = f"backup-{args.documents}"
    source = archive(name, args.database_url, fresh=False)
    if not count_documents(source):
        print(f"Generating {args.documents:,} documents …", flush=True)
        command(source, "generate_documents", str(args.documents), "--seed", str(args.seed))
    target = archive(f"{name}-restored", args.database_url, fresh=True)
    first, second = OUT / f"{name}-export", OUT / f"{name}-export-again"
    for folder in (first, second):
        shutil.rmtree(folder, ignore_errors=True)

    export = command(source, "export", str(first))
    restore = command(target, "restore", str(first), "--no-reindex")
    reindex = command(target, "reindex", "-v0")
    again = command(target, "export", str(second))

    n = args.documents
    database = database_bytes(source)
    exported = folder_bytes(first)
    index = folder_bytes(Path(target["READINGROOM_DATA"]) / "search-index")
    same = manifest_sums(first) == manifest_sums(second)
    print(f"Database: {'PostgreSQL' if args.database_url else 'SQLite'}, {n:,} documents")
    print(f"Database size:   {megabytes(database):>9}  {database / n / 1000:6.1f} KB a document")
    print(f"Export size:     {megabytes(exported):>9}  {exported / n / 1000:6.1f} KB a document")
    print(f"Search index:    {megabytes(index):>9}  {index / n / 1000:6.1f} KB a document")
    for label, (seconds, rss) in [
        ("export", export),
        ("restore", restore),
        ("reindex", reindex),
        ("export again", again),
    ]:
        print(
            f"{label + ':':<16} {seconds:7.1f} s  {n / seconds:7,.0f} documents/s"
            f"  {seconds / n * 1000:5.2f} ms a document  peak memory {rss / 1000:,.0f} MB"
        )
    print(f"Restored archive exports to the same bytes: {'yes' if same else 'NO'}")


def archive(name: str, database_url: str | None, *, fresh: bool) -> dict:
    """The environment of a `readingroom` process on the archive ``name``."""
    data = OUT / name
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "READINGROOM_"))}
    env.update(
        READINGROOM_DATA=str(data),
        READINGROOM_ENV="development",
        SEARCH_INDEXER="off",
        LOG_LEVEL="ERROR",
        DEBUG="false",
        PYTHONPATH=str(REPO),
    )
    if fresh:
        shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True, exist_ok=True)
    if database_url:
        url = bench_database_url(database_url, name)
        if fresh:
            drop_postgres_database(url)
        create_postgres_database(url)
        env["DATABASE_URL"] = url
    command(env, "migrate", "--noinput", "-v0")
    return env


def command(env: dict, *args: str) -> tuple[float, int]:
    """Run `readingroom ARGS`; (seconds, peak memory in KB)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURED, *args], env=env, cwd=REPO, capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"readingroom {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    rss = [line for line in done.stderr.splitlines() if line.startswith("MAXRSS ")]
    return seconds, int(rss[-1].split()[1]) if rss else 0


def query(env: dict, code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "readingroom", "shell", "-c", code],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def count_documents(env: dict) -> int:
    return int(
        query(
            env, "from readingroom.archive.models import Document\nprint(Document.objects.count())"
        )
    )


def database_bytes(env: dict) -> int:
    code = (
        "from django.db import connection\n"
        "if connection.vendor == 'sqlite':\n"
        "    from pathlib import Path\n"
        "    p = Path(connection.settings_dict['NAME'])\n"
        "    print(sum(q.stat().st_size for q in [p, Path(f'{p}-wal')] if q.exists()))\n"
        "else:\n"
        "    c = connection.cursor(); c.execute('SELECT pg_database_size(current_database())')\n"
        "    print(c.fetchone()[0])\n"
    )
    return int(query(env, code))


def drop_postgres_database(url: str) -> None:
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    with psycopg.connect(
        dbname="postgres",
        autocommit=True,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
    ) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(config["NAME"])
            )
        )


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.exists() else 0


def manifest_sums(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text())["sha256"]


if __name__ == "__main__":
    main()
