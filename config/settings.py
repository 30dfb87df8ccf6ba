"""Settings for every machine: the environment decides, defaults give the embedded setup.

Embedded default (no DATABASE_URL, no REDIS_URL): SQLite, in-memory channel layer and
local-memory cache, one process. Production: PostgreSQL + Redis, DJANGO_DEBUG=0.
"""

from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_seconds_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", True)
PRODUCTION = not DEBUG

SECRET_KEY = env_str(
    "DJANGO_SECRET_KEY",
    "embedded-development-key-not-for-production-0123456789abcdefghij",
    required=PRODUCTION,
)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
if PRODUCTION and not env_list("DJANGO_ALLOWED_HOSTS", []):
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG=0 (comma-separated host names)."
    )
if "*" in ALLOWED_HOSTS:
    # A wildcard would also switch off the WebSocket origin check (SPEC §7).
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS may not contain '*'.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

SITE_NAME = env_str("SITE_NAME", "Recovery Exchange")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "core",
    "django_countries",
    "accounts",
    "forum",
    "exchange",
    "moderation",
    "voice",
    "pages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost after security, so that every response carries the policy, including
    # those a later middleware answers itself.
    "config.middleware.ContentSecurityPolicyMiddleware",
    "config.middleware.StaticFilesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After MessageMiddleware: it tells the signed-out member why (messages.error).
    "accounts.middleware.SuspendedUserMiddleware",
    # After authentication: a member's saved language wins over cookie and browser.
    "accounts.middleware.PreferredLanguageMiddleware",
    "config.middleware.RejectNullCharactersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.NotFoundMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site",
                "accounts.context_processors.notifications",
                "accounts.context_processors.guidelines",
            ],
        },
    }
]

# Database -----------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
# CONN_MAX_AGE=0 by default: under ASGI each request's sync code may run on a new
# thread, and a persistent per-thread connection would outlive it. gunicorn's sync
# workers keep theirs, on either database (config/serve.py sets DATABASE_CONN_MAX_AGE;
# docs/decisions.md): opening SQLite and setting its pragmas on every request costs a
# sixth of a list page.
CONN_MAX_AGE = env_int("DATABASE_CONN_MAX_AGE", 0)
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=CONN_MAX_AGE, conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            # Django's SQLite, its writers queued on one file lock (core/sqlite).
            "ENGINE": "core.sqlite",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                # WAL lets readers run beside the one writer; IMMEDIATE takes the
                # write lock at BEGIN so two writers queue (on the lock, then the busy
                # timeout) instead of failing with "database is locked" on upgrade.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            "CONN_MAX_AGE": CONN_MAX_AGE,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Under daphne at most this many HTTP requests per process are inside Django at once, each
# with at most one database connection; the rest wait in the event loop, and one that has
# waited HTTP_QUEUE_SECONDS is answered 503 (config/admission.py, docs/deploy.md).
HTTP_CONCURRENCY = env_int("HTTP_CONCURRENCY", 2)
HTTP_QUEUE_SECONDS = env_int("HTTP_QUEUE_SECONDS", 10)
HTTP_RETRY_AFTER_SECONDS = env_int("HTTP_RETRY_AFTER_SECONDS", 5)

# Cache and channel layer ----------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "rx",
            "OPTIONS": {"socket_timeout": 10, "socket_connect_timeout": 2},
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            # See docs/decisions.md: the pub/sub layer has no per-process pool cap.
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [{"address": REDIS_URL, "socket_timeout": 10}]},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Rendered posts and thread rows (forum.fragments). Keyed by their content, so entries
# never go stale and are never deleted, only expired. Short socket timeouts: a page
# renders afresh rather than wait on a slow Redis.
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 86_400)
if REDIS_URL:
    CACHES["fragments"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "rx-fragments",
        "TIMEOUT": FRAGMENT_CACHE_SECONDS,
        "OPTIONS": {"socket_timeout": 0.5, "socket_connect_timeout": 0.5},
    }
else:
    CACHES["fragments"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "TIMEOUT": FRAGMENT_CACHE_SECONDS,
        # A 20-post page is 20 entries of 1-4 KB: a few hundred pages per process.
        "OPTIONS": {"MAX_ENTRIES": 5_000},
    }
# Sessions (core.sessions): kept in the database, read from here. Short socket timeouts:
# a Redis that does not answer costs half a second and a database read, not a request.
if REDIS_URL:
    CACHES["sessions"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "rx-sessions",
        "OPTIONS": {"socket_timeout": 0.5, "socket_connect_timeout": 0.5},
    }
else:
    CACHES["sessions"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "sessions",
    }
