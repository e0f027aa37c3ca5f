"""Staff pages under /consultation/: moderation queue, systematization workspace, import,
exports. Every view checks its permission (403 otherwise); every action is a service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from viewflow.urls import Application

from consultation import imports, matrix, moderation, systematization
from consultation.access import check_staff, may_work_on
from consultation.models import Consultation, Disposition, Proposal, ResponseTemplate
from consultation.permissions import IMPORT, MODERATE, PUBLISH, STAFF, SYSTEMATIZE
from consultation.services import responses_publish
from consultation.suggestions import suggestions_for
from workflow.models import Commitment


def _check(request: HttpRequest, *permissions: str) -> None:
    check_staff(request.user, *permissions)


def _selected(request: HttpRequest, consultation: Consultation) -> list[Proposal]:
    ids = [int(pk) for pk in request.POST.getlist("proposal") if pk.isdigit()]
    return list(consultation.proposals.filter(pk__in=ids).select_related("consultation"))


def _act(request: HttpRequest, action: Callable[[], Any], done: str) -> None:
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    _check(request, *STAFF)
    consultations = Consultation.objects.select_related("plan").annotate(
        total=Count("proposals"),
        pending=Count("proposals", filter=Q(proposals__state=Proposal.State.PENDING)),
        unanswered=Count("proposals", filter=Q(proposals__disposition="")
                         & ~Q(proposals__state=Proposal.State.HIDDEN)),
    )  # fmt: skip
    return render(request, "consultation/staff/index.html", {"consultations": consultations})


@require_http_methods(["GET", "POST"])
def moderation_queue(request: HttpRequest, pk: int) -> HttpResponse:
    _check(request, MODERATE)
    consultation = get_object_or_404(Consultation, pk=pk)
    if request.method == "POST":
        proposal = get_object_or_404(consultation.proposals, pk=request.POST.get("proposal"))
        action = request.POST.get("action")
        user = request.user
        if action == "approve":
            _act(request, lambda: moderation.proposal_approve(proposal=proposal, actor=user),
                 _("Proposal %(code)s published.") % {"code": proposal.code})  # fmt: skip
        elif action == "hide":
            reason = request.POST.get("reason", "")
            _act(request, lambda: moderation.proposal_hide(proposal=proposal, actor=user,
                                                           reason=reason),
                 _("Proposal %(code)s hidden.") % {"code": proposal.code})  # fmt: skip
        elif action == "restore":
            _act(request, lambda: moderation.proposal_restore(proposal=proposal, actor=user),
                 _("Proposal %(code)s restored.") % {"code": proposal.code})  # fmt: skip
        return redirect(request.get_full_path())
    state = request.GET.get("estado", Proposal.State.PENDING)
    proposals = consultation.proposals.filter(state=state).select_related("commitment")[:200]
    return render(request, "consultation/staff/moderation.html", {
        "consultation": consultation, "proposals": proposals, "state": state,
        "states": Proposal.State.choices,
    })  # fmt: skip


@require_GET
def workspace(request: HttpRequest, pk: int) -> HttpResponse:
    _check(request, SYSTEMATIZE)
    consultation = get_object_or_404(Consultation.objects.select_related("plan"), pk=pk)
    proposals = (
        consultation.proposals.exclude(state=Proposal.State.HIDDEN)
        .select_related("axis", "cluster", "assigned_commitment", "workshop", "commitment")
        .order_by("cluster_id", "pk")
    )
    if request.GET.get("sin_respuesta"):
        proposals = proposals.filter(disposition="")
    by_pk = {p.pk: p for p in proposals}
    suggestions = [
        (by_pk[s.first], by_pk[s.second], round(s.score))
        for s in suggestions_for(consultation, limit=30)
        if s.first in by_pk and s.second in by_pk
    ]
    return render(request, "consultation/staff/workspace.html", {
        "consultation": consultation, "proposals": list(by_pk.values()),
        "suggestions": suggestions, "clusters": consultation.clusters.all(),
        "commitments": consultation.plan.commitments.filter(stage=Commitment.Stage.DRAFT),
        "dispositions": Disposition.choices, "templates": ResponseTemplate.objects.all(),
        "can_publish": request.user.has_perm(PUBLISH),
    })  # fmt: skip


@require_POST
def workspace_act(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_object_or_404(Consultation, pk=pk)
    action, user = request.POST.get("action"), request.user
    if action == "publish":
        _check(request, PUBLISH)
        _act(request, lambda: responses_publish(consultation=consultation, actor=user),
             _("The responses are published."))  # fmt: skip
        return redirect("consultation:workspace", pk=pk)
    _check(request, SYSTEMATIZE)
    chosen = _selected(request, consultation)
    if action == "merge":
        title = request.POST.get("title", "")
        _act(request, lambda: systematization.proposals_merge(proposals=chosen, actor=user,
                                                               title=title),
             _("Cluster created."))  # fmt: skip
    elif action == "split":
        clusters = list(consultation.clusters.filter(proposals__in=chosen).distinct())
        _act(request, lambda: _split(clusters, chosen, user), _("Taken out of the cluster."))
    elif action == "assign":
        commitment = consultation.plan.commitments.filter(
            pk=request.POST.get("commitment") or 0).first()  # fmt: skip
        _act(request, lambda: systematization.proposals_assign(
            proposals=chosen, commitment=commitment, actor=user), _("Assigned."))  # fmt: skip
    elif action == "answer":
        template = ResponseTemplate.objects.filter(pk=request.POST.get("template") or 0).first()
        text = request.POST.get("response", "") or (template.text if template else "")
        disposition = request.POST.get("disposition", "") or (
            template.disposition if template else "")  # fmt: skip
        _act(request, lambda: systematization.proposals_answer(
            proposals=chosen, disposition=disposition, response=text, actor=user),
            _("Response saved (private until published)."))  # fmt: skip
    elif action == "template":
        _act(request, lambda: _template_create(request, user), _("Response template saved."))
    return redirect("consultation:workspace", pk=pk)


def _split(clusters: list[Any], chosen: list[Proposal], actor: Any) -> None:
    for cluster in clusters:
        systematization.cluster_split(cluster=cluster, proposals=chosen, actor=actor)


def _template_create(request: HttpRequest, actor: Any) -> None:
    from audit.services import audit_record
    from consultation.intake import clean_text

    title = clean_text(request.POST.get("title", ""), 200)
    text = clean_text(request.POST.get("response", ""), 5000)
    disposition = request.POST.get("disposition", "")
    if not title or not text or disposition not in ("", *Disposition.values):
        raise ValidationError(_("A template needs a title and a text."))
    from django.db import transaction

    with transaction.atomic():
        template = ResponseTemplate.objects.create(title=title, text=text, disposition=disposition)
        audit_record(action="responsetemplate.create", object_type="responsetemplate",
                     object_id=template.pk, object_repr=title, actor=actor)  # fmt: skip


@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest, pk: int) -> HttpResponse:
    _check(request, IMPORT)
    consultation = get_object_or_404(Consultation, pk=pk)
    report, error, status = None, "", 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ValidationError(_("Choose a file."))
            rows = imports.read_table(upload.name or "", upload.read(imports.MAX_BYTES + 1))
            report = imports.proposals_import(consultation=consultation, rows=rows,
                                              actor=request.user)  # fmt: skip
        except ValidationError as exc:
            error = " ".join(exc.messages)
        if error or (report and report.errors):
            status = 400
    return render(request, "consultation/staff/import.html", {
        "consultation": consultation, "report": report, "error": error,
        "headers": imports.HEADERS,
    }, status=status)  # fmt: skip


@require_GET
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    _check(request, SYSTEMATIZE)
    consultation = get_object_or_404(Consultation.objects.select_related("plan"), pk=pk)
    name = f"matriz-sistematizacion-{consultation.pk}"
    if fmt == "docx":
        document = matrix.matrix_document(consultation=consultation, actor=request.user)
        with document.docx.open("rb") as handle:
            content = handle.read()
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    elif fmt == "xlsx":
        content = matrix.matrix_xlsx(matrix.matrix_rows(consultation))
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "csv":
        content, mime = matrix.matrix_csv(matrix.matrix_rows(consultation)), "text/csv"
    else:
        raise PermissionDenied
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


class ConsultationApp(Application):
    title = gettext_lazy("Public consultation")
    icon = "forum"
    app_name = "consultation"
    menu_template_name = "staff/app_menu.html"
    menu_links = (("consultation:index", gettext_lazy("Consultations"), "forum"),)

    index_path = path("", index, name="index")
    moderation_path = path("<int:pk>/moderacion/", moderation_queue, name="moderation")
    workspace_path = path("<int:pk>/sistematizacion/", workspace, name="workspace")
    act_path = path("<int:pk>/sistematizacion/accion/", workspace_act, name="workspace_act")
    import_path = path("<int:pk>/importar/", import_view, name="import")
    export_path = path("<int:pk>/matriz.<str:fmt>", export, name="export")

    def has_view_permission(self, user: Any, obj: Any = None) -> bool:
        return may_work_on(user, *STAFF)
