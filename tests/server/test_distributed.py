"""The distributed configuration: PostgreSQL + Redis + a separate worker process."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from core.jobs import jobs_sweep
from core.mail import email_enqueue
from core.models import Job
from tests.server.conftest import wait_until

pytestmark = [pytest.mark.server, pytest.mark.django_db(transaction=True)]


def job_state(job_id: int) -> str:
    return Job.objects.get(pk=job_id).state


def test_runs_on_postgresql_and_redis() -> None:
    from django.conf import settings

    assert connection.vendor == "postgresql"
    assert settings.CELERY_BROKER_URL.startswith("redis://")


def test_an_email_job_travels_through_redis_to_the_worker(worker: Path, real_broker: None) -> None:
    with transaction.atomic():
        job = email_enqueue(
            key="dist-1",
            to=["mesadepartes.gr-05@entidades.example"],
            subject="Oficio Múltiple N° 001-2014-PCM/SGP",
            body="Se comunica el inicio del proceso.",
        )
    wait_until(lambda: job_state(job.pk) == Job.State.DONE)
    sent = "".join(p.read_text() for p in (worker / "mail").glob("*.log"))
    assert "mesadepartes.gr-05@entidades.example" in sent
    assert "Se comunica el inicio del proceso." in sent


def test_the_sweep_recovers_a_job_whose_message_was_lost(worker: Path, real_broker: None) -> None:
    long_ago = timezone.now() - timedelta(minutes=10)
    # A row with no message on the broker: what a worker killed with -9 leaves behind.
    job = Job.objects.create(
        kind="core.email",
        key="email:lost-1",
        payload={"to": ["a@entidades.example"], "subject": "Recordatorio", "body": "Perdido"},
        run_after=long_ago,
        last_sent_at=long_ago,
    )
    assert jobs_sweep() == 1
    wait_until(lambda: job_state(job.pk) == Job.State.DONE)


def test_healthz_sees_postgres_redis_and_the_worker(worker: Path) -> None:
    from django.contrib.auth.models import User

    wait_until(lambda: Client().get("/healthz").status_code == 200)
    staff = Client()
    staff.force_login(User.objects.create_user("ops", is_staff=True))
    body = staff.get("/healthz").json()
    assert body["checks"]["database"]["detail"] == "postgresql"
    assert body["checks"]["broker"]["detail"] == "redis"
    assert body["checks"]["worker"]["ok"] is True
