"""Who holds a plan task: its holder releases it to the role's queue, and the technical
secretariat reassigns it to anyone who may take it. Both leave an audit entry."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from audit.services import audit_record
from core.mail import email_enqueue
from workflow.permissions import MANAGE
from workflow.services import PlanError

OPEN = (STATUS.NEW, STATUS.ASSIGNED)


def _locked(task: Task) -> Task:
    task = Task.objects.select_for_update().select_related("owner").get(pk=task.pk)
    if task.status not in OPEN:
        raise PlanError(_("This task is no longer open."))
    return task


def candidates(task: Task) -> QuerySet[Any]:
    """The active users who may take ``task``: those with its permission (a task assigned
    by name, like a member's observation, has no queue and goes to nobody else)."""
    users = get_user_model().objects
    if not task.owner_permission:
        return users.none()
    return users.with_perm(task.owner_permission, include_superusers=False).filter(is_active=True)


def task_title(task: Task) -> str:
    return str(task.flow_task.task_title or task.flow_task.name)


def task_release(*, task: Task, actor: Any) -> Task:
    """The holder (or the secretariat) puts an assigned task back in its role's queue."""
    with transaction.atomic():
        task = _locked(task)
        if task.owner_id is None:
            raise PlanError(_("This task is not assigned to anyone."))
        if task.owner_id != actor.pk and not actor.has_perm(MANAGE):
            raise PermissionDenied(_("Only its holder or the technical secretariat release it."))
        if not task.owner_permission:
            raise PlanError(_("This task was assigned by name: it has no queue to go back to."))
        previous = task.owner.get_username()
        task.owner, task.status = None, STATUS.NEW
        task.save(update_fields=["owner", "status"])
        audit_record(
            action="task.release", object_type="task", object_id=task.pk,
            object_repr=task_title(task), process_id=task.process_id, actor=actor,
            from_state=previous, to_state="", payload={"queue": task.owner_permission},
        )  # fmt: skip
    return task


def task_reassign(*, task: Task, user: Any, actor: Any, reason: str) -> Task:
    """The technical secretariat gives an open task to ``user``, who is told by e-mail."""
    if not actor.has_perm(MANAGE):
        raise PermissionDenied(_("Only the technical secretariat reassigns tasks."))
    if not reason.strip():
        raise PlanError(_("Say why the task is reassigned."))
    with transaction.atomic():
        task = _locked(task)
        if not candidates(task).filter(pk=user.pk).exists():
            raise PlanError(
                _("%(user)s may not take this task: it belongs to another role.")
                % {"user": user.get_full_name() or user.get_username()}
            )
        previous = task.owner.get_username() if task.owner_id else ""
        task.owner, task.status = user, STATUS.ASSIGNED
        task.save(update_fields=["owner", "status"])
        audit_record(
            action="task.reassign", object_type="task", object_id=task.pk,
            object_repr=task_title(task), process_id=task.process_id, actor=actor,
            from_state=previous, to_state=user.get_username(), payload={"reason": reason},
        )  # fmt: skip
        if user.email:
            email_enqueue(
                key=f"task-reassign:{task.pk}:{user.pk}:{task.process_id}",
                to=[user.email],
                subject=_("A task was assigned to you: “%(task)s”") % {"task": task_title(task)},
                body=_("%(actor)s assigned you the task “%(task)s”. Reason: %(reason)s")
                % {"actor": actor.get_full_name() or actor.get_username(),
                   "task": task_title(task), "reason": reason},
            )  # fmt: skip
    return task
