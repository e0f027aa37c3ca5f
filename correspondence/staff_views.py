"""Staff pages of the correspondence: who has not answered, at a glance."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods
from viewflow.urls import Application

from correspondence.access import (
    VIEW_PERMISSION,
    check_correspondence,
    check_draft_oficios,
    oficio_by_id,
)
from correspondence.flows import oficio_draft
from correspondence.forms import OficioForm
from correspondence.merge import mail_merge_retry_failed, merge_progress
from correspondence.models import Dispatch, MailMerge, MailMergeItem
from correspondence.selectors import dispatch_counts, issued_oficios
from documents.signing import SigningError


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    check_correspondence(request.user)
    context = {"groups": dispatch_counts(Dispatch.objects.all()), "oficios": issued_oficios()[:100]}
    return render(request, "correspondence/dashboard.html", context)


@require_http_methods(["GET", "POST"])
def oficio_new(request: HttpRequest) -> HttpResponse:
    """Draft an oficio and send it for its vistos buenos (the flow starts here)."""
    check_draft_oficios(request.user)
    form = OficioForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            oficio = oficio_draft(request.user, data)
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(request, _("Draft sent for its vistos buenos."))
            return redirect("correspondence:detail", pk=oficio.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "correspondence/oficio_new.html", {"form": form}, status=status)


@require_GET
def oficio_detail(request: HttpRequest, pk: int) -> HttpResponse:
    oficio = oficio_by_id(request.user, pk)
    dispatches = oficio.dispatches.select_related("entity").order_by("entity__name")
    context = {
        "oficio": oficio,
        "groups": dispatch_counts(oficio.dispatches.all()),
        "dispatches": dispatches,
    }
    return render(request, "correspondence/oficio_detail.html", context)


@require_GET
def merge_page(request: HttpRequest, pk: int) -> HttpResponse:
    check_correspondence(request.user)
    merge = get_object_or_404(MailMerge.objects.select_related("model"), pk=pk)
    failed = merge.items.filter(state=MailMergeItem.State.FAILED).select_related("entity")
    context = {"merge": merge, "progress": merge_progress(merge), "failed": failed}
    return render(request, "correspondence/merge.html", context)


@require_GET
def merge_progress_json(request: HttpRequest, pk: int) -> JsonResponse:
    check_correspondence(request.user)
    progress = merge_progress(get_object_or_404(MailMerge, pk=pk))
    return JsonResponse({"total": progress.total, "done": progress.done, "failed": progress.failed,
                         "percent": progress.percent, "finished": progress.finished})  # fmt: skip


@require_http_methods(["POST"])
def merge_retry(request: HttpRequest, pk: int) -> HttpResponse:
    check_correspondence(request.user)
    merge = get_object_or_404(MailMerge, pk=pk)
    try:
        count = mail_merge_retry_failed(merge=merge, actor=request.user,
                                        password=request.POST.get("password", ""))  # fmt: skip
    except SigningError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(count)s failed oficio(s) sent again.") % {"count": count})
    return redirect("correspondence:merge", pk=pk)


class CorrespondenceApp(Application):
    title = _("Correspondence")
    icon = "mail"
    app_name = "correspondence"
    permission = VIEW_PERMISSION
    menu_template_name = "staff/app_menu.html"
    menu_links = (
        ("correspondence:index", _("Dashboard"), "insights"),
        ("correspondence:new", _("New oficio"), "edit_note"),
    )

    index_path = path("", dashboard, name="index")
    detail_path = path("oficio/<int:pk>/", oficio_detail, name="detail")
    new_path = path("nuevo/", oficio_new, name="new")
    merge_path = path("combinacion/<int:pk>/", merge_page, name="merge")
    merge_progress_path = path(
        "combinacion/<int:pk>/progreso", merge_progress_json, name="merge_progress"
    )
    merge_retry_path = path("combinacion/<int:pk>/reintentar", merge_retry, name="merge_retry")
