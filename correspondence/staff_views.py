"""Staff pages of the correspondence: who has not answered, at a glance."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from viewflow.urls import Application

from correspondence.models import Dispatch, Oficio
from correspondence.selectors import dispatch_counts, issued_oficios

VIEW_PERMISSION = "correspondence.view_dispatch"


def _check(request: HttpRequest) -> None:
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    _check(request)
    context = {"groups": dispatch_counts(Dispatch.objects.all()), "oficios": issued_oficios()[:100]}
    return render(request, "correspondence/dashboard.html", context)


@require_GET
def oficio_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _check(request)
    oficio = get_object_or_404(Oficio, pk=pk)
    dispatches = oficio.dispatches.select_related("entity").order_by("entity__name")
    context = {
        "oficio": oficio,
        "groups": dispatch_counts(oficio.dispatches.all()),
        "dispatches": dispatches,
    }
    return render(request, "correspondence/oficio_detail.html", context)


class CorrespondenceApp(Application):
    title = _("Correspondence")
    icon = "mail"
    app_name = "correspondence"
    permission = VIEW_PERMISSION
    menu_template_name = "staff/app_menu.html"
    menu_links = (("correspondence:index", _("Dashboard"), "insights"),)

    index_path = path("", dashboard, name="index")
    detail_path = path("oficio/<int:pk>/", oficio_detail, name="detail")
