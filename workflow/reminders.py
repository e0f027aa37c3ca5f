"""Reminders of plan tasks about to fall due or overdue: bounded, e-mailed and audited.

A task is reminded from ``REMIND_BEFORE_DAYS`` business days before its due date, at most
``MAX_REMINDERS`` times and not twice within ``REMIND_EVERY_DAYS`` business days. The
escalation of an overdue task is viewflow's ``.OnTimeout`` (workflow/flows.py); a reminder
only tells the people who can act.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from viewflow.workflow.models import Task

from audit.services import audit_record
from core.mail import email_enqueue
from correspondence.business_days import add_business_days
from workflow.assignment import OPEN, candidates, task_title

REMIND_BEFORE_DAYS = 2
REMIND_EVERY_DAYS = 2
MAX_REMINDERS = 3


def _recipients(task: Task) -> list[str]:
    """The assignee, or everyone who may take the task from the queue."""
    if task.owner_id:
        users = User.objects.filter(pk=task.owner_id, is_active=True)
    else:
        users = candidates(task)
    return sorted({u.email for u in users if u.email})


def _message(task: Task, due: date, today: date) -> tuple[str, str]:
    title = task_title(task)
    plan = str(task.process.artifact or task.process)
    with override(settings.LANGUAGE_CODE):
        if due < today:
            subject = _("Overdue: “%(task)s” (%(plan)s)") % {"task": title, "plan": plan}
            lead = _("The task “%(task)s” was due on %(due)s.")
        else:
            subject = _("Reminder: “%(task)s” is due on %(due)s") % {
                "task": title, "due": due.strftime("%d/%m/%Y"),
            }  # fmt: skip
            lead = _("The task “%(task)s” is due on %(due)s.")
        body = "\n\n".join([
            lead % {"task": title, "due": due.strftime("%d/%m/%Y")},
            _("Plan: %(plan)s") % {"plan": plan},
            _("You can act on it from your inbox: %(url)s")
            % {"url": f"{settings.PUBLIC_BASE_URL}/workflow/inbox/"},
        ])  # fmt: skip
    return subject, body


def tasks_remind(*, today: date | None = None) -> int:
    """Send the reminders due today; returns how many tasks were reminded."""
    from workflow.flows import PlanFlow

    today = today or timezone.localdate()
    horizon = add_business_days(today, REMIND_BEFORE_DAYS).isoformat()
    # Open plan tasks are few (tens per plan): the due date is compared here rather than
    # in JSON SQL, whose string comparison differs between SQLite and PostgreSQL.
    open_tasks = Task.objects.filter(process__flow_class=PlanFlow, status__in=OPEN)
    candidates = [
        pk
        for pk, data in open_tasks.values_list("pk", "data")
        if (data or {}).get("due", "9999") <= horizon
        and int((data or {}).get("reminders", 0)) < MAX_REMINDERS
    ]
    reminded = 0
    for pk in candidates:
        with transaction.atomic():
            task = Task.objects.select_for_update().select_related("process").get(pk=pk)
            if task.status in OPEN and _remind(task, today):
                reminded += 1
    return reminded


def _remind(task: Task, today: date) -> bool:
    data: dict[str, Any] = task.data or {}
    count = int(data.get("reminders", 0))
    last = data.get("reminded_on")
    if count >= MAX_REMINDERS or (
        last and add_business_days(date.fromisoformat(last), REMIND_EVERY_DAYS) > today
    ):
        return False
    to = _recipients(task)
    due = date.fromisoformat(data["due"])
    data = {**data, "reminders": count + 1, "reminded_on": today.isoformat()}
    Task.objects.filter(pk=task.pk).update(data=data)
    audit_record(
        action="task.remind", object_type="task", object_id=task.pk,
        object_repr=task_title(task),
        process_id=task.process_id,
        payload={"reminder": count + 1, "due": data["due"], "to": to, "overdue": due < today},
    )  # fmt: skip
    if to:
        subject, body = _message(task, due, today)
        email_enqueue(key=f"task-reminder:{task.pk}:{count + 1}", to=to, subject=subject,
                      body=body)  # fmt: skip
    return True
