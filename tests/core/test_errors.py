"""Requests that cannot be served say why, in Spanish: 503 when a server we need is down,
409 when someone else completed the task first."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import OperationalError
from django.test import Client
from redis.exceptions import ConnectionError as RedisConnectionError

from tests.documents.conftest import media, pki, templates  # noqa: F401 (fixtures)
from tests.drills.conftest import execute_path, oficio_at
from tests.workflow.conftest import driver, plan  # noqa: F401 (fixtures)
from workflow.flows import PlanFlow

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "error",
    [OperationalError("server closed the connection"), RedisConnectionError("refused")],
)
def test_a_server_that_is_down_gives_a_503_in_spanish(
    error: Exception, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down() -> None:
        raise error

    monkeypatch.setattr("core.views.run_checks", down)
    response = Client(raise_request_exception=False).get("/healthz")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Servicio no disponible por el momento" in page
    assert "Su acción no se registró" in page and "Traceback" not in page


def test_other_errors_stay_500(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise ValueError("bug")

    monkeypatch.setattr("core.views.run_checks", broken)
    assert Client(raise_request_exception=False).get("/healthz").status_code == 500


def test_a_task_completed_elsewhere_gives_a_409(
    pki: dict[str, User],  # noqa: F811
    templates: None,  # noqa: F811
) -> None:
    task = oficio_at(pki, "review", reviewers=("secretaria2",))
    first, second = Client(), Client()  # two windows of the reviewer
    for window in (first, second):
        window.force_login(pki["secretaria2"])
        assert window.get(execute_path(task)).status_code == 200
    assert first.post(execute_path(task), {"decision": "approve"}).status_code == 302
    late = second.post(execute_path(task), {"decision": "approve"})
    assert late.status_code == 409
    assert "Esta tarea ya fue atendida" in late.content.decode()


def test_a_task_taken_from_the_queue_meanwhile_gives_a_409(
    driver: Any,  # noqa: F811
    pki: dict[str, User],  # noqa: F811
) -> None:
    (task,) = driver.open_tasks(PlanFlow.define)
    assign = task.flow_task.reverse("assign", args=[task.process_id, task.pk])
    first, second, outsider = Client(), Client(), Client()
    for client, user in ((first, "secretaria"), (second, "secretaria2"), (outsider, "observador")):
        client.force_login(pki[user])
    assert first.post(assign).status_code == 302
    late = second.post(assign)
    assert late.status_code == 409
    assert "Otra persona tomó esta tarea de la cola" in late.content.decode()
    # Someone who could never take it is refused as before, not told of a race.
    assert outsider.post(assign).status_code == 403
    task.refresh_from_db()
    assert task.owner == pki["secretaria"]
