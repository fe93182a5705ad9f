"""Kommunenettverk settings: one file, every deployment difference comes from the environment.

Every variable is listed with a comment in .env.example at the project root.
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from kommunenettverk.config.env import (
    env_bool,
    env_int,
    env_list,
    env_oidc_providers,
    env_secret,
    env_str,
)

django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent.parent

DEBUG = env_bool("DEBUG", True)
TESTING = "pytest" in sys.modules

_secret = env_secret("SECRET_KEY")
if _secret is None:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off; "
            "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    _secret = "insecure-development-key-only-for-debug"  # noqa: S105 - never used with DEBUG off
SECRET_KEY: str = _secret

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "django_htmx",
    "template_partials",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "kommunenettverk.core",
    "kommunenettverk.registry",
    "kommunenettverk.accounts",
    "kommunenettverk.notifications",
    "kommunenettverk.programmes",
    "kommunenettverk.networks",
    "kommunenettverk.plans",
    "kommunenettverk.indicators",
    "kommunenettverk.ideabank",
    "kommunenettverk.discussions",
    "kommunenettverk.community",
    "kommunenettverk.policy",
    # Migrations-only shell: keeps the migrations of the app that was split into community
    # and policy in the graph (see its __init__).
    "kommunenettverk.dialogue",
    "kommunenettverk.reports",
    "kommunenettverk.api",
    "ninja",
    "kommunenettverk.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kommunenettverk.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kommunenettverk.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into the lock-out page
]

ROOT_URLCONF = "kommunenettverk.config.urls"
WSGI_APPLICATION = "kommunenettverk.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kommunenettverk.web.context_processors.site",
                "kommunenettverk.community.context_processors.signed_in_citizen",
            ],
            # {% tableregion %} in every template: wide tables scroll in a focusable region.
            "builtins": ["kommunenettverk.core.templatetags.table_region"],
        },
    }
]

# SQLite file in var/ by default (embedded, zero set-up); PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'kommunenettverk.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out login before any password is checked. It has no get_user(),
    # so the test client's force_login() skips it and keeps working.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:tasks"  # "Mine oppgaver"; a safe ?next= wins
LOGOUT_REDIRECT_URL = "web:home"
# How long the link in an invitation to a new role holder works (accounts.Invitation).
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14)
# Sign-in with the organisation's identity provider (OpenID Connect: Entra ID, ID-porten), next
# to email and password; off while the list is empty. A JSON list in OIDC_PROVIDERS, secrets in
# OIDC_<NAME>_CLIENT_SECRET (config/env.py, docs/deployment.md). Sign-ins started per client
# address and hour are limited (core.ratelimit).
OIDC_PROVIDERS = env_oidc_providers("OIDC_PROVIDERS")
OIDC_SIGNINS_PER_IP_PER_HOUR = env_int("OIDC_SIGNINS_PER_IP_PER_HOUR", 60)
# Seconds to wait for the identity provider (discovery, token, keys) before giving up.
OIDC_TIMEOUT_SECONDS = env_int("OIDC_TIMEOUT_SECONDS", 10)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norsk bokmål")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static_build"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"

# In development mail goes to one file per connection in var/mail/ (never to the terminal,
# never to a mail server); in production to the SMTP server below.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = Path(env_str("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail")))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Kommunenettverk <ikke-svar@kommunenettverk.no>")

# Background work (docs/deployment.md, "Task workers"): Django's Tasks API through the
# django-tasks backport. The queue is a table in the site's own database (django-tasks-db):
# on SQLite nothing else runs; on PostgreSQL any number of `manage.py worker` processes share
# it. The test suite runs each task at once (the immediate backend) unless a test asks for the
# database queue; TASKS_BACKEND=immediate does the same outside tests (no worker needed).
TASKS_BACKEND = env_str("TASKS_BACKEND", "immediate" if TESTING else "database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, not {TASKS_BACKEND!r}"
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}
# A running job (import, report, email) whose worker has written no sign of life for this many
# seconds is taken to be dead: it is queued again, or failed with that reason after
# TASK_MAX_ATTEMPTS tries. Each worker looks for such jobs when it starts and every
# TASK_SWEEP_SECONDS; a job's own page looks too (core.jobs).
TASK_STALE_SECONDS = env_int("TASK_STALE_SECONDS", 120)
TASK_SWEEP_SECONDS = env_int("TASK_SWEEP_SECONDS", 30)
TASK_MAX_ATTEMPTS = env_int("TASK_MAX_ATTEMPTS", 2)
# The workers also queue the daily and weekly tasks (digests, reminders, outbox pruning:
# core.schedule) when they are due, once per period however many workers run. Switch it off
# to run the management commands from cron instead (docs/operations.md). Off in the test
# suite, so that a test's worker runs only what the test queued (test_schedule turns it on).
TASK_SCHEDULE_ENABLED = env_bool("TASK_SCHEDULE_ENABLED", not TESTING)
# The email outbox (notifications): a failed delivery is tried again after
# EMAIL_RETRY_SECONDS, doubling each time (at most an hour apart), EMAIL_MAX_ATTEMPTS times in
# all; then the message is marked failed with the server's answer.
EMAIL_RETRY_SECONDS = env_int("EMAIL_RETRY_SECONDS", 30)
EMAIL_MAX_ATTEMPTS = env_int("EMAIL_MAX_ATTEMPTS", 8)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
# Mail sent (or failed) more than this many days ago loses its address, text and attachments
# (notifications.services.messages_prune, queued daily by the workers: core.schedule).
OUTBOX_RETENTION_DAYS = env_int("OUTBOX_RETENTION_DAYS", 90)
# Replies by email (notifications.inbound; docs/architecture.md, "Replies by email"): a notice
# about an object whose app takes replies carries `Reply-To: svar+<signed token>@REPLY_DOMAIN`;
# the mail server for that domain hands the replies to `manage.py mail_receive` (an LMTP
# listener on REPLY_LMTP_HOST:REPLY_LMTP_PORT, docs/deployment.md). Empty REPLY_DOMAIN: no
# Reply-To, and the listener does not start. A reply address is valid REPLY_MAX_AGE_DAYS after
# it was sent; a delivered message may be REPLY_MAX_MESSAGE_BYTES, its reply text
# REPLY_MAX_TEXT_CHARS.
REPLY_DOMAIN = env_str("REPLY_DOMAIN", "").strip().lower()
REPLY_MAX_AGE_DAYS = env_int("REPLY_MAX_AGE_DAYS", 90)
REPLY_LMTP_HOST = env_str("REPLY_LMTP_HOST", "127.0.0.1")
REPLY_LMTP_PORT = env_int("REPLY_LMTP_PORT", 8024)
REPLY_MAX_MESSAGE_BYTES = env_int("REPLY_MAX_MESSAGE_BYTES", 10 * 1024 * 1024)
REPLY_MAX_TEXT_CHARS = env_int("REPLY_MAX_TEXT_CHARS", 10_000)

# Security: strict by default in production (DEBUG off).
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
LANGUAGE_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)  # follows the session
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many of our own proxies append to X-Forwarded-For (core.client); 0 without a proxy.
TRUSTED_PROXY_COUNT = (
    env_int("TRUSTED_PROXY_COUNT", env_int("AXES_PROXY_COUNT", 1))
    if env_bool("BEHIND_TLS_PROXY", False)
    else 0
)
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "kommunenettverk.web.views.csrf_failure"

# Login rate limiting (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one e-mail
# address from one IP address, that pair is locked for AXES_COOLOFF_MINUTES; a successful
# login resets the count. See docs/security.md.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Failed attempts are rows in the database (the default handler, named here on purpose): every
# web worker on every machine shares them without Redis, they outlive a Redis restart (a cache
# flush would unlock an attacker) and staff see them in the admin (docs/deployment.md).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "kommunenettverk.accounts.lockout.login_username"
AXES_LOCKOUT_CALLABLE = "kommunenettverk.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_SENSITIVE_PARAMETERS = ["password"]
# Every limit reads the client's address through core.client.client_ip, which trusts
# X-Forwarded-For only behind our own proxies (TRUSTED_PROXY_COUNT of them).
AXES_CLIENT_IP_CALLABLE = "kommunenettverk.core.client.client_ip"

# The cache: the public page cache (core.cache) and API throttling (django-ninja) keep their
# state here. Without CACHE_URL it is each process's own memory (embedded, nothing to run; right
# for one process). With several gunicorn workers or machines set CACHE_URL=redis://host:6379/0
# so every process shares one cache: one API limit for all, a change seen by every worker.
CACHE_URL = env_str("CACHE_URL", "")
CACHES: dict[str, dict[str, object]]
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "kn"),
            # A Redis that is down or unreachable must not hang web workers (core.cache then
            # renders pages without the cache).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
elif CACHE_URL in ("", "locmem://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured(
        f"CACHE_URL must be redis://host:port/db, rediss://…, unix://… or empty, not {CACHE_URL!r}"
    )

# Results kept until the tables they were read from change (core.dataversion), e.g. the task
# list behind the "Mine oppgaver" count on every signed-in page. Only with a cache shared by
# every process: with per-process memory a worker would not see another worker's writes.
DATA_VERSION_CACHE = env_bool("DATA_VERSION_CACHE", bool(CACHE_URL))

# Public pages seen by anonymous visitors are kept this many seconds (core.cache); 0 turns the
# page cache off. Off in the test suite, where tests change data behind the services' back.
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 0 if TESTING else 60)

# Uploaded files (core.uploads): largest accepted file in megabytes, for every upload. Files
# past it are counted but never kept (core.uploads.LimitedUploadHandler), and raw request
# bodies (the API's CSV and JSON-stat uploads) have the same limit.
UPLOAD_MAX_MB = env_int("UPLOAD_MAX_MB", 20)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_MB * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "kommunenettverk.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# XLSX imports (indicators.tabular): an XLSX file is a zip archive, so its unpacked size, rows
# per sheet and columns are capped before and while it is read.
XLSX_MAX_UNPACKED_MB = env_int("XLSX_MAX_UNPACKED_MB", 60)
XLSX_MAX_ROWS = env_int("XLSX_MAX_ROWS", 200_000)
XLSX_MAX_COLUMNS = env_int("XLSX_MAX_COLUMNS", 100)

# Fair comparisons of indicators (docs/architecture.md, "Fair comparisons"): the catalogue code
# of the population series that turns totals into values per inhabitant; the share of today's
# municipalities that must have a value before the national page shows a national figure for
# a year (percent); below how many a municipality's total counts as a small number.
INDICATORS_POPULATION_CODE = env_str("INDICATORS_POPULATION_CODE", "folkemengde")
INDICATORS_NATIONAL_MIN_COVERAGE_PCT = env_int("INDICATORS_NATIONAL_MIN_COVERAGE_PCT", 80)
INDICATORS_SMALL_NUMBER = env_int("INDICATORS_SMALL_NUMBER", 10)

# API rate limits per client (django-ninja throttling; "N/s", "N/m", "N/h" or "N/d").
API_RATE_ANONYMOUS = env_str("API_RATE_ANONYMOUS", "10000/h" if TESTING else "120/m")
API_RATE_AUTHENTICATED = env_str("API_RATE_AUTHENTICATED", "10000/h" if TESTING else "300/m")

# Limits per hour on mails anyone can ask for (core.ratelimit, counted in the shared cache):
# password reset links per email address and per client address, citizen sign-in links per
# client address (the per-address limit is community's MAX_LOGIN_LINKS_PER_EMAIL_PER_HOUR).
PASSWORD_RESET_PER_ADDRESS_PER_HOUR = env_int("PASSWORD_RESET_PER_ADDRESS_PER_HOUR", 3)
PASSWORD_RESET_PER_IP_PER_HOUR = env_int("PASSWORD_RESET_PER_IP_PER_HOUR", 10)
CITIZEN_LOGIN_LINKS_PER_IP_PER_HOUR = env_int("CITIZEN_LOGIN_LINKS_PER_IP_PER_HOUR", 20)

# Where the KLASS API lives (registry sync); overridable for a mirror.
KLASS_API_URL = env_str("KLASS_API_URL", "https://data.ssb.no/api/klass/v1")
# SSB's statistics bank API (indicators: manage.py import_ssb); overridable for a mirror.
SSB_PXWEBAPI_URL = env_str("SSB_PXWEBAPI_URL", "https://data.ssb.no/api/pxwebapi/v2")
# `manage.py fetch_indicators` downloads the files FHI, Miljødirektoratet and others publish
# from the address in each import recipe. When set, the address's host is replaced by this
# base URL (the path is kept): a local mirror for a site without internet access, or recorded
# files in the tests.
PUBLISHED_FILES_MIRROR = env_str("PUBLISHED_FILES_MIRROR", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Lock-outs are warnings; every successful login at INFO would drown the log.
        "axes": {"level": env_str("AXES_LOG_LEVEL", "WARNING")},
    },
}
