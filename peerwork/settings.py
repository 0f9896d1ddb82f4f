"""Peerwork settings: one module, read strictly from the environment.

Per-organisation policy (currency, time zone, thresholds, retention...) lives in the
database, not here. Secrets may be given directly or through a ``*_FILE`` variable that
names a file holding them (Docker/Kubernetes secrets).
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("PEERWORK_VAR_DIR", PROJECT_DIR / "var"))

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env(name: str, default: str | None = None) -> str | None:
    """Read ``NAME`` or the contents of the file named by ``NAME_FILE``."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(
                f"{name}_FILE points at {file_name!r}, which cannot be read: {exc}"
            ) from exc
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from exc


# --- mode -----------------------------------------------------------------------------
# PEERWORK_MODE=production switches on every safety net; development is the default so
# that `make demo` works on a fresh machine with no configuration at all.
MODE = (os.environ.get("PEERWORK_MODE") or "development").strip().lower()
if MODE not in {"development", "production", "test"}:
    raise ImproperlyConfigured(f"PEERWORK_MODE must be development, production or test, not {MODE!r}.")
PRODUCTION = MODE == "production"
DEBUG = env_bool("DEBUG", default=MODE == "development")

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. In production, set SECRET_KEY (or SECRET_KEY_FILE) to a long "
            "random value, for example the output of: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = "development-only-key-not-for-production-use-0123456789abcdefghijklmnop"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# --- applications -----------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves Swagger UI from static files, not a CDN (strict CSP)
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "django_rq",  # the rqworker command, when TASKS_BACKEND is django_tasks_rq.RQBackend
    "django_tasks_rq",
    "peerwork.core",
    "peerwork.orgs",
    "peerwork.audit",
    "peerwork.accounts",
    "peerwork.peers",
    "peerwork.pathway",
    "peerwork.training",
    "peerwork.participation",
    "peerwork.shifts",
    "peerwork.pay",
    "peerwork.services",
    "peerwork.assessments",
    "peerwork.growth",
    "peerwork.casework",
    "peerwork.invoicing",
    "peerwork.support",
    "peerwork.voice",
    "peerwork.insights",
    "peerwork.planner",
    "peerwork.privacy",
    "peerwork.workrecord",
    "peerwork.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "peerwork.accounts.middleware.NoStoreMiddleware",
    # Before the timeout middleware, which tells the person why they were signed out.
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "peerwork.accounts.middleware.SessionTimeoutMiddleware",
    "peerwork.accounts.middleware.OrganisationMiddleware",
    "peerwork.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "peerwork.urls"
WSGI_APPLICATION = "peerwork.wsgi.application"
ASGI_APPLICATION = "peerwork.asgi.application"

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
                "csp.context_processors.nonce",
                "peerwork.core.context_processors.navigation",
                "peerwork.services.context_processors.offline_queue",
            ],
        },
    },
]

