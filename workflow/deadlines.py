"""Each PlanFlow task's due date, from the plan's cronograma, kept on the task itself so
that the inbox and the queue show it without a query per row."""

from __future__ import annotations

from typing import Any

from workflow.models import ScheduleEntry

ACTIVITY_OF_NODE = {
    "define": "a", "approve_definition": "a", "announce": "b", "press": "c",
    "approve_press": "c", "publish_press": "c", "workshop": "d", "congress": "f",
    "draft": "g", "observe": "g", "approve_draft": "g", "open_consultation": "h",
    "score": "j", "final_version": "j", "invite": "k", "presentation": "k", "report": "l",
    "legal_review": "l", "sign_resolution": "l", "publish_resolution": "l",
}  # fmt: skip


def task_due_set(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """post_save of viewflow's Task: stamp the due date of a new PlanFlow task, and
    keep the cronograma's actual start and end (the first task opened, the last done)."""
    from correspondence.business_days import next_business_day
    from workflow.flows import PlanFlow
    from workflow.planning import activity_finished, activity_started

    flow_task = instance.flow_task
    if flow_task is None or flow_task.flow_class is not PlanFlow:
        return
    activity = ACTIVITY_OF_NODE.get(flow_task.name)
    if activity is None:
        return
    if activity == "d" and instance.data.get("workshop"):
        from workflow.models import Workshop

        workshop = Workshop.objects.get(pk=instance.data["workshop"])
        activity = "e" if workshop.kind == Workshop.Kind.LIMA else "d"
    plan_id = instance.process.artifact_object_id
    if instance.status == "DONE":
        activity_finished(plan_id, activity)
    if not created:
        return
    activity_started(plan_id, activity)
    entry = ScheduleEntry.objects.filter(plan_id=plan_id, activity=activity).first()
    if entry is None:
        return
    instance.data = {**instance.data, "due": next_business_day(entry.planned_end).isoformat()}
    type(instance).objects.filter(pk=instance.pk).update(data=instance.data)
