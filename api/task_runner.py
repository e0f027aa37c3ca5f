"""Completing a task through the API runs the step's own view: the same form, the same
service, the same lock and permission check as the task page in the staff site."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest, QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from rest_framework.request import Request
from viewflow.workflow.flow.utils import wrap_view
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from api.errors import Conflict, form_errors, invalid


def form_data(data: Any) -> QueryDict:
    """The JSON object or form sent, as the form a browser would post."""
    form = QueryDict(mutable=True)
    items = data.lists() if hasattr(data, "lists") else dict(data or {}).items()
    for key, value in items:
        values = value if isinstance(value, list | tuple) else [value]
        form.setlist(str(key), ["" if v is None else _text(v) for v in values])
    return form


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "on" if value else ""
    return str(value)


def _browser_request(request: Request, data: Any) -> HttpRequest:
    origin = request._request
    posted = HttpRequest()
    posted.method = "POST"
    posted.path = posted.path_info = origin.path
    posted.META = {**origin.META, "REQUEST_METHOD": "POST"}
    posted.POST = form_data(data)  # type: ignore[assignment]
    posted.FILES = MultiValueDict(dict(request.FILES.lists()))
    posted.user = request.user
    posted.session = getattr(origin, "session", None)  # type: ignore[assignment]
    posted.COOKIES = {}
    posted.resolver_match = None
    return posted


def task_complete(*, request: Request, task: Task, data: Any) -> Task:
    """Run the step's view on ``data``; 400 with the form's errors, nothing written."""
    node = task.flow_task
    if getattr(node, "task_type", "") != "HUMAN" or not hasattr(node, "view"):
        raise Conflict(_("This step is not completed by a person."))
    if task.status not in (STATUS.ASSIGNED, STATUS.STARTED):
        raise Conflict(_("Claim the task before completing it."))
    view = wrap_view(node, node.view)
    posted = _browser_request(request, data)
    with transaction.atomic():
        response = view(posted, process_pk=task.process_id, task_pk=task.pk)
        if response.status_code in (301, 302, 303):
            task.refresh_from_db()
            return task
        # The form was not valid, or the service refused it: undo whatever started.
        transaction.set_rollback(True)
    form = (getattr(response, "context_data", None) or {}).get("form")
    errors = form_errors(form) if form is not None else {}
    raise invalid(errors or {"non_field_errors": [_("The step could not be completed.")]})


def open_task(*, process_id: int | None, step: Any, user: Any) -> Task:
    """The open task of ``step`` in a process that ``user`` holds (or may take)."""
    tasks = Task.objects.filter(
        process_id=process_id, flow_task=step, status__in=(STATUS.NEW, STATUS.ASSIGNED)
    ).select_related("process", "owner")
    mine = [task for task in tasks if task.owner_id == user.pk]
    if mine:
        return mine[0]
    from django.core.exceptions import PermissionDenied

    if tasks:
        raise PermissionDenied(_("This step is not yours to complete."))
    raise Conflict(_("This step is not open now."))
