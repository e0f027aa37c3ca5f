from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from django.views.i18n import set_language
from viewflow.contrib.auth import AuthViewset
from viewflow.urls import Site
from viewflow.workflow.flow import FlowViewset

from audit.views import public_checkpoints
from audit.viewsets import AuditApp
from consultation.staff_views import ConsultationApp
from core.site import StaffWorkflowAppViewset
from core.views import healthz
from correspondence import views as correspondence_views
from correspondence.flows import FollowUpFlow, OficioFlow, ReceiptFlow
from correspondence.staff_views import CorrespondenceApp
from directory.viewsets import directory_app
from documents import views as documents_views
from documents.staff_views import SigningApp
from workflow.flows import PlanFlow
from workflow.staff_views import PlanApp

site = Site(
    title=_("Open Government"),
    viewsets=[
        StaffWorkflowAppViewset(
            title=_("Workflow"),
            icon="assignment",
            flow_viewsets=[
                FlowViewset(PlanFlow, icon="account_tree"),
                FlowViewset(OficioFlow, icon="mail"),
                FlowViewset(ReceiptFlow, icon="move_to_inbox"),
                FlowViewset(FollowUpFlow, icon="notification_important"),
            ],
        ),
        PlanApp(),
        ConsultationApp(),
        CorrespondenceApp(),
        SigningApp(),
        directory_app,
        AuditApp(),
    ],
)

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/", include("api.urls")),
    path("consulta/", include("consultation.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("transparencia/auditoria", public_checkpoints, name="public_checkpoints"),
    path("cargo/respondido", correspondence_views.receipt_done, name="receipt_done"),
    path("cargo/<str:token>", correspondence_views.receipt, name="receipt"),
    path("verificar/", documents_views.verify_upload, name="verify_upload"),
    path("verificar/<str:code>", documents_views.document_by_code, name="document_by_code"),
    path(
        "verificar/<str:code>/<str:fmt>",
        documents_views.download,
        name="document_download",
    ),
    path("accounts/", AuthViewset(with_profile_view=False, allow_password_change=True).urls),
    path("admin/", admin.site.urls),
    path("", RedirectView.as_view(url="/workflow/inbox/", permanent=False), name="home"),
    path("", site.urls),
]

# A database or Redis that is down answers 503 with a message, not a 500 (core/errors.py).
handler500 = "core.errors.server_error"
