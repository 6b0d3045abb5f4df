"""Settings for Deepfake Literacy Lab.

One env-driven module. The defaults make `runserver` work on SQLite with no
set-up; production differs only through environment variables (see README).
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: str) -> int:
    return int(os.environ.get(name, default))


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DJANGO_DEBUG", "true")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (production).")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS", "")
SITE_NAME = "Deepfake Literacy Lab"
# Adds /bench/trivial (the throughput ceiling) for `make bench`; off otherwise.
BENCH_ENDPOINTS = envbool("DLL_BENCH_ENDPOINTS", "false")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    # The project's apps, bottom layer first (the import contracts in
    # .importlinter enforce the order; docs/architecture.md explains it).
    "shared",
    "accounts",
    "literacy",
    "quizzes",
    "investigations",
    "classrooms",
    "learners",
    "config",
]
if BENCH_ENDPOINTS:
    INSTALLED_APPS.append("bench")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files get X-Frame-Options too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Cache-Control: private, no-store on every response that may show private
    # data (shared/caching.py); outside the session middleware, so it sees the
    # session cookie a response sets, and after WhiteNoise, so static files keep theirs.
    "shared.caching.PrivateNoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "shared.htmx.HtmxLoginRedirectMiddleware",
    # A one-time password is replaced before any other page (accounts/middleware.py).
    "accounts.middleware.PasswordChangeRequiredMiddleware",
    # Last, as django-axes asks: it turns a lockout into our 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site",
            ],
            "builtins": ["shared.templatetags.lab"],
        },
    },
]

# Database: SQLite by default, tuned so a classroom of writers does not hit
# "database is locked": WAL lets readers run beside the writer, IMMEDIATE takes
# the write lock at BEGIN (no deadlock on lock upgrade), and the timeout makes a
# writer wait its turn instead of failing.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=envint("DJANGO_CONN_MAX_AGE", "60"), conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("DJANGO_SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            # Keep each worker's connection: opening one and running the
            # PRAGMAs below costs more than most of our queries.
            "CONN_MAX_AGE": envint("DJANGO_CONN_MAX_AGE", "600"),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA busy_timeout=20000;"
                    "PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# accounts/hashers.py says why: a login costs about 0.04 s of CPU, not 0.5 s.
PASSWORD_HASHERS = [
    "accounts.hashers.SchoolArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "learners:dashboard"
LOGOUT_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# The lessons' model outputs (made by contentgen) are served as static files.
if (BASE_DIR / "content" / "lesson-assets").is_dir():
    STATICFILES_DIRS.append(("lesson-assets", BASE_DIR / "content" / "lesson-assets"))
# Uploaded originals and generated derivatives. Originals stay private (never
# under a URL); derivatives are served by the app through opaque tokens.
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"
CONTENT_DIR = BASE_DIR / "content"

# Media storage: the local folder above by default (one server), or an
# S3-compatible bucket when DLL_S3_BUCKET is set (several servers share it;
# docs/deploying.md). The bucket stays private: the app streams what learners
# see (literacy/storage.py says why), so no URL into it is ever handed out.
S3_BUCKET = os.environ.get("DLL_S3_BUCKET", "")
S3_ENDPOINT = os.environ.get("DLL_S3_ENDPOINT_URL", "")
if S3_BUCKET:
    # Imported only here: a server on local media never loads boto.
    from botocore.config import Config as S3ClientConfig

    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": S3_ENDPOINT or None,
            "region_name": os.environ.get("DLL_S3_REGION") or None,
            "access_key": os.environ.get("DLL_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("DLL_S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("DLL_S3_PREFIX", ""),
            # Objects are written without an ACL, so they take the bucket's
            # (private); any URL the storage makes is signed and short-lived.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 300,
            # Every stored name is a fresh 144-bit token: no name is ever
            # reused, so skip the HEAD request that would check for one.
            "file_overwrite": True,
            # Fail in seconds, not minutes, when the store is down: an upload
            # then gets a clear message and a media request a 503.
            "client_config": S3ClientConfig(
                connect_timeout=envint("DLL_S3_CONNECT_TIMEOUT", "3"),
                read_timeout=envint("DLL_S3_READ_TIMEOUT", "20"),
                retries={"max_attempts": 3, "mode": "standard"},
                # Path-style addresses (endpoint/bucket/key) work with every
                # S3-compatible store behind a plain host name; AWS picks its own.
                s3={
                    "addressing_style": os.environ.get(
                        "DLL_S3_ADDRESSING_STYLE", "path" if S3_ENDPOINT else "auto"
                    )
                },
            ),
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Security headers. Django's own CSP, enforced, nonce-based, with no
# 'unsafe-inline' anywhere: every script and style is a static file.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "media-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# htmx sends the token from the page (hx-headers on <body>), so no script
# needs to read the CSRF cookie.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = envint("DJANGO_SESSION_AGE", str(60 * 60 * 24 * 60))
SESSION_ENGINE = "django.contrib.sessions.backends.db"

if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("DJANGO_SSL_REDIRECT", "true")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Off only for loopback benchmarks and audits over plain HTTP.
    SESSION_COOKIE_SECURE = envbool("DJANGO_SECURE_COOKIES", "true")
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("DJANGO_HSTS_SUBDOMAINS", "true")
    SECURE_HSTS_PRELOAD = envbool("DJANGO_HSTS_PRELOAD", "true")

# Email (Django 6.1 MAILERS): the console in development, SMTP by settings in
# production.
EMAIL_BACKEND_NAME = os.environ.get("DJANGO_EMAIL_BACKEND", "console" if DEBUG else "smtp")
if EMAIL_BACKEND_NAME == "smtp":
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
                "port": envint("DJANGO_EMAIL_PORT", "587"),
                "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
                "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
                "use_tls": envbool("DJANGO_EMAIL_USE_TLS", "true"),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "noreply@localhost")

# Media pipeline limits (uploads and imports).
# Leave out examples whose lineage has a non-commercial link (StyleGAN2 faces,
# DigiFace-1M): for deployments that are, or may be, commercial. See README.
EXCLUDE_NONCOMMERCIAL = envbool("DLL_EXCLUDE_NONCOMMERCIAL", "false")
# Widths of the WebP renditions made for each use (the test settings use small ones).
RENDITION_WIDTHS = {"library": (320, 640, 1024), "quiz": (360, 720), "ela": (640,)}
MEDIA_MAX_UPLOAD_BYTES = envint("DLL_MAX_UPLOAD_BYTES", str(15 * 1024 * 1024))
MEDIA_MAX_PIXELS = envint("DLL_MAX_PIXELS", str(40_000_000))
# Recordings (the voices family): at most this long; ffmpeg from the imageio-ffmpeg wheel unless DLL_FFMPEG names one.
MEDIA_MAX_AUDIO_SECONDS = envint("DLL_MAX_AUDIO_SECONDS", "60")
DLL_FFMPEG = os.environ.get("DLL_FFMPEG", "")
DATA_UPLOAD_MAX_MEMORY_SIZE = MEDIA_MAX_UPLOAD_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": sys.stderr}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Counters for the join, password-reset and login-card limits (shared/limits.py):
# what must agree across workers and servers. With DJANGO_REDIS_URL they live
# in Redis, shared by every app server; otherwise in a file cache, shared by
# every gunicorn worker on one host and needing no set-up. (Per-process
# memos, such as the parsed lesson files, are the same on every server of one
# release and stay in each process.)
REDIS_URL = os.environ.get("DJANGO_REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_PREFIX", "dll"),
            # Short timeouts for a Redis that does not answer; the limits then
            # let the request through (shared/limits.py).
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("DJANGO_CACHE_DIR", str(BASE_DIR / "var" / "cache")),
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

# The client's address: REMOTE_ADDR, or, behind N reverse proxies that each
# append to X-Forwarded-For, the N-th entry from its right (shared/net.py).
TRUSTED_PROXIES = envint("DLL_TRUSTED_PROXIES", "0")

# Login limits (django-axes; docs/security.md gives the reasons for each number).
# A failure counts against the account and the address together, so hundreds
# of students behind one school address never lock each other out.
AXES_HANDLER = "accounts.limits.SchoolAxesHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "shared.net.client_ip"
AXES_USERNAME_CALLABLE = "accounts.limits.login_name"
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# django-axes first: it refuses a locked-out login before any password is hashed.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "accounts.backends.UsernameOrEmailBackend"]
