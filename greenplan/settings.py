"""greenplan settings: safe development defaults, hardened when DEBUG=0.

Every setting a deployment may change is read from the environment; see README.md.
"""

import datetime
import os
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from greenplan.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me" if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG=0")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "simple_history",
    "ninja",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "core",
    "greenplan",
    "orgs",
    "accounts",
    "jobs",
    "plans",
    "reporting",
    "indicators",
    "projects",
    "documents",
    "api",
    "demo",
    "audit",
    "restructuring",
    "notifications",
    "inbox",
    "webhooks",
    "guide",
]

MIDDLEWARE = [
    # First: the request's id is bound before anything logs, and returned on every answer.
    "core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outermost of ours: every error under /api/ leaves as the API's JSON.
    "greenplan.error_pages.ApiErrorShapeMiddleware",
    # Read-only pages read from the replica, when there is one (greenplan.db_router).
    "greenplan.db_router.ReplicaReadsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads the body (CSRF, forms), after the language is known for the answer.
    "greenplan.request_limits.RequestSizeLimitMiddleware",
    "greenplan.request_limits.NulCharacterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns lockouts raised by authentication into a page.
    "axes.middleware.AxesMiddleware",
    # After authentication: accounts created by someone else change their password first.
    "accounts.middleware.PasswordChangeRequiredMiddleware",
]

ROOT_URLCONF = "greenplan.urls"
WSGI_APPLICATION = "greenplan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "greenplan" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "reporting.context_processors.pending_reports",
                "inbox.context_processors.header",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two people saving at the same moment: with SQLite's default (DEFERRED) transactions
    # both read, then the second one's write fails at once with "database is locked".
    # IMMEDIATE takes the write lock at BEGIN, so the second waits (up to SQLITE_TIMEOUT
    # seconds) and then reads what the first saved (the stale-version page, not a 500).
    # WAL lets readers (and a backup's snapshot) go on while someone writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("SQLITE_TIMEOUT", 20),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )


def _without_jit(database: Any) -> Any:
    """PostgreSQL's JIT compiles any query its planner estimates above jit_above_cost: for
    this application's short queries that is pure loss (the board's reports query, 3 ms to
    run, took ~25 ms of compiling on every view at national scale). Off for every connection
    unless POSTGRES_JIT=1."""
    if database["ENGINE"] == "django.db.backends.postgresql" and not env_bool(
        "POSTGRES_JIT", False
    ):
        options = database.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    return database


_without_jit(DATABASES["default"])
# An optional streaming replica of the primary (docs/deploy.md): the read-only pages named in
# DATABASE_REPLICA_VIEWS read from it (greenplan.db_router); every write, and every read inside
# a transaction, goes to the primary ("default").
_replica_url = env_str("DATABASE_REPLICA_URL", "")
if _replica_url:
    DATABASES["replica"] = dj_database_url.parse(
        _replica_url, conn_max_age=env_int("DB_CONN_MAX_AGE", 0)
    )
    # The test run has no replica of its own: the alias reads the test database of "default".
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    _without_jit(DATABASES["replica"])
DATABASE_ROUTERS = ["greenplan.db_router.ReplicaRouter"]
# The pages that may read a few seconds behind the primary, by URL name (fnmatch patterns),
# for GET and HEAD only: the audit trail, the API's lists, the round's board and its live part.
DATABASE_REPLICA_VIEWS = env_list(
    "DATABASE_REPLICA_VIEWS",
    ["audit:list", "api:list_*", "reporting:round", "reporting:round_live", "reporting:rounds"],
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Argon2id first (greenplan.hashers says why these parameters); the others only read hashes
# made before, which are upgraded at the next login.
PASSWORD_HASHERS = [
    "greenplan.hashers.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# One cache for all app servers when CACHE_URL names a Redis server ("redis://host:6379/0",
# Django's own Redis backend, several servers separated by commas: the first one is written),
# or for all workers of one machine when it names a folder ("file:///var/cache/greenplan"):
# the board's chart is then drawn once for everybody, not once per worker.
_cache_url = env_str("CACHE_URL", "locmem://")
if _cache_url.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": [url.strip() for url in _cache_url.split(",")],
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "greenplan"),
            # A Redis server that does not answer makes the page slow, not stuck.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
elif _cache_url.startswith("file://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": _cache_url.removeprefix("file://"),
        }
    }
elif _cache_url == "locmem://":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ValueError(
        f"CACHE_URL must be locmem://, file:///<folder> or redis://<host>:<port>/<db>, "
        f"not {_cache_url!r}"
    )
