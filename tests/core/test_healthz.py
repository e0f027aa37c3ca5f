from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from config.celery import app as celery_app
from core.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def beat(seconds_ago: int = 0) -> None:
    seen = timezone.now() - timedelta(seconds=seconds_ago)
    WorkerHeartbeat.objects.create(hostname="w1@test", last_seen=seen, started_at=seen)


def test_all_parts_up(client: Client) -> None:
    beat()
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "broker", "worker", "converter"}
    assert "detail" not in body["checks"]["worker"]  # the public sees no internals
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_user("ops", is_staff=True))
    assert client.get("/healthz").json()["checks"]["worker"]["detail"] == "1 worker(s) alive"


def test_no_worker_heartbeat_is_503(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"]["ok"] is False


def test_stale_worker_heartbeat_is_503(client: Client) -> None:
    beat(seconds_ago=600)
    assert client.get("/healthz").status_code == 503


def test_unreachable_broker_is_503(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    beat()
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:9/0")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["ok"] is False


def test_missing_required_converter_is_503(client: Client) -> None:
    beat()
    with override_settings(DOCUMENT_CONVERTER_REQUIRED=True, SOFFICE_BINARY="no-such-soffice"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["converter"] == {"ok": False, "required": True}


def test_post_is_refused(client: Client) -> None:
    assert client.post("/healthz").status_code == 405
