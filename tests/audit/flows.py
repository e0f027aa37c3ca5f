"""A minimal flow that exercises every task event the audit log records."""

from viewflow import this
from viewflow.workflow import flow, lock
from viewflow.workflow.flow.views import UpdateProcessView


class AuditProbeFlow(flow.Flow):
    """Audit probe"""

    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle().Next(this.review)
    review = flow.View(UpdateProcessView.as_view(fields=[])).Next(this.end)
    end = flow.End()
