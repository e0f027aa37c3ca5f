"""A step past its deadline escalates to the technical secretariat; the step stays open."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from viewflow.workflow.models import Task
from viewflow.workflow.timers import fire_due_timers

from audit.models import AuditEntry
from workflow.flows import PlanFlow
from workflow.models import ActionPlan
from workflow.simulation.driver import StepRefused

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_overdue_step_escalates_and_stays_open(
    driver: Any, plan: ActionPlan, pki: dict[str, User]
) -> None:
    # The 2014 plan's first step was due in December 2013: the beat's sweep fires it.
    assert fire_due_timers() == 1
    (escalation,) = driver.open_tasks(PlanFlow.escalate)
    assert escalation.data == {} or "due" not in escalation.data
    assert driver.open_tasks(PlanFlow.define)  # non-interrupting: the step goes on
    with pytest.raises(StepRefused, match="no pudo tomar"):
        driver.post(escalation, "presidencia", {"action": "x"})
    driver.post(escalation, "secretaria", {"action": "Se llamó a la Presidencia; sesión el 12/12."})
    assert AuditEntry.objects.filter(action="plan.escalation.follow_up").exists()
    assert Task.objects.filter(flow_task=PlanFlow.escalated, status="DONE").exists()
    assert fire_due_timers() == 0  # once per step
    process = driver.process
    process.refresh_from_db()
    assert process.status == "NEW"  # the plan itself is not finished by the escalation


def test_beat_task_fires_the_timers(driver: Any, plan: ActionPlan) -> None:
    from workflow.tasks import fire_timers_task

    assert fire_timers_task.delay().get() == 1
    assert driver.open_tasks(PlanFlow.escalate)
