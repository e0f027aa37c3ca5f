"""The staff site: viewflow's Material frontend with the workflow inbox first."""

from __future__ import annotations

from typing import Any

from viewflow.workflow.flow import WorkflowAppViewset


class StaffWorkflowAppViewset(WorkflowAppViewset):
    """Inbox, queue and archive for every member of staff.

    Viewflow opens the app only to users who may view one of its flows; the inbox of
    a person with no task yet must still open (empty), so any user holding a role
    enters and the task lists themselves filter by assignment.
    """

    def has_view_permission(self, user: Any, obj: Any = None) -> bool:
        if not user.is_authenticated:
            return False
        if user.is_superuser or super().has_view_permission(user, obj=obj):
            return True
        return bool(user.groups.exists())
