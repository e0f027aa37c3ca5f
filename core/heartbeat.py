"""A worker bootstep that records a heartbeat row, read by /healthz."""

from __future__ import annotations

import logging
from typing import Any

from celery import bootsteps
from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

logger = logging.getLogger(__name__)


def heartbeat_beat(hostname: str) -> None:
    from core.models import WorkerHeartbeat

    now = timezone.now()
    close_old_connections()
    WorkerHeartbeat.objects.update_or_create(
        hostname=hostname,
        defaults={"last_seen": now},
        create_defaults={"last_seen": now, "started_at": now},
    )


def heartbeat_stop(hostname: str) -> None:
    from core.models import WorkerHeartbeat

    close_old_connections()
    WorkerHeartbeat.objects.filter(hostname=hostname).delete()


class HeartbeatStep(bootsteps.StartStopStep):
    requires = ("celery.worker.components:Timer",)

    def __init__(self, parent: Any, **kwargs: Any) -> None:
        super().__init__(parent, **kwargs)
        self.tref: Any = None

    def start(self, parent: Any) -> None:
        hostname = parent.hostname
        self._safe_beat(hostname)
        self.tref = parent.timer.call_repeatedly(
            settings.WORKER_HEARTBEAT_SECONDS, self._safe_beat, (hostname,)
        )

    def stop(self, parent: Any) -> None:
        if self.tref is not None:
            self.tref.cancel()
            self.tref = None
        try:
            heartbeat_stop(parent.hostname)
        except Exception:
            logger.warning("could not remove heartbeat of %s", parent.hostname, exc_info=True)

    @staticmethod
    def _safe_beat(hostname: str) -> None:
        try:
            heartbeat_beat(hostname)
        except Exception:
            # A database outage must not kill the worker; /healthz will show it stale.
            logger.warning("heartbeat of %s not recorded", hostname, exc_info=True)
