"""The Celery application; configuration comes from Django settings (CELERY_*)."""

import os
from typing import Any

from celery import Celery
from celery.signals import task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
def _database_checked(*, task: Any, **kwargs: Any) -> None:
    """What Django does before each request: drop a connection past CONN_MAX_AGE or
    broken by the last task, and health-check the kept one on its next query."""
    from django.db import close_old_connections

    if getattr(task.request, "is_eager", False):
        return  # run inline: the caller's connection, maybe inside its transaction
    close_old_connections()


def _add_worker_steps() -> None:
    from core.heartbeat import HeartbeatStep

    app.steps["worker"].add(HeartbeatStep)


_add_worker_steps()
