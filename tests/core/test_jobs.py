"""Background work is a row with a state; the broker only wakes workers up."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from core.jobs import job_claim, job_enqueue, job_handler, job_retry_failed, job_run, jobs_sweep
from core.mail import email_enqueue
from core.models import Job

pytestmark = pytest.mark.django_db

effects: list[str] = []


@job_handler("test.record")
def _record(job: Job) -> None:
    effects.append(job.payload["value"])


@job_handler("test.explode")
def _explode(job: Job) -> None:
    raise RuntimeError("conversión fallida")


@pytest.fixture(autouse=True)
def _clear() -> None:
    effects.clear()


def test_enqueue_runs_after_commit_once_per_key(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = job_enqueue(kind="test.record", key="k1", payload={"value": "a"})
        again = job_enqueue(kind="test.record", key="k1", payload={"value": "b"})
    assert first.pk == again.pk
    assert len(callbacks) == 1
    assert effects == ["a"]
    first.refresh_from_db()
    assert first.state == Job.State.DONE
    assert first.finished_at is not None


def test_a_done_job_is_not_run_twice() -> None:
    job = job_enqueue(kind="test.record", key="k2", payload={"value": "x"})
    assert job_run(job.pk) == Job.State.DONE
    assert job_run(job.pk) == "skipped"
    assert effects == ["x"]


def test_a_claimed_job_is_not_claimed_again_until_its_lease_expires() -> None:
    job = job_enqueue(kind="test.record", key="k3", payload={"value": "x"})
    assert job_claim(job.pk) is not None
    assert job_claim(job.pk) is None
    Job.objects.filter(pk=job.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    assert job_claim(job.pk) is not None


def test_failure_backs_off_then_fails_visibly() -> None:
    job = job_enqueue(kind="test.explode", key="k4")
    Job.objects.filter(pk=job.pk).update(max_attempts=2)
    assert job_run(job.pk) == Job.State.PENDING
    job.refresh_from_db()
    assert job.attempts == 1
    assert job.run_after > timezone.now()
    assert job.last_error == "RuntimeError: conversión fallida"
    Job.objects.filter(pk=job.pk).update(run_after=timezone.now())
    assert job_run(job.pk) == Job.State.FAILED
    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.FAILED, 2)
    assert job_retry_failed(job.pk) is True
    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.PENDING, 0)


def test_unknown_kind_fails_at_once() -> None:
    job = job_enqueue(kind="test.nobody", key="k5")
    assert job_run(job.pk) == Job.State.FAILED
    job.refresh_from_db()
    assert "no handler" in job.last_error


def test_sweep_resends_lost_messages_and_expired_leases(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[int] = []
    monkeypatch.setattr("core.tasks.run_job_task.delay", lambda job_id: sent.append(job_id))
    now = timezone.now()
    long_ago = now - timedelta(minutes=10)
    lost = Job.objects.create(
        kind="test.record", key="lost", run_after=long_ago, last_sent_at=long_ago
    )
    fresh = Job.objects.create(kind="test.record", key="fresh", run_after=now, last_sent_at=now)
    crashed = Job.objects.create(
        kind="test.record", key="crashed", state=Job.State.RUNNING, run_after=long_ago,
        lease_until=now - timedelta(seconds=5),
    )  # fmt: skip
    done = Job.objects.create(
        kind="test.record", key="done", state=Job.State.DONE, run_after=long_ago
    )
    assert jobs_sweep() == 2
    assert sorted(sent) == sorted([lost.pk, crashed.pk])
    assert fresh.pk not in sent and done.pk not in sent


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_email_goes_through_a_job(django_capture_on_commit_callbacks: Callable[..., Any]) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = email_enqueue(
            key="oficio-1", to=["mesadepartes@x.example"], subject="Oficio N° 1", body="Señor…"
        )
        email_enqueue(key="oficio-1", to=["mesadepartes@x.example"], subject="dup", body="dup")
    assert [m.subject for m in mail.outbox] == ["Oficio N° 1"]
    job.refresh_from_db()
    assert job.state == Job.State.DONE


def test_file_mail_backend_in_development() -> None:
    # pytest-django swaps the backend at run time; the settings module keeps the real one.
    import config.settings as project_settings

    assert project_settings.EMAIL_BACKEND == "django.core.mail.backends.filebased.EmailBackend"
    assert Path(project_settings.EMAIL_FILE_PATH) == project_settings.VAR_DIR / "mail"


def test_a_stale_worker_cannot_overwrite_a_newer_claim() -> None:
    job = job_enqueue(kind="test.record", key="race", payload={"value": "x"})
    stale = job_claim(job.pk)
    assert stale is not None
    Job.objects.filter(pk=job.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    assert job_run(job.pk) == Job.State.DONE  # a second worker took the expired lease
    from core.jobs import _fail

    assert _fail(stale, "late failure of the first worker", final=False) == "superseded"
    job.refresh_from_db()
    assert job.state == Job.State.DONE


def test_a_job_that_keeps_killing_its_worker_ends_failed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("core.tasks.run_job_task.delay", lambda job_id: None)
    job = job_enqueue(kind="test.record", key="killer", payload={"value": "x"})
    Job.objects.filter(pk=job.pk).update(max_attempts=3)
    for _ in range(3):  # each claim dies with its worker: the lease simply expires
        assert job_claim(job.pk) is not None
        Job.objects.filter(pk=job.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    assert job_claim(job.pk) is None
    jobs_sweep()
    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.FAILED, 3)
    assert "agotó sus intentos" in job.last_error
