"""Delegation: while a user is absent, the tasks assigned to them go to their delegate,
who acts on their behalf; the audit log records both (actor and "on behalf of")."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from audit.services import audit_record
from workflow.models import Delegation
from workflow.permissions import MANAGE
from workflow.services import PlanError


def delegate_of(user: Any, on: date | None = None) -> Any:
    """Who acts for ``user`` today (``user`` when nobody does)."""
    on = on or timezone.localdate()
    delegation = (
        Delegation.objects.filter(delegator=user, starts_on__lte=on, ends_on__gte=on)
        .select_related("delegate")
        .order_by("-pk")
        .first()
    )
    return delegation.delegate if delegation else user


def delegation_create(
    *, delegator: Any, delegate: Any, starts_on: date, ends_on: date, reason: str, actor: Any
) -> Delegation:
    if actor.pk != delegator.pk and not actor.has_perm(MANAGE):
        raise PermissionDenied(
            "Solo la persona ausente o la Secretaría Técnica registran una delegación."
        )
    if delegator.pk == delegate.pk:
        raise PlanError("Una persona no puede delegar en sí misma.")
    if ends_on < starts_on:
        raise PlanError("La delegación debe terminar después de empezar.")
    if not delegate.is_active or not set(delegator.groups.all()) <= set(delegate.groups.all()):
        raise PlanError("La persona delegada debe tener los mismos roles que la ausente.")
    with transaction.atomic():
        delegation = Delegation.objects.create(
            delegator=delegator, delegate=delegate, starts_on=starts_on, ends_on=ends_on,
            reason=reason, created_by=actor,
        )  # fmt: skip
        moved = 0
        if starts_on <= timezone.localdate() <= ends_on:
            moved = _tasks_move(delegator, delegate)
        audit_record(
            action="plan.delegation.create", object_type="delegation", object_id=delegation.pk,
            object_repr=str(delegation), actor=actor,
            payload={"delegator": delegator.get_username(), "delegate": delegate.get_username(),
                     "from": starts_on.isoformat(), "until": ends_on.isoformat(),
                     "tasks_moved": moved},
        )  # fmt: skip
    return delegation


def _tasks_move(delegator: Any, delegate: Any) -> int:
    """The absent user's open tasks go to the delegate, marked as on their behalf."""
    tasks = Task.objects.select_for_update().filter(owner=delegator, status=STATUS.ASSIGNED)
    for task in tasks:
        task.owner = delegate
        task.data = {**task.data, "on_behalf_of": delegator.pk}
        task.save(update_fields=["owner", "data"])
    return len(tasks)
