from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application

from audit import views
from audit.access import VIEW_PERMISSION


class AuditApp(Application):
    title = _("Audit")
    icon = "policy"
    app_name = "audit"
    permission = VIEW_PERMISSION
    menu_template_name = "staff/app_menu.html"
    menu_links = (("audit:index", _("Audit log"), "history"),)

    index_path = path("", views.entry_list, name="index")
    timeline_path = path("process/<int:process_id>/", views.process_timeline, name="timeline")
    detail_path = path("entry/<int:seq>/", views.entry_detail, name="detail")
    export_path = path("export/", views.export, name="export")
