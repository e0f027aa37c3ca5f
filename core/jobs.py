"""Enqueue, claim, run and sweep background jobs.

Handlers register by kind with ``@job_handler("kind")``. A handler must be
idempotent: it can run again after a crash between its effect and the DONE mark.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone

from core.models import Job

logger = logging.getLogger(__name__)

Handler = Callable[[Job], None]
_handlers: dict[str, Handler] = {}


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    def register(func: Handler) -> Handler:
        _handlers[kind] = func
        return func

    return register


def job_enqueue(*, kind: str, key: str, payload: dict[str, Any] | None = None) -> Job:
    """Create the job row (once per key) and wake a worker after commit.

    The row is stamped as sent when it is created, in the caller's transaction (its
    wake-up goes right after the commit): one write and, on PostgreSQL, one WAL flush
    less per job than stamping it afterwards. If the process dies between the commit and
    the send, the sweep sends it JOB_RESEND_AFTER_SECONDS later."""
    now = timezone.now()
    job, created = Job.objects.get_or_create(
        key=key,
        defaults={"kind": kind, "payload": payload or {}, "run_after": now, "last_sent_at": now},
    )
    if created:
        transaction.on_commit(lambda: _wake(job.pk))
    return job


def job_enqueue_many(*, kind: str, jobs: list[tuple[str, dict[str, Any]]]) -> list[Job]:
    """Many jobs of one kind in one INSERT (keys must be new: a batch's own keys), stamped
    as sent like ``job_enqueue`` and woken after commit; for batches of thousands (mail
    merge)."""
    now = timezone.now()
    created = Job.objects.bulk_create(
        [
            Job(key=key, kind=kind, payload=payload, run_after=now, last_sent_at=now)
            for key, payload in jobs
        ],
        batch_size=500,
    )
    ids = [job.pk for job in created]
    transaction.on_commit(lambda: _wake_many(ids))
    return created


def _wake_many(job_ids: list[int]) -> None:
    from core.tasks import run_job_task

    for job_id in job_ids:
        try:
            run_job_task.delay(job_id)
        except Exception:
            # The rows stay pending; the sweep sends them again when the broker is back.
            logger.warning("broker unreachable; jobs left for the sweep", exc_info=True)
            return


def _locked_retry(write: Callable[[], Any], attempts: int = 5) -> Any:
    """Run ``write``; on SQLite's "database is locked" (a writer held the lock longer than
    the busy timeout) try again a few times. The write only stamps when a job was sent:
    if it never succeeds, the sweep re-sends the job later, which is harmless."""
    for attempt in range(attempts):
        try:
            return write()
        except OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                logger.warning("could not stamp sent jobs: %s", exc)
                return None
            time.sleep(0.2 * (attempt + 1))
    return None


def _send(job_id: int) -> None:
    _locked_retry(lambda: Job.objects.filter(pk=job_id).update(last_sent_at=timezone.now()))
    _wake(job_id)


def _wake(job_id: int) -> None:
    from core.tasks import run_job_task

    try:
        run_job_task.delay(job_id)
    except Exception:
        # The row stays pending; the sweep sends it again when the broker is back.
        logger.warning("broker unreachable; job %s left for the sweep", job_id, exc_info=True)


def job_claim(job_id: int) -> Job | None:
    """Take the job for this worker, or None when another worker has it or it is done.

    Each claim counts an attempt (a job that kills its worker must not run forever)
    and carries a token: only the holder of the current claim may finish the job.
    """
    now = timezone.now()
    lease = now + timedelta(seconds=settings.JOB_LEASE_SECONDS)
    claimable = Q(state=Job.State.PENDING) | Q(state=Job.State.RUNNING, lease_until__lt=now)
    token = uuid.uuid4().hex
    with transaction.atomic():
        claimed = Job.objects.filter(
            claimable, pk=job_id, run_after__lte=now, attempts__lt=F("max_attempts")
        ).update(state=Job.State.RUNNING, lease_until=lease, lease_token=token,
                 attempts=F("attempts") + 1)  # fmt: skip
    if not claimed:
        return None
    return Job.objects.get(pk=job_id)


def job_run(job_id: int) -> str:
    """Run one job; returns the state it ends in (or "skipped")."""
    job = job_claim(job_id)
    if job is None:
        return "skipped"
    handler = _handlers.get(job.kind)
    if handler is None:
        return _fail(job, f"no handler for kind {job.kind!r}", final=True)
    try:
        handler(job)
    except Exception as exc:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        return _fail(job, f"{type(exc).__name__}: {exc}", final=False)
    done = Job.objects.filter(pk=job.pk, lease_token=job.lease_token).update(
        state=Job.State.DONE, finished_at=timezone.now(), lease_until=None, last_error=""
    )
    return Job.State.DONE if done else "superseded"


def _fail(job: Job, error: str, *, final: bool) -> str:
    attempts = job.attempts  # counted when claimed
    if final or attempts >= job.max_attempts:
        state, run_after = Job.State.FAILED, job.run_after
    else:
        # Exponential back-off: 2, 4, 8 … seconds, capped at ten minutes.
        state = Job.State.PENDING
        run_after = timezone.now() + timedelta(seconds=min(2**attempts, 600))
    updated = Job.objects.filter(pk=job.pk, lease_token=job.lease_token).update(
        state=state,
        run_after=run_after,
        # Counting the retry as sent at its due time keeps the sweep from re-sending it
        # while its delayed message is still on its way.
        last_sent_at=run_after,
        lease_until=None,
        last_error=error[:4000],
        finished_at=timezone.now() if state == Job.State.FAILED else None,
    )
    if not updated:
        return "superseded"  # our lease expired and another worker took the job
    if state == Job.State.PENDING:
        _send_later(job.pk, run_after)
    return state


def _send_later(job_id: int, when: Any) -> None:
    from core.tasks import run_job_task

    try:
        run_job_task.apply_async((job_id,), eta=when)
    except Exception:
        logger.warning("broker unreachable; retry of job %s left for the sweep", job_id)


def jobs_sweep() -> int:
    """Re-send jobs that are due but whose message may be lost; returns how many."""
    now = timezone.now()
    resend_before = now - timedelta(seconds=settings.JOB_RESEND_AFTER_SECONDS)
    pending_lost = Q(state=Job.State.PENDING, run_after__lte=now) & (
        Q(last_sent_at__isnull=True) | Q(last_sent_at__lt=resend_before)
    )
    lease_expired = Q(state=Job.State.RUNNING, lease_until__lt=now)
    # A job whose every attempt died with its worker fails visibly instead of looping.
    Job.objects.filter(lease_expired, attempts__gte=F("max_attempts")).update(
        state=Job.State.FAILED, finished_at=now, lease_until=None,
        last_error="El trabajo agotó sus intentos: el proceso que lo ejecutaba se detuvo.",
    )  # fmt: skip
    ids = list(
        Job.objects.filter(pending_lost | lease_expired)
        .order_by("run_after")
        .values_list("pk", flat=True)[:1000]
    )
    for job_id in ids:
        _send(job_id)
    return len(ids)


def job_retry_failed(job_id: int) -> bool:
    """Give a failed job a fresh set of attempts."""
    updated = Job.objects.filter(pk=job_id, state=Job.State.FAILED).update(
        state=Job.State.PENDING, attempts=0, run_after=timezone.now(), finished_at=None
    )
    if updated:
        transaction.on_commit(lambda: _send(job_id))
    return bool(updated)