# Sessions: "db" (the default: in the database, shared by every app server), "cache" (in the
# cache alone: needs a shared cache, i.e. Redis; a Redis restart logs everybody out) or
# "cached_db" (read from the cache, written to both).
_session_store = env_str("SESSION_STORE", "db")
SESSION_ENGINE = {
    "db": "django.contrib.sessions.backends.db",
    "cache": "django.contrib.sessions.backends.cache",
    "cached_db": "django.contrib.sessions.backends.cached_db",
}.get(_session_store, "")
if not SESSION_ENGINE:
    raise ValueError(f"SESSION_STORE must be db, cache or cached_db, not {_session_store!r}")
if _session_store == "cache" and _cache_url == "locmem://":
    raise ValueError(
        "SESSION_STORE=cache keeps sessions in each worker's memory: set CACHE_URL=redis://..."
    )
# The completeness board's chart is drawn again when its figures change, but at most once in
# this many seconds (on deadline day they change with every report that arrives).
BOARD_CHART_MAX_AGE = env_int("BOARD_CHART_MAX_AGE", 15)

CSRF_FAILURE_VIEW = "greenplan.error_pages.csrf_failure"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # throttles failed logins before checking them
    "django.contrib.auth.backends.ModelBackend",
]
# Failed-login throttling (django-axes): 5 failures for one username from one address lock
# that pair out for 15 minutes; a success resets the count.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0)
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = env_str("TIME_ZONE", "Asia/Ho_Chi_Minh")
FORMAT_MODULE_PATH = ["core.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
# Uploaded and generated files: on a folder (MEDIA_ROOT, shared by the app servers and the
# workers, e.g. over NFS) by default, or in S3-compatible object storage (STORAGE_BACKEND=s3,
# django-storages) with the AWS_* settings below. Both write a file whole or not at all, with a
# clear message when it cannot be stored (core/storage.py).
STORAGE_BACKEND = env_str("STORAGE_BACKEND", "file")
if STORAGE_BACKEND == "file":
    _default_storage: dict[str, object] = {"BACKEND": "core.storage.MediaStorage"}
elif STORAGE_BACKEND == "s3":
    if not env_str("AWS_STORAGE_BUCKET_NAME", ""):
        raise ValueError("STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME")
    _default_storage = {
        "BACKEND": "core.object_storage.ObjectStorage",
        "OPTIONS": {
            "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME", ""),
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL", "") or None,  # unset: AWS itself
            "region_name": env_str("AWS_S3_REGION_NAME", "") or None,
            "access_key": env_str("AWS_ACCESS_KEY_ID", "") or None,  # unset: boto3's chain
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY", "") or None,
            "location": env_str("AWS_LOCATION", ""),  # a prefix inside the bucket
            # Files are private and served only by the permission-checked views, never by a
            # link to the bucket; a name already taken gets a new one, never overwrites.
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
            "addressing_style": env_str("AWS_S3_ADDRESSING_STYLE", "") or None,
        },
    }
