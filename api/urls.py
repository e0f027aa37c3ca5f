"""/api/v1/ (the API), /api/schema/ (OpenAPI 3), /api/docs/ and /api/redoc/ (offline)."""

from __future__ import annotations

from django.urls import URLPattern, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from api.views import audit, consultation, correspondence, documents, workflow
from api.views.base import not_found

v1 = [
    path("plans/", workflow.PlanList.as_view(), name="plans"),
    path("plans/<int:pk>/", workflow.PlanDetail.as_view(), name="plan"),
    path("processes/", workflow.ProcessList.as_view(), name="processes"),
    path("processes/<int:pk>/", workflow.ProcessDetail.as_view(), name="process"),
    path("tasks/inbox/", workflow.Inbox.as_view(), name="inbox"),
    path("tasks/queue/", workflow.Queue.as_view(), name="queue"),
    path("tasks/<int:pk>/", workflow.TaskDetail.as_view(), name="task"),
    path("tasks/<int:pk>/claim/", workflow.TaskClaim.as_view(), name="task_claim"),
    path("tasks/<int:pk>/release/", workflow.TaskRelease.as_view(), name="task_release"),
    path("tasks/<int:pk>/complete/", workflow.TaskComplete.as_view(), name="task_complete"),
    path("oficios/", correspondence.OficioList.as_view(), name="oficios"),
    path("oficios/<int:pk>/", correspondence.OficioDetail.as_view(), name="oficio"),
    path("oficios/<int:pk>/dispatches/", correspondence.OficioDispatches.as_view(),
         name="oficio_dispatches"),
    path("oficios/<int:pk>/review/", correspondence.OficioReview.as_view(), name="oficio_review"),
    path("oficios/<int:pk>/sign/", correspondence.OficioSign.as_view(), name="oficio_sign"),
    path("dispatches/<int:pk>/", correspondence.DispatchDetail.as_view(), name="dispatch"),
    path("dispatches/<int:pk>/receipt/", correspondence.DispatchReceipt.as_view(),
         name="dispatch_receipt"),
    path("dispatches/<int:pk>/reply/", correspondence.DispatchReply.as_view(),
         name="dispatch_reply"),
    path("documents/verify/", documents.VerifyUpload.as_view(), name="document_verify_upload"),
    path("documents/<str:code>/", documents.DocumentDetail.as_view(), name="document"),
    path("documents/<str:code>/pdf/", documents.DocumentDownload.as_view(), name="document_pdf"),
    path("documents/<str:code>/verification/", documents.DocumentVerification.as_view(),
         name="document_verification"),
    path("consultation/proposals/", consultation.ProposalSubmit.as_view(), name="proposals"),
    path("consultation/proposals/<str:code>/", consultation.ProposalStatus.as_view(),
         name="proposal"),
    path("audit/entries/", audit.AuditEntryList.as_view(), name="audit_entries"),
    path("audit/entries/<int:seq>/", audit.AuditEntryDetail.as_view(), name="audit_entry"),
    path("audit/export/", audit.AuditExport.as_view(), name="audit_export"),
    path("audit/verify/", audit.AuditVerify.as_view(), name="audit_verify"),
]  # fmt: skip

app_name = "api"
urlpatterns: list[URLPattern] = [
    *(path(f"v1/{p.pattern}", p.callback, name=p.name) for p in v1),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    re_path(r"^(?P<rest>.*)$", not_found, name="not_found"),
]

# The API authenticates by itself (token or session) and answers 401/403 in JSON: the
# site's login redirect does not apply.
for pattern in urlpatterns:
    pattern.callback.login_required = False  # type: ignore[attr-defined]
