"""Settings, all from the environment (see docs/configuration.md).

Every setting an operator may change is read here, once, with a safe default; nothing is
read from a hand-copied local file. ``tests/test_docs.py`` fails if one is undocumented.
"""

import contextlib
import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _default_data_dir() -> Path:
    """``var/`` of a source checkout (where `make demo` keeps its archive, so that every
    documented command finds the same one), else the user's data folder.

    A checkout whose archive is still in the user's folder (the default before 0.2)
    keeps using it until ``var/`` holds one.
    """
    checkout = BASE_DIR.parent
    user_folder = Path.home() / ".local" / "share" / "readingroom"
    if (checkout / "pyproject.toml").is_file() and (checkout / ".git").exists():
        earlier = (user_folder / "readingroom.sqlite3").is_file()
        if (checkout / "var" / "readingroom.sqlite3").is_file() or not earlier:
            return checkout / "var"
    return user_folder


# Where the default SQLite database, uploaded files and the secret key live.
DATA_DIR = Path(os.environ.get("READINGROOM_DATA") or _default_data_dir()).resolve()


# "production" (refuse to start without a key) or "development" (make demo, make test: a
# key is generated). Production is the default, except for the demo's own archive in a
# source checkout (./var, no READINGROOM_DATA given), so that the commands the docs show
# work there as written. See docs/security.md.
_DEMO = not os.environ.get("READINGROOM_DATA") and (BASE_DIR.parent / "var").resolve() == DATA_DIR
ENVIRONMENT = (
    (os.environ.get("READINGROOM_ENV") or ("development" if _DEMO else "production"))
    .strip()
    .lower()
)
if ENVIRONMENT not in {"production", "development"}:
    raise ImproperlyConfigured(
        f"READINGROOM_ENV is {ENVIRONMENT!r}: it must be production (the default) or development"
    )
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # First, so that its `db_worker` (one that outlives a database restart) is the one run.
    "readingroom.ops",
    "readingroom.archive.admin_site.ArchiveAdminConfig",
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
    # Generated archives for benchmarks and tests (readingroom generate_documents).
    "readingroom.generator",
    # Background jobs (bulk imports, OCR): django-tasks, with its database backend.
    "django_tasks",
    "django_tasks_db",
    # django-ninja, for its Swagger UI assets: /api/docs then loads nothing from a CDN.
    "ninja",
    # The sign-in limit and its audit log (see "Signing in" below).
    "axes",
]

