"""The baseline for task completion: viewflow's smallest human process."""

from __future__ import annotations

from typing import Any

from viewflow import this
from viewflow.workflow import flow, lock
from viewflow.workflow.flow.views import UpdateProcessView


class BareFlow(flow.Flow):
    """Start → View → End, with the same lock as the product's flows."""

    process_title = "Bare"
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_process).Next(this.work)
    work = flow.View(UpdateProcessView.as_view(fields=[])).Assign(this.worker).Next(this.end)
    end = flow.End()

    def start_process(self, activation: Any, user: Any) -> Any:
        activation.process.data = {"worker": user.pk}
        return activation.process

    def has_view_permission(self, user: Any, obj: Any = None) -> bool:
        return bool(user.is_authenticated)

    def worker(self, activation: Any) -> Any:
        from django.contrib.auth import get_user_model

        return get_user_model().objects.get(pk=activation.process.data["worker"])
