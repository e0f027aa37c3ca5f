"""Celery beat's side of PlanFlow: viewflow's timers and conditional events."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="workflow.fire_timers_task")
def fire_timers_task() -> int:
    """Fire due timers (deadlines, the consultation's close) and met conditions (the
    oficio of b or k issued, every proposal answered); returns how many fired."""
    from viewflow.workflow.timers import fire_due_conditions, fire_due_timers

    return fire_due_timers() + fire_due_conditions()


@shared_task(name="workflow.remind_tasks_task")
def remind_tasks_task() -> int:
    """Remind the people who can act on plan tasks about to fall due or overdue."""
    from workflow.reminders import tasks_remind

    return tasks_remind()
