"""The queue shows each plan task's due date; its queries do not grow with the page."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from directory.models import Entity, Office
from workflow.flows import plan_start
from workflow.planning import plan_create

pytestmark = pytest.mark.django_db


def _plans(count: int, actor: User) -> None:
    pcm = Entity.objects.get(code="PCM")
    sgp = Office.objects.get(entity=pcm, acronym="SGP")
    for n in range(count):
        plan = plan_create(title=f"Plan {n}", start_year=2030 + n, end_year=2032 + n,
                           entity=pcm, office=sgp, actor=actor)  # fmt: skip
        plan_start(plan)


def _queue_queries(client: Client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/workflow/queue/")
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_queue_shows_due_dates_with_constant_queries(
    client: Client, demo_users: dict[str, User]
) -> None:
    secretaria = demo_users["secretaria"]
    client.force_login(secretaria)
    _plans(2, secretaria)
    client.get("/workflow/queue/")  # the first visit pins the list in the session (a write)
    few, page = _queue_queries(client)
    assert "Vence" in page and "a) Registrar la sesión de la Comisión" in page
    _plans(10, secretaria)
    many, page = _queue_queries(client)
    assert page.count("Vence") >= 12
    assert many == few


def test_overdue_task_is_marked(client: Client, demo_users: dict[str, User]) -> None:
    secretaria = demo_users["secretaria"]
    pcm = Entity.objects.get(code="PCM")
    plan = plan_create(title="Plan 2014–2016", start_year=2014, end_year=2016, entity=pcm,
                       office=Office.objects.get(entity=pcm, acronym="SGP"), actor=secretaria)  # fmt: skip
    plan_start(plan)
    client.force_login(secretaria)
    _count, page = _queue_queries(client)
    assert "due--overdue" in page and "Vencido 13/12/2013" in page
