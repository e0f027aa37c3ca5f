"""Plans, processes and tasks: inbox, queue, claim, release, complete."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from viewflow.workflow.models import Process, Task

from api.errors import Conflict
from api.serializers import PlanSerializer, ProcessSerializer, TaskSerializer
from api.task_runner import task_complete
from api.views.base import acting, filtered, string_params
from workflow import access
from workflow.assignment import task_release
from workflow.models import ActionPlan

FLOW_LABELS = {"plan": "PlanFlow", "oficio": "OficioFlow", "receipt": "ReceiptFlow",
               "followup": "FollowUpFlow"}  # fmt: skip


@extend_schema(tags=["plans"], parameters=string_params("state"))
class PlanList(generics.ListAPIView[ActionPlan]):
    serializer_class = PlanSerializer

    def get_queryset(self) -> Any:
        access.check_plans(self.request.user)
        plans = ActionPlan.objects.select_related("entity", "office").order_by("pk")
        return filtered(plans, self.request, {"state": "state"})


@extend_schema(tags=["plans"])
class PlanDetail(generics.RetrieveAPIView[ActionPlan]):
    serializer_class = PlanSerializer

    def get_object(self) -> ActionPlan:
        return access.plan_by_id(self.request.user, self.kwargs["pk"])


def _flows(user: Any, label: str) -> list[Any]:
    access.check_workflow(user)
    flows = access.visible_flows(user)
    if label:
        flows = [f for f in flows if f.__name__ == FLOW_LABELS.get(label)]
    return flows


@extend_schema(
    tags=["processes"],
    parameters=[
        OpenApiParameter("flow", str, enum=list(FLOW_LABELS), required=False),
        *string_params("status"),
    ],
)
class ProcessList(generics.ListAPIView[Process]):
    serializer_class = ProcessSerializer

    def get_queryset(self) -> Any:
        flows = _flows(self.request.user, self.request.query_params.get("flow", ""))
        processes = Process.objects.filter(flow_class__in=flows).order_by("-pk")
        return filtered(processes, self.request, {"status": "status"})


@extend_schema(tags=["processes"])
class ProcessDetail(generics.RetrieveAPIView[Process]):
    serializer_class = ProcessSerializer

    def get_object(self) -> Process:
        return access.process_by_id(self.request.user, self.kwargs["pk"])


class _TaskList(generics.ListAPIView[Task]):
    serializer_class = TaskSerializer

    def tasks(self, flows: list[Any]) -> Any:
        raise NotImplementedError

    def get_queryset(self) -> Any:
        flows = _flows(self.request.user, self.request.query_params.get("flow", ""))
        tasks = self.tasks(flows).select_related("process", "owner").order_by("-created")
        return filtered(tasks, self.request, {"process": "process_id"})


TASK_FILTERS = [
    OpenApiParameter("flow", str, enum=list(FLOW_LABELS), required=False),
    OpenApiParameter("process", int, required=False),
]


@extend_schema(tags=["tasks"], parameters=TASK_FILTERS, summary="Mi bandeja")
class Inbox(_TaskList):
    def tasks(self, flows: list[Any]) -> Any:
        return Task.objects.inbox(flows, self.request.user)


@extend_schema(tags=["tasks"], parameters=TASK_FILTERS, summary="Cola de mis roles")
class Queue(_TaskList):
    def tasks(self, flows: list[Any]) -> Any:
        return Task.objects.queue(flows, self.request.user)


@extend_schema(tags=["tasks"])
class TaskDetail(generics.RetrieveAPIView[Task]):
    serializer_class = TaskSerializer

    def get_object(self) -> Task:
        return access.task_by_id(self.request.user, self.kwargs["pk"])


@extend_schema(tags=["tasks"], request=None, responses=TaskSerializer)
class TaskClaim(APIView):
    def post(self, request: Request, pk: int) -> Response:
        task = access.task_by_id(request.user, pk)
        if task.owner_id is not None or task.status != "NEW":
            raise Conflict(_("This task is already assigned."))
        if not access.may_claim(request.user, task):
            raise PermissionDenied(_("This task belongs to another role."))
        with acting(request), transaction.atomic(), task.activation() as activation:
            if activation.task.owner_id is not None:
                raise Conflict(_("This task is already assigned."))
            activation.assign(request.user)
        task.refresh_from_db()
        return Response(TaskSerializer(task).data)


@extend_schema(tags=["tasks"], request=None, responses=TaskSerializer)
class TaskRelease(APIView):
    def post(self, request: Request, pk: int) -> Response:
        task = access.task_by_id(request.user, pk)
        if task.owner_id is None:
            raise Conflict(_("This task is not assigned to anyone."))
        if not access.may_release(request.user, task):
            raise PermissionDenied(_("Only its holder or the technical secretariat release it."))
        with acting(request):
            task = task_release(task=task, actor=request.user)
        return Response(TaskSerializer(task).data)


@extend_schema(
    tags=["tasks"],
    request={
        "application/json": OpenApiTypes.OBJECT,
        "multipart/form-data": OpenApiTypes.OBJECT,
    },
    responses=TaskSerializer,
    description="Completa la tarea con los campos del formulario de su paso (los mismos "
    "que la página de la tarea); un archivo va como multipart/form-data.",
)
class TaskComplete(APIView):
    def post(self, request: Request, pk: int) -> Response:
        task = access.task_by_id(request.user, pk)
        if not access.may_complete(request.user, task):
            raise PermissionDenied(_("Claim the task before completing it."))
        with acting(request):
            task = task_complete(request=request, task=task, data=request.data)
        return Response(TaskSerializer(task).data)
