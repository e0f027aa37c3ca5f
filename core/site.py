"""The staff site: viewflow's Material frontend with the workflow inbox first."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.flow import WorkflowAppViewset
from viewflow.workflow.flow.views import (
    WorkflowInboxListView,
    WorkflowQueueListView,
)


def due_badge(task: Any) -> str:
    """The task's due date (kept in its data when it has one), red once overdue."""
    due = (task.data or {}).get("due")
    if not due or task.finished:
        return ""
    day = date.fromisoformat(due)
    text = date_format(day, "SHORT_DATE_FORMAT")
    if day < timezone.localdate():
        return format_html(
            '<span class="due due--overdue" style="color:#b00020;font-weight:600">{} {}</span>',
            _("Overdue"),
            text,
        )
    return format_html('<span class="due">{} {}</span>', _("Due"), text)


class DueMixin:
    def due(self, task: Any) -> str:
        return due_badge(task)

    due.short_description = _("Due")  # type: ignore[attr-defined]


class InboxView(DueMixin, WorkflowInboxListView):
    columns = ("task_id", "flow_task", "brief", "process_brief", "due", "created")


class QueueView(DueMixin, WorkflowQueueListView):
    columns = ("task_id", "process_brief", "flow_task", "brief", "due", "created")


class StaffWorkflowAppViewset(WorkflowAppViewset):
    """Inbox, queue and archive for every member of staff.

    Viewflow opens the app only to users who may view one of its flows; the inbox of
    a person with no task yet must still open (empty), so any user holding a role
    enters and the task lists themselves filter by assignment.
    """

    inbox_view_class = InboxView
    queue_view_class = QueueView

    def has_view_permission(self, user: Any, obj: Any = None) -> bool:
        if not user.is_authenticated:
            return False
        if user.is_superuser or super().has_view_permission(user, obj=obj):
            return True
        return bool(user.groups.exists())
