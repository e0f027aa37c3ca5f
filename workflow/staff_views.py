"""The plan's page: the process chart, the cronograma as a Gantt chart, the documents
produced so far and the audit timeline."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from viewflow.urls import Application
from viewflow.workflow.models import Process, Task

from audit.models import AuditEntry
from correspondence.models import Oficio
from documents.models import GeneratedDocument
from workflow.access import check_manage_plans, check_plans, may_manage_plans, plan_by_id
from workflow.assignment import OPEN, candidates, task_reassign, task_release
from workflow.delegation import delegation_create
from workflow.gantt import gantt
from workflow.models import ActionPlan, Delegation
from workflow.permissions import VIEW


@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    check_plans(request.user)
    return render(request, "workflow/plan_list.html", {"plans": ActionPlan.objects.all()})


@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_by_id(request.user, pk)
    process = Process.objects.filter(
        artifact_object_id=plan.pk, flow_class__endswith="PlanFlow"
    ).first()
    oficio_ids = list((process.data.get("oficios") or {}).values()) if process else []
    entries = AuditEntry.objects.filter(
        Q(object_type="actionplan", object_id=str(plan.pk))
        | Q(process_id=process.pk if process else None)
    ).order_by("seq")
    context = {
        "plan": plan,
        "process": process,
        "process_url": _process_url(process),
        "chart_url": _process_url(process, "process_chart"),
        "gantt": gantt(list(plan.schedule.all())),
        "documents": GeneratedDocument.objects.filter(key__startswith=f"plan:{plan.pk}:").order_by(
            "created_at"
        ),
        "oficios": Oficio.objects.filter(pk__in=oficio_ids),
        "entries": entries[:500],
        "publications": plan.publications.all(),
        "open_tasks": Task.objects.filter(process=process, status__in=OPEN)
        .select_related("owner")
        .order_by("pk")
        if process
        else [],
        "can_manage": may_manage_plans(request.user),
    }
    return render(request, "workflow/plan_detail.html", context)


class DelegationForm(forms.Form):
    delegator = forms.ModelChoiceField(
        label=_("Absent user"), queryset=get_user_model().objects.filter(is_active=True)
    )
    delegate = forms.ModelChoiceField(
        label=_("Delegate"), queryset=get_user_model().objects.filter(is_active=True)
    )
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), max_length=300)


@require_http_methods(["GET", "POST"])
def delegations(request: HttpRequest) -> HttpResponse:
    """Delegations: the secretariat registers anyone's; a user registers their own."""
    check_plans(request.user)
    form = DelegationForm(request.POST or None, initial={"delegator": request.user})
    if request.method == "POST" and form.is_valid():
        try:
            delegation_create(actor=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, exc.messages[0] if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, _("The delegation was registered."))
            return redirect("plans:delegations")
    status = 400 if request.method == "POST" else 200
    listing = Delegation.objects.select_related("delegator", "delegate")[:200]
    return render(request, "workflow/delegations.html", {"form": form, "delegations": listing},
                  status=status)  # fmt: skip


def _plan_task(pk: int) -> Task:
    from workflow.flows import PlanFlow

    return get_object_or_404(
        Task.objects.select_related("process", "owner"), pk=pk, process__flow_class=PlanFlow
    )


class ReassignForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Assign to"), queryset=get_user_model().objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = candidates(task).order_by("username")


@require_http_methods(["GET", "POST"])
def task_reassign_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The technical secretariat gives an open plan task to someone of its role."""
    check_manage_plans(request.user)
    task = _plan_task(pk)
    form = ReassignForm(request.POST or None, task=task)
    if request.method == "POST" and form.is_valid():
        try:
            task_reassign(task=task, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(request, _("The task was reassigned."))
            return redirect("plans:detail", task.process.artifact_object_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "workflow/task_reassign.html", {"form": form, "task": task},
                  status=status)  # fmt: skip


@require_POST
def task_release_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The holder (or the secretariat) returns an assigned task to its role's queue."""
    check_plans(request.user)
    task = _plan_task(pk)
    try:
        task_release(task=task, actor=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The task went back to its role's queue."))
    return redirect("plans:detail", task.process.artifact_object_id)


def _process_url(process: Process | None, view: str = "process_detail") -> str:
    from workflow.flows import PlanFlow

    if process is None:
        return ""
    return PlanFlow.parent.reverse(view, args=[process.pk])


class PlanApp(Application):
    title = _("Action plans")
    icon = "account_tree"
    app_name = "plans"
    permission = VIEW
    menu_template_name = "staff/app_menu.html"
    menu_links = (
        ("plans:index", _("Action plans"), "account_tree"),
        ("plans:delegations", _("Delegations"), "swap_horiz"),
    )

    index_path = path("", plan_list, name="index")
    detail_path = path("<int:pk>/", plan_detail, name="detail")
    delegations_path = path("delegaciones/", delegations, name="delegations")
    reassign_path = path("tareas/<int:pk>/reasignar/", task_reassign_view, name="task_reassign")
    release_path = path("tareas/<int:pk>/liberar/", task_release_view, name="task_release")
