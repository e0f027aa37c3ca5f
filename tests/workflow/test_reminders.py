"""Plan tasks about to fall due, or overdue, remind the people who can act: bounded,
e-mailed, audited."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.core import mail

from audit.models import AuditEntry
from correspondence.business_days import add_business_days, is_business_day
from tests.correspondence.conftest import run_jobs
from workflow.flows import PlanFlow
from workflow.reminders import tasks_remind

pytestmark = pytest.mark.django_db


def business_days_before(day: date, count: int) -> date:
    while count:
        day = date.fromordinal(day.toordinal() - 1)
        count -= is_business_day(day)
    return day


def test_reminders_before_and_after_the_due_date_are_bounded(driver: Any) -> None:
    (task,) = driver.open_tasks(PlanFlow.define)
    due = date.fromisoformat(task.data["due"])

    assert tasks_remind(today=business_days_before(due, 5)) == 0
    assert tasks_remind(today=business_days_before(due, 1)) == 1
    run_jobs()
    (message,) = mail.outbox
    assert message.subject.startswith("Recordatorio: «a) Registrar la sesión de la Comisión»")
    assert "secretaria@" in " ".join(message.to)
    assert "/workflow/inbox/" in message.body

    # Not again until two business days have passed.
    assert tasks_remind(today=business_days_before(due, 1)) == 0
    assert tasks_remind(today=due) == 0
    assert tasks_remind(today=add_business_days(due, 1)) == 1
    assert tasks_remind(today=add_business_days(due, 3)) == 1
    assert tasks_remind(today=add_business_days(due, 10)) == 0  # three at most
    run_jobs()
    assert mail.outbox[-1].subject.startswith("Vencida: «a) Registrar la sesión de la Comisión»")
    entries = AuditEntry.objects.filter(action="task.remind", object_id=str(task.pk))
    assert [json.loads(e.payload)["reminder"] for e in entries.order_by("seq")] == [1, 2, 3]


def test_a_finished_task_is_not_reminded(driver: Any) -> None:
    (task,) = driver.open_tasks(PlanFlow.define)
    task.status = "DONE"
    task.save()
    assert tasks_remind(today=date.fromisoformat(task.data["due"])) == 0
