"""Settings, all from the environment (see docs/configuration.md).

Every setting an operator may change is read here, once, with a safe default; nothing is
read from a hand-copied local file. ``tests/test_docs.py`` fails if one is undocumented.
"""

import contextlib
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Where the default SQLite database, uploaded files and the secret key live.
DATA_DIR = Path(
    os.environ.get("READINGROOM_DATA") or Path.home() / ".local" / "share" / "readingroom"
).resolve()


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in DATA_DIR.

    Several web workers must share one key: set SECRET_KEY for them.
    """
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(key)
        return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "readingroom.archive",
    "readingroom.importers",
    "readingroom.curation",
    "readingroom.search",
    "readingroom.interop",
    # Background jobs (bulk imports, OCR): django-tasks, with its database backend.
    "django_tasks",
    "django_tasks_db",
    # django-ninja, for its Swagger UI assets: /api/docs then loads nothing from a CDN.
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "readingroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "readingroom.archive.context_processors.site",
                "readingroom.interop.context_processors.alternates",
            ],
        },
    },
]

WSGI_APPLICATION = "readingroom.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'readingroom.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while an import writes; IMMEDIATE avoids the
        # "database is locked" upgrade deadlock between two writers.
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

# Rendered pages and counts, kept until the archive changes (archive/queries.py). Each
# web process keeps its own; nothing in it must be shared between processes.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background jobs are rows in the database, run by `readingroom db_worker` (see
# docs/background-jobs.md): no broker to install, and a job commits with what asked for it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# SQLite needs its folder, and WhiteNoise warns at every start without STATIC_ROOT; a
# read-only data folder (an operator's choice, with PostgreSQL) is left as it is.
with contextlib.suppress(OSError):
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or DATA_DIR / "media")
# Serve uploaded files from Django itself: right for one machine; behind a web server
# that serves MEDIA_ROOT, turn it off.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Without collectstatic (development, tests, the demo) WhiteNoise serves from the apps.
WHITENOISE_USE_FINDERS = True
# The deep-zoom viewer comes from npm (package.json; `make install` puts it in node_modules).
OPENSEADRAGON_BUILD = BASE_DIR.parent / "node_modules/openseadragon/build/openseadragon"
if OPENSEADRAGON_BUILD.is_dir():
    STATICFILES_DIRS.append(("vendor/openseadragon", OPENSEADRAGON_BUILD))
WHITENOISE_AUTOREFRESH = DEBUG

# The archive's name and links, shown in the header and in citations.
SITE_NAME = os.environ.get("SITE_NAME", "Reading Room Digital Archive")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
ARCHIVE_NAME = os.environ.get("ARCHIVE_NAME", "Wilson Center Digital Archive")

# OAI-PMH (docs/oai-pmh.md): how harvesters see the archive, and how long its pages are.
OAI_REPOSITORY_NAME = os.environ.get("OAI_REPOSITORY_NAME", SITE_NAME)
OAI_ADMIN_EMAIL = os.environ.get("OAI_ADMIN_EMAIL", f"webmaster@{urlsplit(SITE_URL).hostname}")
OAI_PAGE_SIZE = int(os.environ.get("OAI_PAGE_SIZE", "100"))

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_HTTPS_PROXY", False) else None
)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("BEHIND_HTTPS_PROXY", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Search (see docs/search.md): where the index lives, and whether web processes keep it
# up to date themselves ("thread") or leave that to `readingroom search_worker` ("off").
SEARCH_INDEX_DIR = Path(os.environ.get("SEARCH_INDEX_DIR") or DATA_DIR / "search-index")
SEARCH_INDEXER = os.environ.get("SEARCH_INDEXER", "thread")
SEARCH_POLL_SECONDS = float(os.environ.get("SEARCH_POLL_SECONDS", "0.5"))

# IIIF (see docs/iiif.md): where derived page images are kept, how finely PDF pages are
# rendered, and the largest image (in pixels) the Image API will decode.
IIIF_CACHE_DIR = Path(os.environ.get("IIIF_CACHE_DIR") or DATA_DIR / "iiif-cache")
IIIF_PDF_DPI = int(os.environ.get("IIIF_PDF_DPI", "150"))
IIIF_MAX_PIXELS = int(os.environ.get("IIIF_MAX_PIXELS", "150000000"))

# The back office (see docs/editing.md): the largest scan an editor may upload. Files over
# it are refused with a clear message, and their bytes are not even kept on disk.
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(200 * 1024 * 1024)))
FILE_UPLOAD_HANDLERS = ["readingroom.curation.uploads.LimitedUploadHandler"]
# Form fields (not files) of one request: a long transcript with many footnotes fits.
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
LOGIN_URL = "curation:login"
