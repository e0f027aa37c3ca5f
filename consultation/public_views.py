"""The public consultation site (/consulta/): no account, Spanish, accessible."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from audit.middleware import client_ip
from consultation import statistics
from consultation.access import proposal_by_tracking_code
from consultation.choices import PARAGRAPH_LABELS
from consultation.forms import ProposalForm, form_with_errors
from consultation.guards import Rejected, body_check
from consultation.intake import RateLimited, proposal_input, proposal_submit
from consultation.models import Consultation
from consultation.selectors import (
    current_consultation,
    open_consultation_cached,
    proposal_by_code,
    published_proposals,
)
from workflow.models import Axis, Commitment


def _consultation() -> Consultation:
    consultation = current_consultation()
    if consultation is None:
        raise Http404
    return consultation


def _error(request: HttpRequest, status: int, message: str) -> HttpResponse:
    return render(request, "consultation/public/error.html", {"message": message}, status=status)


@login_not_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    consultation = _consultation()
    drafts = (
        Commitment.objects.filter(stage=Commitment.Stage.DRAFT)
        .select_related("lead")
        .order_by("number")
    )
    axes = Axis.objects.filter(plan=consultation.plan).prefetch_related(
        Prefetch("commitments", queryset=drafts, to_attr="drafts")
    )
    return render(request, "consultation/public/home.html", {
        "consultation": consultation, "axes": axes, "paragraphs": PARAGRAPH_LABELS,
    })  # fmt: skip


@login_not_required
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    consultation = (open_consultation_cached() if request.method == "POST" else None) or (
        _consultation()
    )
    status = 200
    if request.method == "POST":
        try:
            body_check(request)
        except Rejected as exc:
            return _error(request, exc.status, exc.message)
        if request.POST.get("website"):  # the honeypot
            return _error(request, 400, _("The submission could not be accepted."))
        try:
            proposal = proposal_submit(
                consultation=consultation, ip=client_ip(request) or "",
                **proposal_input(request.POST, plan_id=consultation.plan_id),
            )  # fmt: skip
        except RateLimited as exc:
            return _error(request, 429, exc.messages[0])
        except ValidationError as exc:
            form = form_with_errors(request.POST, plan_id=consultation.plan_id, error=exc)
        else:
            return redirect("consultation_public:received", code=proposal.code)
        status = 400
    else:
        form = ProposalForm(
            initial={"commitment": request.GET.get("compromiso"),
                     "paragraph": request.GET.get("parrafo", "")},
            plan_id=consultation.plan_id,
        )  # fmt: skip
    return render(request, "consultation/public/submit.html",
                  {"consultation": consultation, "form": form}, status=status)  # fmt: skip


@login_not_required
@require_GET
def received(request: HttpRequest, code: str) -> HttpResponse:
    proposal = proposal_by_tracking_code(code)
    return render(request, "consultation/public/received.html", {"proposal": proposal})


@login_not_required
@require_GET
def follow(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("codigo", "")[:40]
    proposal = proposal_by_code(code) if code else None
    status = 404 if code and proposal is None else 200
    return render(request, "consultation/public/follow.html",
                  {"code": code, "proposal": proposal}, status=status)  # fmt: skip


@login_not_required
@require_GET
def accountability(request: HttpRequest) -> HttpResponse:
    consultation = _consultation()
    return render(request, "consultation/public/accountability.html", {
        "consultation": consultation, "proposals": published_proposals(consultation),
    })  # fmt: skip


@login_not_required
@require_GET
def stats(request: HttpRequest) -> HttpResponse:
    consultation = _consultation()
    return render(request, "consultation/public/stats.html", {
        "consultation": consultation, "charts": statistics.charts(consultation),
    })  # fmt: skip
