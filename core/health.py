"""Checks of the parts the product needs, shared by /healthz and the launcher."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    required: bool
    detail: str


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return Check("database", False, True, f"{type(exc).__name__}: {exc}")
    return Check("database", True, True, connection.vendor)


def check_broker() -> Check:
    from config.celery import app

    scheme = settings.CELERY_BROKER_URL.split("://", 1)[0]
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return Check("broker", False, True, f"{scheme}: {type(exc).__name__}: {exc}")
    return Check("broker", True, True, scheme)


def check_worker() -> Check:
    from core.models import WorkerHeartbeat

    fresh_after = timezone.now() - timedelta(seconds=settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS)
    try:
        alive = WorkerHeartbeat.objects.filter(last_seen__gte=fresh_after).count()
    except Exception as exc:
        return Check("worker", False, True, f"{type(exc).__name__}: {exc}")
    return Check("worker", alive > 0, True, f"{alive} worker(s) alive")


def check_converter() -> Check:
    path = shutil.which(settings.SOFFICE_BINARY)
    required = settings.DOCUMENT_CONVERTER_REQUIRED
    return Check("converter", path is not None, required, path or "LibreOffice not found")


def run_checks() -> list[Check]:
    return [check_database(), check_broker(), check_worker(), check_converter()]