# Blank form fields as Django renders them (core.templatetags.form_fields): small,
# per process, never shared.
CACHES["fields"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fields",
    "TIMEOUT": None,
    "OPTIONS": {"MAX_ENTRIES": 2_000},
}

# Auth -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 900)
SIGNUP_RATE_LIMIT = env_int("SIGNUP_RATE_LIMIT", 10)  # per client address per hour
PASSWORD_RESET_RATE_LIMIT = env_int("PASSWORD_RESET_RATE_LIMIT", 3)  # per address/hour
GUIDELINES_VERSION = "2026-11"
# Retention (docs/privacy.md; `manage.py apply_retention`, run daily by cron).
RETENTION_IP_DAYS = env_int("RETENTION_IP_DAYS", 30)
RETENTION_UNCONFIRMED_DAYS = env_int("RETENTION_UNCONFIRMED_DAYS", 14)
RETENTION_CLOSED_CHECKIN_DAYS = env_int("RETENTION_CLOSED_CHECKIN_DAYS", 180)

# Internationalisation ---------------------------------------------------------
LANGUAGE_CODE = "en"
# Named by Django's own language data (each in itself), not by msgids of ours.
LANGUAGES = [
    (code, LANG_INFO[code]["name_local"]) for code in ("en", "bs", "it", "sr-latn")
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Day-first dates, 24-hour times and local month names per language (core.dates).
FORMAT_MODULE_PATH = "config.formats"
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

# Static files -----------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "config.storage.StaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# E-mail -----------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# A stalled mail relay must not hold a request (and a daphne worker thread) for ever.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "no-reply@localhost")
# Only for the file-based backend (tests read the mails a live server sends).
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))

# Background work (docs/architecture.md): queued in the database, run by
# `manage.py db_worker`. Tests run tasks at once (tests/conftest.py).
TASKS = {
    "default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}
}
# A published post's notifications (forum.services.notify): made by the notification
# relay (`manage.py notification_relay`) when it shares the cache and the channel layer
# with the web processes (Redis), so that a reply costs its author the post and its live
# event alone; without Redis (`make run`) the relay could not reach the web process's
# cache or sockets, so they are made in the request.
POST_NOTIFICATIONS_IN_WORKER = env_bool("POST_NOTIFICATIONS_IN_WORKER", bool(REDIS_URL))
# Seconds before each new attempt of a mail whose server failed; then it is given up.
MAIL_RETRY_DELAYS = env_seconds_list("MAIL_RETRY_DELAYS", [60, 300, 1800, 7200, 21600])

# Security -----------------------------------------------------------------------
HTTPS = env_bool("DJANGO_HTTPS", PRODUCTION)
SECURE_SSL_REDIRECT = HTTPS
# The proxy and process supervisors probe each daphne directly over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_ENGINE = "core.sessions"
SESSION_CACHE_ALIAS = "sessions"
# How long a session is read from the cache before the database is asked again: the
# longest a session deleted while Redis was away can outlive its logout.
SESSION_CACHE_SECONDS = env_int("SESSION_CACHE_SECONDS", 300)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
# The base of every link in e-mails, reset links included: never the request's Host.
SITE_URL = env_str(
    "SITE_URL",
    f"https://{ALLOWED_HOSTS[0]}" if HTTPS else "http://127.0.0.1:8000",
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

# Community ----------------------------------------------------------------------
FIRST_POSTS_NEEDING_APPROVAL = env_int("FIRST_POSTS_NEEDING_APPROVAL", 2)
# Forum posting limits per member (cache-based, moderators exempt).
FORUM_THREADS_PER_HOUR = env_int("FORUM_THREADS_PER_HOUR", 5)
FORUM_REPLIES_PER_MINUTE = env_int("FORUM_REPLIES_PER_MINUTE", 6)
FORUM_REACTIONS_PER_MINUTE = env_int("FORUM_REACTIONS_PER_MINUTE", 30)
# A post flagged by this many distinct members is hidden pending review (moderators count as all).
MODERATION_AUTO_HIDE_FLAGGERS = env_int("MODERATION_AUTO_HIDE_FLAGGERS", 3)
# Phone numbers and e-mail addresses in posts wait for approval (contact swapping).
MODERATION_HOLD_CONTACT_DETAILS = env_bool("MODERATION_HOLD_CONTACT_DETAILS", True)
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "recovery-demo")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"outage": {"()": "config.log_filters.OutageWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["outage"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs each step of every render (and of its own stylesheets when
        # imported) at INFO: noise in every process's log.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
# Closed private check-ins are purged this many days after closing (apply_retention).