else:
    raise ValueError(f"STORAGE_BACKEND must be file or s3, not {STORAGE_BACKEND!r}")
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Background work (Django's Tasks API, the django-tasks backport until Django 6). The default
# backend keeps the queue in the database (SQLite for `make run`, PostgreSQL with any number
# of workers on any number of machines: `manage.py run_worker`); TASKS_BACKEND names another
# one, e.g. "django_tasks_rq.RQBackend" (package django-tasks-rq, queues on Redis, workers
# `manage.py rqworker`) for large deployments. Tests use the immediate backend (conftest.py).
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# The worker's schedule (greenplan/schedule.py): reminders once a day at this local hour,
# the look for builds whose worker died every this many seconds.
REMINDERS_HOUR = env_int("REMINDERS_HOUR", 7)
STALLED_BUILDS_EVERY = env_int("STALLED_BUILDS_EVERY", 60)

# A consolidated report's build that has not reported progress for this many seconds died
# with its worker: it is queued again, up to DOCUMENTS_BUILD_ATTEMPTS attempts in all, then
# marked failed with the reason (the coordinator may try again).
DOCUMENTS_BUILD_TIMEOUT = env_int("DOCUMENTS_BUILD_TIMEOUT", 600)
DOCUMENTS_BUILD_ATTEMPTS = env_int("DOCUMENTS_BUILD_ATTEMPTS", 3)
# Large files are applied by a task of the queue (jobs: one job model and task for every
# kind): the upload is stored, the request answers at once with a page that shows the job's
# progress. A plan file of more rows than PLAN_IMPORT_BACKGROUND_ROWS; the apply step of a
# restructuring file of more changes than RESTRUCTURING_BACKGROUND_ROWS (its preview is still
# shown in the request); an agency workbook of a report of more lines than
# AGENCY_WORKBOOK_BACKGROUND_ROWS.
PLAN_IMPORT_BACKGROUND_ROWS = env_int("PLAN_IMPORT_BACKGROUND_ROWS", 2000)
RESTRUCTURING_BACKGROUND_ROWS = env_int("RESTRUCTURING_BACKGROUND_ROWS", 200)
AGENCY_WORKBOOK_BACKGROUND_ROWS = env_int("AGENCY_WORKBOOK_BACKGROUND_ROWS", 500)
# A job that has not reported progress for IMPORT_JOB_TIMEOUT seconds died with its worker
# and is queued again, up to IMPORT_JOB_ATTEMPTS attempts in all (a job writes in one
# transaction: a dead attempt left nothing behind), then marked failed with "try again".
# PLAN_IMPORT_TIMEOUT / PLAN_IMPORT_ATTEMPTS are their former names, still read.
IMPORT_JOB_TIMEOUT = env_int("IMPORT_JOB_TIMEOUT", env_int("PLAN_IMPORT_TIMEOUT", 600))
IMPORT_JOB_ATTEMPTS = env_int("IMPORT_JOB_ATTEMPTS", env_int("PLAN_IMPORT_ATTEMPTS", 3))

# Backups started from the site (/backups/, a task of the queue) are written here: a folder
# every worker can write and that is itself backed up elsewhere (not inside MEDIA_ROOT).
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(BASE_DIR / "backups")))

UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# A request larger than the largest upload plus this margin (other fields, multipart framing)
# is refused by its Content-Length before it is read (greenplan.request_limits).
REQUEST_BODY_MARGIN = env_int("REQUEST_BODY_MARGIN", 1024 * 1024)
# Bodies that are not files (form fields, API JSON) are held in memory: a few MB at most.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)
# Uploaded files above this size are streamed to a temporary file, not held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
# Fields of one form post. Django's 1,000 refused (400) the draft of any report over 71 lines
# (14 fields a line): an agency of the national-scale data has 123. The bytes posted stay
# limited by DATA_UPLOAD_MAX_MEMORY_SIZE.
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("DATA_UPLOAD_MAX_NUMBER_FIELDS", 20_000)

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "greenplan@localhost")
# The site's address, for the links in notification emails (no trailing slash).
SITE_URL = env_str("SITE_URL", "http://localhost:8000").rstrip("/")
# A password reset link works this long (Django's default is three days).
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 24 * 3600)

# Reporting reminders (manage.py send_reminders, daily): days before / after the deadline.
REMINDER_DAYS_BEFORE = [int(d) for d in env_list("REMINDER_DAYS_BEFORE", ["14", "7", "1"])]
REMINDER_DAYS_AFTER = [int(d) for d in env_list("REMINDER_DAYS_AFTER", ["1", "7"])]

# Consolidated reports (documents app): build the Word, Excel and PDF files in a task of the
# queue after the response (off: within the request), and the LibreOffice program that
# turns the Word file into PDF: unset looks for soffice / libreoffice on the PATH, empty means
# no PDF.
DOCUMENTS_BUILD_IN_BACKGROUND = env_bool("DOCUMENTS_BUILD_IN_BACKGROUND", True)
DOCUMENTS_SOFFICE: str | None = os.environ.get("DOCUMENTS_SOFFICE")

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-free meta tag instead

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # The balancer probes the app servers over plain HTTP (greenplan/health.py).
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

# Content-Security-Policy (django-csp): only our own scripts, plus inline ones carrying the
# per-request nonce (`<script nonce="{{ request.csp_nonce }}">`); htmx adds inline styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The history is read on the audit page and in the admin, never rewritten from either.
SIMPLE_HISTORY_REVERT_DISABLED = True

SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", False)

# Logs on the console (the process manager collects them): plain text, or one JSON object a line
# with LOG_FORMAT=json (core.logs.JsonFormatter). Either way every line carries the id of the
# request it belongs to (X-Request-ID, returned in the answer), also in the tasks it started.
LOG_FORMAT = env_str("LOG_FORMAT", "text")
if LOG_FORMAT not in ("text", "json"):
    raise ValueError(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.logs.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
