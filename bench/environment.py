"""What the benchmarks share: where their data lives, and setting Django up to use it.

Settings come from the environment (readingroom/settings.py), so everything here is done
to ``os.environ`` before ``django.setup()``. SQLite databases live in bench/out/ (git
ignores it); on PostgreSQL a benchmark uses a database of its own on the server named by
--database-url, created when missing, and never the one the URL names (often ``test``).
"""

import io
import os
import platform
import sys
from pathlib import Path

import dj_database_url

OUT = Path(__file__).resolve().parent / "out"


def setup_django(name: str, database_url: str | None) -> dict:
    """Point the settings at bench/out/<name> and its database; return the database's
    settings. Must run before anything imports Django's models."""
    data = OUT / name
    (data / "static").mkdir(parents=True, exist_ok=True)  # WhiteNoise warns if it is missing
    os.environ["READINGROOM_DATA"] = str(data)
    os.environ["DEBUG"] = "false"  # DEBUG keeps every query in memory and slows pages
    os.environ.setdefault("READINGROOM_ENV", "development")  # a generated secret key
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    if database_url:
        url = bench_database_url(database_url, name)
        create_postgres_database(url)
        os.environ["DATABASE_URL"] = url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "readingroom.settings"
    import django

    django.setup()
    from django.conf import settings

    return settings.DATABASES["default"]


def bench_database_url(url: str, name: str) -> str:
    """The URL with the benchmark's own database name: readingroom_bench_<name>."""
    config = dj_database_url.parse(url)
    if "postgresql" not in config["ENGINE"]:
        sys.exit(f"--database-url must be a PostgreSQL URL, not {url!r} (SQLite is the default)")
    base, _, query = url.partition("?")
    server = base.rsplit("/", 1)[0] if base.count("/") > 2 else base
    database = "readingroom_bench_" + name.replace("-", "_")
    return f"{server}/{database}" + (f"?{query}" if query else "")


def create_postgres_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    server = {
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))


def database_size() -> int:
    """Bytes on disk: the SQLite file and its write-ahead log, or pg_database_size."""
    from django.db import connection

    if connection.vendor == "sqlite":
        path = Path(connection.settings_dict["NAME"])
        return sum(p.stat().st_size for p in [path, Path(f"{path}-wal")] if p.exists())
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return cursor.fetchone()[0]


def describe_database() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version} ({connection.settings_dict['NAME']})"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    return f"PostgreSQL {version} (database {connection.settings_dict['NAME']})"


def describe_machine() -> str:
    import django

    return (
        f"{os.cpu_count()} CPUs, {platform.machine()}, Python {platform.python_version()},"
        f" Django {django.get_version()}"
    )


def megabytes(size: int) -> str:
    return f"{size / 1e6:,.0f} MB"


def request(application, url: str) -> tuple[int, bytes]:
    """Call the WSGI application as a server would, and read the whole response."""
    path, _, query = url.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "localhost",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    status = []
    response = application(environ, lambda s, headers, exc_info=None: status.append(s))
    try:
        body = b"".join(response)
    finally:
        if hasattr(response, "close"):
            response.close()
    return int(status[0].split()[0]), body
