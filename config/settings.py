"""Settings for every environment, driven by environment variables.

Embedded default (no variables set): SQLite, kombu's filesystem broker and media
files under ``var/``. Distributed: set ``DATABASE_URL`` and ``CELERY_BROKER_URL``.
"""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from config.env import (
    broker_config,
    credentials_key,
    database_config,
    env_bool,
    env_list,
    media_storage,
    secret_key,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)

PRODUCTION = os.environ.get("APP_ENV", "development").lower() == "production"
DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = secret_key(production=PRODUCTION, var_dir=VAR_DIR)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "viewflow",
    "viewflow.workflow",
    "core",
    "audit",
    "directory",
    "documents",
    "workflow",
    "correspondence",
    "consultation",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "audit.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "viewflow.middleware.SiteMiddleware",
    "viewflow.middleware.HotwireTurboMiddleware",
    # A request that lost a race (task already done, process locked) gets a 409.
    "core.errors.ConflictMiddleware",
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": database_config(os.environ.get("DATABASE_URL", ""), var_dir=VAR_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"

LANGUAGE_CODE = "es-pe"
LANGUAGES = [("es-pe", _("Spanish (Peru)")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Lima"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media")).resolve()
MEDIA_URL = "media/"
STORAGES = {
    "default": media_storage(dict(os.environ)),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Serve static files from the apps' folders without collectstatic in development.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

# E-mail: files under var/mail in development, SMTP when EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "gobierno.abierto@pcm.example")
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Celery: the database, not the broker, is the source of truth for pending work
# (core.Job); the broker only carries wake-up calls, so a lost message is re-sent by
# the periodic sweep.
CELERY_BROKER_URL, CELERY_BROKER_TRANSPORT_OPTIONS = broker_config(
    os.environ.get("CELERY_BROKER_URL", ""), var_dir=VAR_DIR
)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Celery's Django fixup closes every database connection around each task unless this is
# set (celery#9824): a new PostgreSQL session per task cost the server more CPU than the
# task's queries. Connections now live by CONN_MAX_AGE and its health check, as in a
# request (config/celery.py), and the fixup recycles them every 500 tasks.
CELERY_DB_REUSE_MAX = 500
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "sweep-stuck-jobs": {"task": "core.sweep_jobs_task", "schedule": timedelta(seconds=30)},
    "remind-overdue-dispatches": {
        "task": "correspondence.remind_task",
        "schedule": timedelta(hours=1),
    },
    "audit-checkpoint": {"task": "audit.checkpoint_task", "schedule": timedelta(minutes=15)},
    "workflow-timers": {"task": "workflow.fire_timers_task", "schedule": timedelta(minutes=1)},
    "workflow-reminders": {"task": "workflow.remind_tasks_task", "schedule": timedelta(hours=1)},
    "consultation-open": {"task": "consultation.open_due_task", "schedule": timedelta(minutes=1)},
}

# Cache: the public consultation's rate limits live here, so every web process must share
# it in production (Redis); the default is per process.
if os.environ.get("CACHE_URL", "").startswith("redis"):
    CACHES = {
        "default": {
            # RedisCache that turns an outage into misses: the UI outlives Redis.
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": os.environ["CACHE_URL"],
        }
    }

# Public consultation: proposals per IP, per e-mail, per window of seconds; request size.
CONSULTATION_RATE_LIMITS = (
    int(os.environ.get("CONSULTATION_RATE_PER_IP", "10")),
    int(os.environ.get("CONSULTATION_RATE_PER_EMAIL", "5")),
    int(os.environ.get("CONSULTATION_RATE_WINDOW", "3600")),
)
CONSULTATION_MAX_BODY = 64 * 1024

# Audit: trust X-Forwarded-For only behind a proxy that sets it.
AUDIT_TRUST_X_FORWARDED_FOR = env_bool("AUDIT_TRUST_X_FORWARDED_FOR", default=False)

# Background work
JOB_LEASE_SECONDS = int(os.environ.get("JOB_LEASE_SECONDS", "300"))
JOB_RESEND_AFTER_SECONDS = int(os.environ.get("JOB_RESEND_AFTER_SECONDS", "60"))
WORKER_HEARTBEAT_SECONDS = 10
WORKER_HEARTBEAT_MAX_AGE_SECONDS = 60
# The document converter becomes required once the document service needs it.
DOCUMENT_CONVERTER_REQUIRED = env_bool("DOCUMENT_CONVERTER_REQUIRED", default=False)
SOFFICE_BINARY = os.environ.get("SOFFICE_BINARY", "soffice")
# host:port of a warm unoserver (one per worker core); empty: soffice per conversion.
UNOSERVER_ADDRESS = os.environ.get("UNOSERVER_ADDRESS", "")
PDF_TIMEOUT_SECONDS = int(os.environ.get("PDF_TIMEOUT_SECONDS", "120"))
# Where citizens verify documents: printed, with a QR code, on every document.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000")
# The official name of each year (Decreto Supremo), e.g. '{"2026": "Año de …"}'; the years
# up to 2025 are built in (documents/context.py).
DOCUMENT_YEAR_NAMES = {
    int(year): name
    for year, name in json.loads(os.environ.get("DOCUMENT_YEAR_NAMES", "{}")).items()
}
# Signatures: certificates at rest are encrypted with this key; the trust roots are the
# CA certificates (PEM files) a signature must chain to. Development trusts the demo CA
# made by `manage.py demo_pki`.
CREDENTIALS_KEY = credentials_key(production=PRODUCTION, var_dir=VAR_DIR)
SIGNATURE_TRUST_ROOTS = env_list(
    "SIGNATURE_TRUST_ROOTS", [] if PRODUCTION else [str(VAR_DIR / "pki" / "demo-ca.crt.pem")]
)
TIMESTAMP_URL = os.environ.get("TIMESTAMP_URL", "")
MAX_VERIFY_UPLOAD_BYTES = 20 * 1024 * 1024


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "unoserver": {"level": "WARNING"},  # three INFO lines per conversion otherwise
    },
}

# REST API (/api/v1/): token or session, the UI's permissions, errors in Spanish.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pages",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # ?format= chooses the audit export's format (jsonl, csv), not a renderer.
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Gobierno Abierto — API",
    "DESCRIPTION": "Planes, procesos, tareas, oficios, documentos, consulta pública y auditoría.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
}
