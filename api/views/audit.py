"""The audit log for auditors and observers: list and filter, one entry, export, verify."""

from __future__ import annotations

from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, OpenApiTypes, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import invalid
from api.serializers import AuditEntrySerializer, AuditPageSerializer, AuditVerificationSerializer
from api.views.base import AnyAccept
from audit.access import check_audit
from audit.exports import FORMATS, export_response
from audit.models import AuditEntry
from audit.selectors import AuditFilter, FilterError, entries_page
from audit.verification import verify_database

FILTERS = [
    OpenApiParameter("process", int, required=False),
    OpenApiParameter("entity", str, required=False),
    OpenApiParameter("user", str, required=False),
    OpenApiParameter("role", str, required=False),
    OpenApiParameter("action", str, required=False),
    OpenApiParameter("since", OpenApiTypes.DATE, required=False),
    OpenApiParameter("until", OpenApiTypes.DATE, required=False),
]


def _filters(request: Request) -> AuditFilter:
    try:
        return AuditFilter.from_mapping(request.query_params)
    except FilterError as exc:
        raise invalid({"filters": [str(exc)]}, str(exc)) from exc


class AuditEntryList(APIView):
    @extend_schema(
        tags=["audit"],
        operation_id="v1_audit_entries_list",
        parameters=[
            *FILTERS,
            OpenApiParameter("before", int, required=False,
                             description="Página siguiente: el next_before de la anterior"),
        ],
        responses=AuditPageSerializer,
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        check_audit(request.user)
        filters = _filters(request)
        before = request.query_params.get("before", "")
        page = entries_page(filters, before=int(before) if before.isdigit() else None)
        return Response(AuditPageSerializer({"results": page.entries,
                                             "next_before": page.next_before}).data)  # fmt: skip


@extend_schema(tags=["audit"], responses=AuditEntrySerializer)
class AuditEntryDetail(APIView):
    def get(self, request: Request, seq: int) -> Response:
        check_audit(request.user)
        return Response(AuditEntrySerializer(get_object_or_404(AuditEntry, seq=seq)).data)


@extend_schema(
    tags=["audit"],
    parameters=[*FILTERS, OpenApiParameter("format", str, enum=list(FORMATS), required=False)],
    responses={
        (200, "application/x-ndjson"): OpenApiResponse(OpenApiTypes.STR),
        (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR),
    },
)
class AuditExport(AnyAccept, APIView):
    def get(self, request: Request) -> StreamingHttpResponse:
        check_audit(request.user)
        fmt = request.query_params.get("format", "jsonl")
        filters = _filters(request)
        if fmt not in FORMATS:
            message = _("Invalid format: use jsonl or csv.")
            raise invalid({"format": [message]}, message)
        return export_response(fmt, filters)


@extend_schema(tags=["audit"], responses=AuditVerificationSerializer)
class AuditVerify(APIView):
    def get(self, request: Request) -> Response:
        check_audit(request.user)
        result = verify_database()
        problem = result.problem
        text = str(problem) if problem else None
        return Response(AuditVerificationSerializer({"ok": result.ok, "count": result.count,
                                                     "head": result.head,
                                                     "problem": text}).data)  # fmt: skip
