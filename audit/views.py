"""Auditor workspace (read-only) and the public checkpoint page."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from audit.access import check_audit
from audit.exports import FORMATS, export_response
from audit.models import AuditCheckpoint, AuditEntry
from audit.selectors import AuditFilter, FilterError, entries_page


def _filters_or_error(request: HttpRequest) -> tuple[AuditFilter | None, str]:
    try:
        return AuditFilter.from_mapping(request.GET), ""
    except FilterError as exc:
        return None, str(exc)


def _before(request: HttpRequest) -> int | None:
    value = request.GET.get("before", "")
    return int(value) if value.isdigit() else None


@require_GET
def entry_list(request: HttpRequest) -> HttpResponse:
    check_audit(request.user)
    filters, error = _filters_or_error(request)
    if filters is None:
        context = {"filters": AuditFilter(), "error": error, "entries": []}
        return render(request, "audit/entry_list.html", context, status=400)
    page = entries_page(filters, before=_before(request))
    context = {
        "filters": filters,
        "page": page,
        "entries": page.entries,
        "query": filters.as_query(),
    }
    return render(request, "audit/entry_list.html", context)


@require_GET
def process_timeline(request: HttpRequest, process_id: int) -> HttpResponse:
    check_audit(request.user)
    entries = list(AuditEntry.objects.filter(process_id=process_id).order_by("seq")[:2000])
    if not entries:
        raise Http404
    return render(request, "audit/timeline.html", {"process_id": process_id, "entries": entries})


@require_GET
def entry_detail(request: HttpRequest, seq: int) -> HttpResponse:
    check_audit(request.user)
    entry = AuditEntry.objects.filter(seq=seq).first()
    if entry is None:
        raise Http404
    payload = json.dumps(json.loads(entry.payload), ensure_ascii=False, indent=2)
    return render(request, "audit/entry_detail.html", {"entry": entry, "payload": payload})


@require_GET
def export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    check_audit(request.user)
    fmt = request.GET.get("format", "jsonl")
    filters, error = _filters_or_error(request)
    if filters is None or fmt not in FORMATS:
        return HttpResponse(error or "Formato no válido: use jsonl o csv.", status=400,
                            content_type="text/plain; charset=utf-8")  # fmt: skip
    return export_response(fmt, filters)


@login_not_required
@require_GET
def public_checkpoints(request: HttpRequest) -> HttpResponse:
    checkpoints = AuditCheckpoint.objects.order_by("-day")[:400]
    head = AuditEntry.objects.order_by("-seq").values("seq", "hash", "created_at").first()
    context = {"checkpoints": checkpoints, "head": head}
    return render(request, "audit/public_checkpoints.html", context)
