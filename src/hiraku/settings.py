"""Django settings, derived from the environment through ``hiraku.config``.

Nothing here should be edited per installation: set ``HIRAKU_*`` variables instead.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from hiraku import config

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = config.data_dir()
DATA_DIR.mkdir(parents=True, exist_ok=True)

PRODUCTION = config.get_bool("HIRAKU_PRODUCTION")
DEBUG = config.get_bool("HIRAKU_DEBUG") and not PRODUCTION


def _secret_key() -> str:
    key = config.get("HIRAKU_SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured(
            "HIRAKU_SECRET_KEY must be set in production (HIRAKU_PRODUCTION=1) / "
            "本番モードでは HIRAKU_SECRET_KEY の設定が必要です"
        )
    # Development: one random key per data directory, kept so sessions survive restarts.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = config.get_list("HIRAKU_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = config.get_list("HIRAKU_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "ninja",
    "auditlog",
    "django_tasks",
    "django_tasks_db",
    "hiraku.catalog",
    "hiraku.datastore",
    "hiraku.search",
    "hiraku.web",
    "hiraku.demo",
    "hiraku.api",
    "hiraku.standards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "hiraku.nul_bytes.RejectNulMiddleware",
    "hiraku.query_limits.QueryTimeoutMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hiraku.web.csp.ContentSecurityPolicyMiddleware",
    "hiraku.catalog.audit.AuditlogMiddleware",
    "hiraku.api.ratelimit.ApiRateLimitMiddleware",
]

ROOT_URLCONF = "hiraku.urls"
WSGI_APPLICATION = "hiraku.wsgi.application"

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
                "hiraku.web.context.site",
            ],
        },
    },
]


def _database(url: str, sqlite_file: str) -> dict:
    if url:
        db = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    else:
        db = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(DATA_DIR / sqlite_file),
              # Request threads are reused (`hiraku serve`), so their connections can be too.
              "CONN_MAX_AGE": 600, "CONN_HEALTH_CHECKS": True}
    if db["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the public site read while a worker writes; IMMEDIATE avoids
        # "database is locked" upgrades from read to write transactions.
        db["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    return db


DATABASES = {
    "default": _database(config.get("HIRAKU_DATABASE_URL"), "hiraku.sqlite3"),
    "datastore": _database(config.get("HIRAKU_DATASTORE_URL"), "datastore.sqlite3"),
}
DATABASE_ROUTERS = ["hiraku.datastore.router.DatastoreRouter"]
# Read-only SQL over the datastore (hiraku.datastore.sql).
DATASTORE_READONLY_URL = config.get("HIRAKU_DATASTORE_READONLY_URL")
SQL_TIME_LIMIT_MS = config.get_int("HIRAKU_SQL_TIME_LIMIT_MS")
SQL_MAX_ROWS = config.get_int("HIRAKU_SQL_MAX_ROWS")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "admin:login"

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "web" / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Tokyo"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
WHITENOISE_USE_FINDERS = not PRODUCTION


def _storages() -> dict:
    static_backend = (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    bucket = config.get("HIRAKU_S3_BUCKET")
    if bucket:
        default = {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": config.get("HIRAKU_S3_ENDPOINT_URL") or None,
                "access_key": config.get("HIRAKU_S3_ACCESS_KEY") or None,
                "secret_key": config.get("HIRAKU_S3_SECRET_KEY") or None,
                "default_acl": None,
                "file_overwrite": False,
            },
        }
    else:
        default = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {"default": default, "staticfiles": {"BACKEND": static_backend}}


STORAGES = _storages()

MAX_UPLOAD_BYTES = config.get_int("HIRAKU_MAX_UPLOAD_MB") * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "hiraku.catalog.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_TEMP_DIR = None

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Security headers. The CSP holds in development too, so violations show up in tests.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True

MAP_TILE_URL = config.get("HIRAKU_MAP_TILE_URL").strip()
MAP_TILE_ATTRIBUTION = config.get("HIRAKU_MAP_TILE_ATTRIBUTION")


def _tile_origin(url: str) -> list[str]:
    """The origin the map tiles come from, for img-src ({s}.tile.example → *.tile.example)."""
    parts = urlsplit(url.replace("{s}.", "*."))
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme in ("http", "https") else []


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *_tile_origin(MAP_TILE_URL)],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

AUDITLOG_INCLUDE_ALL_MODELS = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": config.get("HIRAKU_LOG_LEVEL")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

API_RATE_ANONYMOUS = config.get("HIRAKU_API_RATE_ANONYMOUS")
API_RATE_TOKEN = config.get("HIRAKU_API_RATE_TOKEN")
RATELIMIT_USE_CACHE = "default"

SITE_NAME = config.get("HIRAKU_SITE_NAME")
SITE_NAME_EN = config.get("HIRAKU_SITE_NAME_EN")
