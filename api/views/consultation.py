"""The public consultation: submit a proposal (same form and abuse guards as /consulta/)
and follow it by tracking code (no personal data unless its author consented)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import Conflict, TooLarge, form_errors, invalid
from api.serializers import ProposalStatusSerializer, ProposalSubmitSerializer
from api.task_runner import form_data
from audit.middleware import client_ip
from consultation.access import proposal_by_tracking_code, public_author
from consultation.forms import form_with_errors
from consultation.guards import Rejected, body_check
from consultation.intake import RateLimited, proposal_input, proposal_submit
from consultation.models import Proposal
from consultation.selectors import open_consultation_cached


class TooMany(exceptions.Throttled):
    pass


def _status(proposal: Proposal) -> tuple[str, str]:
    if proposal.published_disposition:
        return "answered", _("Answered")
    if proposal.state == Proposal.State.PENDING:
        return "moderation", _("Awaiting moderation")
    if proposal.state == Proposal.State.HIDDEN:
        return "hidden", _("Not published by moderation")
    return "systematization", _("Under systematization")


def proposal_status(proposal: Proposal) -> dict[str, Any]:
    code, label = _status(proposal)
    answered = bool(proposal.published_disposition)
    landed = proposal.assigned_commitment if answered else None
    return ProposalStatusSerializer({
        "code": proposal.code, "created_at": proposal.created_at, "status": code,
        "status_label": label, "text": proposal.text, "author": public_author(proposal),
        "hidden_reason": proposal.hidden_reason if code == "hidden" else "",
        "disposition": proposal.published_disposition,
        "disposition_label": proposal.get_published_disposition_display() if answered else "",
        "response": proposal.published_response, "commitment": str(landed) if landed else None,
    }).data  # fmt: skip


class _Public(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]


@extend_schema(
    tags=["consultation"],
    request={
        "application/json": ProposalSubmitSerializer,
        "application/x-www-form-urlencoded": ProposalSubmitSerializer,
    },
    responses={201: ProposalStatusSerializer},
    summary="Enviar un aporte a la consulta abierta",
)
class ProposalSubmit(_Public):
    def post(self, request: Request) -> Response:
        try:
            body_check(request._request, allow_json=True)
        except Rejected as exc:
            if exc.status == 413:
                raise TooLarge(exc.message) from exc
            raise invalid({}, exc.message) from exc
        consultation = open_consultation_cached()
        if consultation is None:
            raise Conflict(_("The consultation is not open."))
        data = form_data(request.data)
        if data.get("website"):  # the honeypot
            raise invalid({}, _("The submission could not be accepted."))
        try:
            proposal = proposal_submit(
                consultation=consultation, ip=client_ip(request._request) or "",
                **proposal_input(data, plan_id=consultation.plan_id),
            )  # fmt: skip
        except RateLimited as exc:
            raise TooMany(detail=exc.messages[0]) from exc
        except ValidationError as exc:
            form = form_with_errors(data, plan_id=consultation.plan_id, error=exc)
            raise invalid(form_errors(form), exc.messages[0]) from exc
        return Response(proposal_status(proposal), status=status.HTTP_201_CREATED)


@extend_schema(tags=["consultation"], responses=ProposalStatusSerializer,
               summary="Seguimiento de un aporte por su código")  # fmt: skip
class ProposalStatus(_Public):
    def get(self, request: Request, code: str) -> Response:
        return Response(proposal_status(proposal_by_tracking_code(code)))