MIDDLEWARE = [
    # Outermost: every request is timed, counted and logged, whatever answers it.
    "readingroom.ops.middleware.RequestLogMiddleware",
    # /healthz, /readyz and /metrics answer before the host check and the HTTPS redirect:
    # load balancers and Prometheus ask by address and over plain HTTP.
    "readingroom.ops.middleware.OpsEndpointsMiddleware",
    "readingroom.ops.routers.ReplicaMiddleware",
    "readingroom.ops.middleware.DiskFullMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: a refused sign-in becomes a 429 (curation/auth.py).
    "axes.middleware.AxesMiddleware",
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
        # Seconds a write waits for another writer (an import holds the lock for its
        # whole run) before "database is locked"; Python's default of 5 fails too soon.
        "timeout": float(os.environ.get("SQLITE_BUSY_TIMEOUT", "60")),
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
# /media/ is answered by Django (archive/media.py), which serves a file only to whom may
# see the record owning it. With MEDIA_ACCEL_REDIRECT (an nginx internal location such as
# "/protected-media/") Django still decides and the web server sends the bytes. Turning
# SERVE_MEDIA off leaves /media/ to a web server alone, which then cannot keep drafts'
# files private (docs/security.md).
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
MEDIA_ACCEL_REDIRECT = os.environ.get("MEDIA_ACCEL_REDIRECT", "")


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def _key_file(path: Path) -> str:
    """The key in SECRET_KEY_FILE, which no web server may ever send."""
    for served, name in ((MEDIA_ROOT, "MEDIA_ROOT"), (STATIC_ROOT, "STATIC_ROOT")):
        if _inside(path, served):
            raise ImproperlyConfigured(
                f"SECRET_KEY_FILE is inside {name} ({served}), which is served to anyone:"
                " keep the key outside every served folder (docs/security.md)"
            )
    try:
        key = path.read_text(encoding="utf-8").strip()
    except OSError as error:
        raise ImproperlyConfigured(f"SECRET_KEY_FILE cannot be read: {error}") from None
    if not key:
        raise ImproperlyConfigured(f"SECRET_KEY_FILE ({path}) is empty")
    return key


def _development_key() -> str:
    """A key generated once into DATA_DIR/private/ (mode 0600), never under MEDIA_ROOT."""
    path = DATA_DIR / "private" / "secret_key"
    if _inside(path, MEDIA_ROOT):
        raise ImproperlyConfigured(
            f"MEDIA_ROOT ({MEDIA_ROOT}) contains {path}, where the development key is kept:"
            " give MEDIA_ROOT a folder of its own, or set SECRET_KEY"
        )
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    earlier = DATA_DIR / "secret_key"  # where earlier versions kept it, beside media/
    if earlier.is_file() and not path.exists():
        os.replace(earlier, path)  # the same key: sessions stay valid
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        key = secrets.token_urlsafe(50)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(key)
        return key


def _secret_key() -> str:
    """SECRET_KEY, else the file SECRET_KEY_FILE names; in development only, a generated
    one. In production without either, Reading Room refuses to start."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    if name := os.environ.get("SECRET_KEY_FILE"):
        return _key_file(Path(name))
    if ENVIRONMENT == "development":
        return _development_key()
    earlier = DATA_DIR / "secret_key"
    hint = (
        f" An earlier version generated {earlier}: move it to a folder of its own (not"
        " under MEDIA_ROOT) and set SECRET_KEY_FILE to it, to keep sessions valid."
        if earlier.is_file()
        else ""
    )
    raise ImproperlyConfigured(
        "Reading Room refuses to start without a secret key: set SECRET_KEY, or"
        " SECRET_KEY_FILE (a file outside MEDIA_ROOT and STATIC_ROOT), in the environment"
        " of every process, commands included (docs/security.md). On a development machine,"
        f" READINGROOM_ENV=development makes one (make demo and make test set it).{hint}"
    )


SECRET_KEY = _secret_key()

# After `readingroom collectstatic` (production) static files have hashed names and are
# served compressed with a year-long cache; without it (development, tests, the demo)
# WhiteNoise serves them from the apps under their own names.
STATIC_COLLECTED = (STATIC_ROOT / "staticfiles.json").is_file()
STORAGES = {
    # Local disk, removing what a failed write (a full disk) half wrote.
    "default": {"BACKEND": "readingroom.ops.storage.CleanFileSystemStorage"},
    "staticfiles": {"BACKEND": "readingroom.ops.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = not STATIC_COLLECTED
# Files served at the site's root: /favicon.ico, which browsers ask for on every page.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
# The deep-zoom viewer comes from npm (package.json; `make install` puts it in node_modules).
OPENSEADRAGON_BUILD = BASE_DIR.parent / "node_modules/openseadragon/build/openseadragon"
if OPENSEADRAGON_BUILD.is_dir():
    STATICFILES_DIRS.append(("vendor/openseadragon", OPENSEADRAGON_BUILD))
# The search page's map of places (docs/search.md): Leaflet, drawing a basemap of Natural
# Earth's countries (world-atlas) that the project serves itself: no tile server.
MAP_LIBRARIES = {
    "vendor/leaflet": BASE_DIR.parent / "node_modules/leaflet/dist",
    "vendor/topojson-client": BASE_DIR.parent / "node_modules/topojson-client/dist",
    "vendor/world-atlas": BASE_DIR.parent / "node_modules/world-atlas",
}
MAP_AVAILABLE = all(folder.is_dir() for folder in MAP_LIBRARIES.values())
if MAP_AVAILABLE:
    STATICFILES_DIRS += list(MAP_LIBRARIES.items())
WHITENOISE_AUTOREFRESH = DEBUG

# Citations (see docs/citations.md): Chicago, MLA and APA are rendered by citeproc-js in
# Node ("node" on PATH, or a path; "off" renders none), from npm's citeproc package.
CITATIONS_NODE = os.environ.get("CITATIONS_NODE", "node")
CITEPROC_JS = Path(
    os.environ.get("CITEPROC_JS") or BASE_DIR.parent / "node_modules/citeproc/citeproc_commonjs.js"
)

# The archive's name and links, shown in the header and in citations.
SITE_NAME = os.environ.get("SITE_NAME", "Reading Room Digital Archive")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
ARCHIVE_NAME = os.environ.get("ARCHIVE_NAME", "Wilson Center Digital Archive")

# OAI-PMH (docs/oai-pmh.md): how harvesters see the archive, and how long its pages are.
OAI_REPOSITORY_NAME = os.environ.get("OAI_REPOSITORY_NAME", SITE_NAME)
OAI_ADMIN_EMAIL = os.environ.get("OAI_ADMIN_EMAIL", f"webmaster@{urlsplit(SITE_URL).hostname}")
OAI_PAGE_SIZE = int(os.environ.get("OAI_PAGE_SIZE", "100"))

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
# The largest answer the Image API gives (info.json's maxWidth, maxHeight, maxArea; at
# least 512, the tile size), and the size the cache of derived images is kept within.
IIIF_MAX_WIDTH = int(os.environ.get("IIIF_MAX_WIDTH", "4096"))
IIIF_MAX_HEIGHT = int(os.environ.get("IIIF_MAX_HEIGHT", "4096"))
IIIF_MAX_AREA = int(os.environ.get("IIIF_MAX_AREA", str(4096 * 4096)))
IIIF_CACHE_MAX_BYTES = int(os.environ.get("IIIF_CACHE_MAX_BYTES", str(5 * 1024**3)))

# Imports (docs/import-formats.md): what one import may read, uncompressed and blank
# lines included, the longest line of JSON Lines, and the most records. An import is
# held in memory until it is written, all or nothing; these keep a small hostile upload
# from holding a worker. Raise them for `readingroom import` of a large backup.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(256 * 1024 * 1024)))
IMPORT_MAX_LINE_BYTES = int(os.environ.get("IMPORT_MAX_LINE_BYTES", str(10 * 1024 * 1024)))
IMPORT_MAX_RECORDS = int(os.environ.get("IMPORT_MAX_RECORDS", "100000"))

# The back office (see docs/editing.md): the largest scan an editor may upload. Files over
# it are refused with a clear message, and their bytes are not even kept on disk.
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(200 * 1024 * 1024)))
FILE_UPLOAD_HANDLERS = ["readingroom.curation.uploads.LimitedUploadHandler"]
# Form fields (not files) of one request: a long transcript with many footnotes fits.
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
LOGIN_URL = "curation:login"

# Signing in (docs/security.md, "Logins"): one limit on guessing for every way in (the
# admin's form, the back office's, API tokens), by username and by address, counted by
# django-axes in the database, so that every web process and machine shares it.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))
# Reverse proxies in front that append the client's address to X-Forwarded-For; with 0
# the address is REMOTE_ADDR, and a client's own X-Forwarded-For is never believed.
LOGIN_PROXY_COUNT = int(os.environ.get("LOGIN_PROXY_COUNT", "0"))
AUTHENTICATION_BACKENDS = [
    # First: a locked-out user or address is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # authenticate(request, token=…): the API's tokens go through the same limit.
    "readingroom.interop.api.auth.ApiTokenBackend",
]
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = "readingroom.curation.auth.lockout_parameters"
AXES_HANDLER = "readingroom.curation.auth.LoginAttempts"
# LoginAttempts forgives, on success, only the failures of that user from that address.
AXES_RESET_ON_SUCCESS = False
# While locked, attempts are refused unchecked and not recorded: the lock ends on time,
# and a guesser's requests cannot grow the tables.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "readingroom.curation.auth.lockout_response"
AXES_COOLOFF_MESSAGE = (
    "Too many failed sign-in attempts. For your safety, signing in is paused for "
    f"{LOGIN_LOCKOUT_MINUTES} minutes; please try again later."
)
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if LOGIN_PROXY_COUNT else ("REMOTE_ADDR",)
)
# django-ipware counts the proxies listed in X-Forwarded-For, which leaves out the last one
# (it is REMOTE_ADDR); not strict, so that addresses a client puts first are skipped.
AXES_IPWARE_PROXY_COUNT = LOGIN_PROXY_COUNT - 1 if LOGIN_PROXY_COUNT else None
IPWARE_STRICT = False

# --- Operations (docs/operations.md): serving, security headers, logs, metrics, replicas.

# HTTPS. Behind a proxy that ends TLS, BEHIND_HTTPS_PROXY trusts its X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_HTTPS_PROXY", False) else None
)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool(
    "SECURE_COOKIES", env_bool("BEHIND_HTTPS_PROXY", False)
)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp): nothing inline, nothing from another origin.
# Images may be data: URLs (the viewer's and Swagger UI's icons); IIIF viewers elsewhere
# fetch manifests and images with CORS, which a CSP here does not restrict.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # The one hash: an empty <style>, the marker OpenSeadragon looks for (viewer.js).
        "style-src": ["'self'", "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Logs go to standard error. LOG_FORMAT=json writes one JSON object a line (a request's
# line carries its request_id, status and duration); "plain" is for people.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain")
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT is {LOG_FORMAT!r}: it must be plain or json")
LOG_REQUESTS = env_bool("LOG_REQUESTS", True)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "readingroom.requests": {
            "level": "INFO" if LOG_REQUESTS else "WARNING",
            "handlers": ["console"],
            "propagate": False,
        },
        # A worker says which job it runs, and when the database comes back.
        "django_tasks": {"level": "INFO"},
        "django_tasks_db": {"level": "INFO"},
        "readingroom.ops": {"level": "INFO"},
    },
}

# Prometheus metrics at /metrics: for the operator's scraper, not the public. Allowed
# from METRICS_ALLOWED_IPS when the request came straight (no X-Forwarded-For: not
# through the proxy), or from anywhere with "Authorization: Bearer METRICS_TOKEN".
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", "127.0.0.1,::1")

# `readingroom serve` (gunicorn): worker processes, threads each, and a request's limit.
WEB_WORKERS = int(os.environ.get("WEB_WORKERS", "2"))
WEB_THREADS = int(os.environ.get("WEB_THREADS", "4"))
WEB_TIMEOUT = int(os.environ.get("WEB_TIMEOUT", "60"))

# Read replicas: readers' pages read from one of them; writes, the back office, the API's
# writes and a session's next requests after a POST go to the primary (ops/routers.py).
DATABASE_REPLICA_URLS = env_list("DATABASE_REPLICA_URLS", "")
for _number, _url in enumerate(DATABASE_REPLICA_URLS, start=1):
    DATABASES[f"replica{_number}"] = dj_database_url.parse(
        _url,
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
        # Tests create no database of their own for a replica: it mirrors the primary's.
        test_options={"MIRROR": "default"},
    )
DATABASE_ROUTERS = ["readingroom.ops.routers.ReplicaRouter"] if DATABASE_REPLICA_URLS else []
