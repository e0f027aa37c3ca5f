"""The staff site: viewflow's Material frontend with the workflow inbox first."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.flow import WorkflowAppViewset
from viewflow.workflow.flow.views import (
    WorkflowArchiveListView,
    WorkflowInboxListView,
    WorkflowQueueListView,
)
from viewflow.workflow.flow.views.mixins import StoreRequestPathMixin
from viewflow.workflow.models import Task

from core.task_lists import ArchiveFilter, LookaheadPaginator, TaskListFilter, capped_counts
from core.task_rows import RowLinks, task_brief


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


class TaskListMixin:
    """Columns with Spanish headers, the due badge, and pages without COUNT(*)."""

    paginator_class = LookaheadPaginator
    template_name = "core/workflow_tasks_list.html"
    flow_classes: Any

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        # Viewflow pins the list's address in the session on every visit, which writes
        # the session each time; write it only when it changes.
        if request.session.get("vf-pin-location") != request.get_full_path():
            request.session["vf-pin-location"] = request.get_full_path()
        return super(StoreRequestPathMixin, self).dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def get_filterset_kwargs(self, filterset_class: Any) -> dict[str, Any]:
        kwargs = super().get_filterset_kwargs(filterset_class)  # type: ignore[misc]
        return {**kwargs, "flow_classes": self.flow_classes}

    def due(self, task: Any) -> str:
        return due_badge(task)

    due.short_description = _("Due")  # type: ignore[attr-defined]

    @cached_property
    def _links(self) -> RowLinks:
        return RowLinks()

    def task_id(self, task: Any) -> str:
        return self._links.task(task)

    task_id.short_description = "#"  # type: ignore[attr-defined]

    def brief(self, task: Any) -> str:
        return task_brief(task)

    brief.short_description = _("Brief")  # type: ignore[attr-defined]

    def process_brief(self, task: Any) -> str:
        return self._links.process(task)

    process_brief.short_description = _("Process")  # type: ignore[attr-defined]

    def created(self, task: Any) -> str:
        return date_format(timezone.localtime(task.created), "SHORT_DATETIME_FORMAT")

    created.short_description = _("Created")  # type: ignore[attr-defined]

    def finished(self, task: Any) -> str:
        if task.finished is None:
            return ""
        return date_format(timezone.localtime(task.finished), "SHORT_DATETIME_FORMAT")

    finished.short_description = _("Finished")  # type: ignore[attr-defined]


class InboxView(TaskListMixin, WorkflowInboxListView):
    columns = ("task_id", "flow_task", "brief", "process_brief", "due", "created")
    filterset_class = TaskListFilter


class QueueView(TaskListMixin, WorkflowQueueListView):
    columns = ("task_id", "process_brief", "flow_task", "brief", "due", "created")
    filterset_class = TaskListFilter


class ArchiveView(TaskListMixin, WorkflowArchiveListView):
    columns = ("task_id", "flow_task", "brief", "process_brief", "created", "finished")
    filterset_class = ArchiveFilter


class StaffWorkflowAppViewset(WorkflowAppViewset):
    """Inbox, queue and archive for every member of staff.

    Viewflow opens the app only to users who may view one of its flows; the inbox of
    a person with no task yet must still open (empty), so any user holding a role
    enters and the task lists themselves filter by assignment.
    """

    inbox_view_class = InboxView
    queue_view_class = QueueView
    archive_view_class = ArchiveView

    def get_context_data(self, request: Any) -> dict[str, Any]:
        # The menu's badges: capped counts instead of counting the whole queue.
        user = request.user
        inbox, queue = capped_counts(
            Task.objects.inbox(self.flow_classes, user), Task.objects.queue(self.flow_classes, user)
        )
        return {"user_inbox": inbox, "user_queue": queue}

    def has_view_permission(self, user: Any, obj: Any = None) -> bool:
        if not user.is_authenticated:
            return False
        if obj is not None:
            return self._may_enter(user, obj)
        # Asked some forty times while one page renders (menu, links): once per user object.
        cached = getattr(user, "_workflow_app_visible", None)
        if cached is None:
            cached = user._workflow_app_visible = self._may_enter(user, None)
        return bool(cached)

    def _may_enter(self, user: Any, obj: Any) -> bool:
        from workflow.access import may_see_workflow

        return may_see_workflow(user) or bool(super().has_view_permission(user, obj=obj))