# --- database -----------------------------------------------------------------------------
_default_db = f"sqlite:///{VAR_DIR / 'peerwork.sqlite3'}"
_database_url = env("DATABASE_URL") or _default_db
try:
    _db = dj_database_url.parse(_database_url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
except Exception as exc:  # dj_database_url raises several types for malformed URLs
    raise ImproperlyConfigured(
        f"DATABASE_URL is not a database address Peerwork understands ({exc}). "
        "Use postgres://user:password@host:5432/name or sqlite:////absolute/path.sqlite3"
    ) from exc
if not _db.get("ENGINE"):
    raise ImproperlyConfigured("DATABASE_URL names no database engine; use postgres:// or sqlite://.")
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["CONN_MAX_AGE"] = 0
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    if _db.get("NAME") and _db["NAME"] != ":memory:":
        Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
else:
    _db["CONN_HEALTH_CHECKS"] = True
# Parallel test runs (helpers, CI) against one PostgreSQL server need their own test DB.
_test_suffix = os.environ.get("PEERWORK_TEST_DB_SUFFIX", "")
if _test_suffix:
    _db["TEST"] = {"NAME": f"test_peerwork_{_test_suffix}"}
DATABASES = {"default": _db}
_replica_url = env("DATABASE_REPLICA_URL")
if _replica_url:
    DATABASES["replica"] = dj_database_url.parse(_replica_url, conn_max_age=60)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["peerwork.core.db_router.ReportReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:sign_in"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
if MODE == "test":
    # Fast hashing keeps the suite quick; production hashing is PBKDF2 above.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
# Staff sessions: 30 minutes idle, 12 hours absolute (enforced by SessionTimeoutMiddleware).
PEERWORK_IDLE_TIMEOUT_SECONDS = env_int("PEERWORK_IDLE_TIMEOUT_SECONDS", 30 * 60)
PEERWORK_ABSOLUTE_TIMEOUT_SECONDS = env_int("PEERWORK_ABSOLUTE_TIMEOUT_SECONDS", 12 * 60 * 60)
# Kiosk peer sessions are shorter: a shared device must not stay signed in.
PEERWORK_KIOSK_IDLE_TIMEOUT_SECONDS = env_int("PEERWORK_KIOSK_IDLE_TIMEOUT_SECONDS", 5 * 60)
SESSION_COOKIE_AGE = PEERWORK_ABSOLUTE_TIMEOUT_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
OTP_TOTP_ISSUER = "Peerwork"
# Lockout: 5 failures within 15 minutes, per account and per address.
PEERWORK_LOCKOUT_ATTEMPTS = env_int("PEERWORK_LOCKOUT_ATTEMPTS", 5)
PEERWORK_LOCKOUT_WINDOW_SECONDS = env_int("PEERWORK_LOCKOUT_WINDOW_SECONDS", 15 * 60)
# Reverse proxies (addresses or networks, comma-separated) whose X-Forwarded-For is believed:
# behind them, lockouts and the audit trail count the client's address, not the proxy's.
# Empty (the default): REMOTE_ADDR is the client. See docs/deploy.md.
PEERWORK_TRUSTED_PROXIES = env_list("PEERWORK_TRUSTED_PROXIES")
for _proxy in PEERWORK_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"PEERWORK_TRUSTED_PROXIES holds {_proxy!r}, which is not an address or a network "
            "such as 10.0.0.5 or 10.0.0.0/24."
        ) from exc
PEERWORK_KIOSK_COOKIE = "peerwork_kiosk"
PEERWORK_KIOSK_COOKIE_MAX_AGE = 5 * 365 * 24 * 60 * 60

# --- security headers -------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from a meta tag, not the cookie
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "worker-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- languages, time ------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("nb", _("Norwegian Bokmål")),
    ("de", _("German")),
    ("nl", _("Dutch")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_COOKIE_NAME = "peerwork_language"

# --- static files -----------------------------------------------------------------------------
STATIC_URL = "/static/"
# The project's own CSS and JS live in peerwork/static (not inside an app).
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT") or PROJECT_DIR / "staticfiles")
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": VAR_DIR / "media"},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- messages: e-mail and SMS -------------------------------------------------------------------
# Development writes e-mail and SMS to files under var/outbox so that nothing leaves the machine.
OUTBOX_DIR = VAR_DIR / "outbox"
EMAIL_BACKEND = env("EMAIL_BACKEND") or "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = OUTBOX_DIR / "email"
EMAIL_HOST = env("EMAIL_HOST", "localhost") or "localhost"
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "") or ""
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "peerwork@localhost") or "peerwork@localhost"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SMS_BACKEND = env("SMS_BACKEND") or "peerwork.core.sms.FileSMSBackend"
SMS_FILE_PATH = OUTBOX_DIR / "sms"
SMS_SIMULATOR = MODE == "development"  # the development SMS simulator page (shifts:sms_simulator)
TWILIO_ACCOUNT_SID = env("TWILIO_ACCOUNT_SID", "")
TWILIO_AUTH_TOKEN = env("TWILIO_AUTH_TOKEN", "")
TWILIO_FROM_NUMBER = env("TWILIO_FROM_NUMBER", "")
# The organisation (its slug) whose coordinators read texts from numbers no peer has; empty: the
# deployment's only organisation, if it has one. On a shared deployment without it, such texts are
# kept but shown to no organisation, since one number serves them all.
SMS_INBOX_ORGANISATION = env("SMS_INBOX_ORGANISATION", "")
# Where Twilio reports delivery (sent, delivered, failed): https://<host>/shifts/sms/status/; empty: none.
TWILIO_STATUS_CALLBACK_URL = env("TWILIO_STATUS_CALLBACK_URL", "")

# --- background tasks -----------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND")
        or (
            "django_tasks.backends.immediate.ImmediateBackend"
            if MODE == "test"
            else "django_tasks_db.DatabaseBackend"
        ),
    }
}
# RQ on Redis (TASKS_BACKEND=django_tasks_rq.RQBackend, docs/deploy.md): workers run
# `peerwork rqworker --with-scheduler`. A job whose worker died is run again (peerwork/core/rq.py);
# the tasks are written so that running twice changes nothing the second time.
RQ_QUEUES = {
    "default": {
        "URL": REDIS_URL or "redis://127.0.0.1:6379/0",
        "DEFAULT_TIMEOUT": 3600,  # a regional rollup rebuild or a large import, not a stuck job
    }
}
RQ = {
    "COMMIT_MODE": "auto",  # tasks are queued with transaction.on_commit already
    "JOB_CLASS": "django_tasks_rq.Job",
    "QUEUE_CLASS": "peerwork.core.rq.Queue",
    "WORKER_CLASS": "peerwork.core.rq.Worker",
}
PEERWORK_RQ_HEARTBEAT_SECONDS = int(env("RQ_HEARTBEAT_SECONDS", "10") or 10)
PEERWORK_RQ_MAINTENANCE_SECONDS = int(env("RQ_MAINTENANCE_SECONDS", "30") or 30)

# Rollups follow the writes (insights/follow.py): a saved service, attendance, payout or debrief queues
# a refresh of the days it changed. Off in the test suite, whose tests of it switch it on.
PEERWORK_ROLLUPS_FOLLOW_WRITES = env_bool("ROLLUPS_FOLLOW_WRITES", MODE != "test")

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "peerwork"}
    )
}

# --- logging ---------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "peerwork": {"level": os.environ.get("LOG_LEVEL", "INFO"), "propagate": True},
    },
}

# Django's deploy check asks for these only in production; leaving them unset elsewhere
# keeps `make demo` on plain http://127.0.0.1.
SILENCED_SYSTEM_CHECKS: list[str] = []
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # Covering indexes (INCLUDE) speed up PostgreSQL; SQLite simply builds the plain index.
    SILENCED_SYSTEM_CHECKS.append("models.W040")
