"""Inbox, queue and archive: their SQL queries do not grow with the number of tasks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import STATUS

from correspondence.flows import OficioFlow
from workflow.flows import PlanFlow
from workflow.permissions import MANAGE

pytestmark = pytest.mark.django_db


def _tasks(count: int, user: User, status: str) -> None:
    """``count`` tasks of the real flows' human steps, half plans and half oficios."""
    now = timezone.now()
    for n in range(count):
        flow_class, node = (PlanFlow, PlanFlow.define) if n % 2 else (OficioFlow, OficioFlow.review)
        process = Process.objects.create(flow_class=flow_class, data={"plan": f"Plan {n}"})
        Task.objects.create(
            process=process, flow_task=node, flow_task_type="HUMAN", status=status,
            owner=None if status == STATUS.NEW else user,
            owner_permission=MANAGE if status == STATUS.NEW else None,
            finished=now if status == STATUS.DONE else None,
            created=now - timedelta(minutes=n), data={"due": "2030-01-15"},
        )  # fmt: skip


def _page(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


LISTS = [
    ("/workflow/inbox/", STATUS.ASSIGNED),
    ("/workflow/queue/", STATUS.NEW),
    ("/workflow/archive/", STATUS.DONE),
]


@pytest.mark.parametrize(("url", "status"), LISTS)
def test_task_list_queries_do_not_grow(
    client: Client, demo_users: dict[str, User], url: str, status: str
) -> None:
    user = demo_users["secretaria"]
    client.force_login(user)
    _tasks(5, user, status)
    client.get(url)  # the first visit pins the list in the session (a write)
    few, page = _page(client, url)
    assert page.count("Plan 3") == 1 and "Resumen" in page and "Creada" in page
    _tasks(45, user, status)
    many, page = _page(client, url)
    assert many == few
    # A full page (25 rows) and a link to the next one, without counting all 50.
    assert "1–25" in page and "?page=2#pagination" in page


@pytest.mark.parametrize(("url", "status"), LISTS)
def test_last_page_has_no_next_link(
    client: Client, demo_users: dict[str, User], url: str, status: str
) -> None:
    user = demo_users["secretaria"]
    client.force_login(user)
    _tasks(30, user, status)
    _count, page = _page(client, url + "?page=2")
    assert "26–30" in page and "?page=3#pagination" not in page
    assert client.get(url + "?page=3").status_code == 404


def test_due_badge_and_menu_counts(client: Client, demo_users: dict[str, User]) -> None:
    user = demo_users["secretaria"]
    client.force_login(user)
    _tasks(3, user, STATUS.ASSIGNED)
    _count, page = _page(client, "/workflow/inbox/")
    assert page.count("Vence 15/01/2030") == 3
    assert '<span class="mdc-list-item__meta">3</span>' in page
