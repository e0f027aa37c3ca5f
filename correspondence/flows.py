"""Follow-up of overdue oficios: a task in the technical secretariat's queue."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock
from viewflow.workflow.flow.views import UpdateProcessView

FOLLOW_UP_PERMISSION = "correspondence.follow_up_dispatch"


class FollowUpFlow(flow.Flow):
    """Seguimiento de oficio vencido

    A recipient did not answer within its term: after the first reminder, the
    technical secretariat calls the entity's liaison and records the outcome.
    """

    process_title = _("Follow-up of an overdue oficio")
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle().Next(this.follow_up)
    follow_up = (
        flow.View(UpdateProcessView.as_view(fields=[]))
        .Annotation(title=_("Follow up the unanswered oficio"))
        .Permission(FOLLOW_UP_PERMISSION)
        .Next(this.end)
    )
    end = flow.End()

    def has_view_permission(self, user: Any, obj: Any = None) -> bool:
        # Only those who follow up see these processes (not every viewer of processes).
        return bool(user.is_authenticated and user.has_perm(FOLLOW_UP_PERMISSION))


def follow_up_start(dispatch: Any) -> Any:
    """Open the follow-up for ``dispatch`` (once: the caller starts it at the first reminder)."""
    return FollowUpFlow.start.run(_process_seed=dispatch)
