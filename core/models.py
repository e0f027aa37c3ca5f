"""Background work lives in the database: the broker only carries wake-up calls."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """One piece of background work.

    The row, not the broker message, is the truth: a worker claims it with a
    conditional UPDATE, and the periodic sweep re-sends jobs whose message was lost
    (a worker killed with -9 loses the messages it had fetched).
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=64)
    key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    payload = models.JSONField(_("payload"), default=dict)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveIntegerField(_("maximum attempts"), default=5)
    run_after = models.DateTimeField(_("run after"))
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    lease_token = models.CharField(_("lease token"), max_length=32, blank=True)
    last_sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [models.Index(fields=["state", "run_after"], name="core_job_state_run_after")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} ({self.state})"


class WorkerHeartbeat(models.Model):
    """Last sign of life of each Celery worker, read by /healthz."""

    hostname = models.CharField(_("host name"), max_length=200, unique=True)
    last_seen = models.DateTimeField(_("last seen"))
    started_at = models.DateTimeField(_("started"))

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return self.hostname
