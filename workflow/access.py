"""Who may see and act on plans, processes and tasks: one check per object type, asked by
the staff pages and by the API alike (403 when refused, 404 when the object is absent)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from viewflow.workflow.models import Process, Task

from core.access import holds_a_role
from workflow.models import ActionPlan
from workflow.permissions import MANAGE, VIEW


def may_view_plans(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm(VIEW))


def may_manage_plans(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm(MANAGE))


def check_plans(user: Any) -> None:
    if not may_view_plans(user):
        raise PermissionDenied


def check_manage_plans(user: Any) -> None:
    if not may_manage_plans(user):
        raise PermissionDenied


def plan_by_id(user: Any, pk: int) -> ActionPlan:
    check_plans(user)
    return get_object_or_404(ActionPlan.objects.select_related("entity", "office"), pk=pk)


def flow_classes() -> list[Any]:
    """Every flow with a staff inbox (the order of the workflow app's menu)."""
    from correspondence.flows import FollowUpFlow, OficioFlow, ReceiptFlow
    from workflow.flows import PlanFlow

    return [PlanFlow, OficioFlow, ReceiptFlow, FollowUpFlow]


def visible_flows(user: Any) -> list[Any]:
    """The flows whose processes ``user`` may see (each flow's own rule)."""
    return [flow for flow in flow_classes() if flow.instance.has_view_permission(user)]


def may_see_workflow(user: Any) -> bool:
    """The inbox, queue and process lists: anyone holding a role (the workflow app's rule)."""
    return bool(user.is_authenticated and (user.is_superuser or holds_a_role(user)))


def check_workflow(user: Any) -> None:
    if not may_see_workflow(user):
        raise PermissionDenied


def may_view_process(user: Any, process: Process) -> bool:
    """The process page's rule: its flow's view permission."""
    flow = process.flow_class
    return flow in flow_classes() and bool(flow.instance.has_view_permission(user, process))


def process_by_id(user: Any, pk: int) -> Process:
    process = get_object_or_404(Process, pk=pk, flow_class__in=flow_classes())
    if not may_view_process(user, process):
        raise PermissionDenied
    return process


def may_view_task(user: Any, task: Task) -> bool:
    """The task page's rule (viewflow's ``can_view``: whoever may see its process)."""
    can_view = getattr(task.flow_task, "can_view", None)
    if can_view is None:
        return may_view_process(user, task.process)
    return bool(user.is_authenticated and can_view(user, task))


def task_by_id(user: Any, pk: int) -> Task:
    task = get_object_or_404(
        Task.objects.select_related("process", "owner"),
        pk=pk,
        process__flow_class__in=flow_classes(),
    )
    if not may_view_task(user, task):
        raise PermissionDenied
    return task


def may_claim(user: Any, task: Task) -> bool:
    """Take a task from the role's queue (viewflow's rule for the node)."""
    return bool(
        getattr(task.flow_task, "can_assign", None) and task.flow_task.can_assign(user, task)
    )


def may_complete(user: Any, task: Task) -> bool:
    return bool(
        getattr(task.flow_task, "can_execute", None) and task.flow_task.can_execute(user, task)
    )


def may_release(user: Any, task: Task) -> bool:
    """Its holder, or the technical secretariat (the plans page's rule)."""
    if not user.is_authenticated or task.owner_id is None:
        return False
    return task.owner_id == user.pk or user.has_perm(MANAGE)
