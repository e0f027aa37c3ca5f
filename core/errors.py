"""Answers for requests that fail for a reason the user can act on, instead of a 500.

- 503: a server the request needs (the database, Redis) is down or refused the work. The
  transaction of the request is rolled back with the connection, so nothing was recorded
  and the user can simply try again later.
- 409: someone else got there first (the task was completed or taken from the queue in
  another window or by a colleague, or the process is locked by a request still running).
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.defaults import server_error as default_server_error
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

RETRY_AFTER_SECONDS = 30


# The database, Redis as cache or as broker: down, restarting, or refusing connections.
UNAVAILABLE = (
    OperationalError,
    InterfaceError,
    RedisConnectionError,
    RedisTimeoutError,
    BrokerError,
)


def _page(title: str, message: str, status: int) -> HttpResponse:
    # No request context: the context processors may need the database that is down.
    body = render_to_string("core/error.html", {"title": title, "message": message})
    return HttpResponse(body, status=status)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a 503 in the user's language when a server we need is unavailable."""
    exc = sys.exc_info()[1]
    if isinstance(exc, UNAVAILABLE):
        response = _page(
            _("Service temporarily unavailable"),
            _(
                "The system cannot reach its database or queue right now. Your action was "
                "not recorded: please try again in a few minutes."
            ),
            503,
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return default_server_error(request)


def _conflict(exception: Exception) -> str | None:
    """The user's message when ``exception`` means someone else got there first."""
    import django_fsm
    from viewflow.fsm import TransitionNotAllowed
    from viewflow.workflow.exceptions import FlowLockFailed

    if isinstance(exception, FlowLockFailed | django_fsm.ConcurrentTransition):
        return _(
            "Someone else is working on this process right now. Wait a few seconds and try again."
        )
    # viewflow turns a task that can no longer be started (it is done) into a 403.
    if isinstance(exception, PermissionDenied) and isinstance(
        exception.__context__, TransitionNotAllowed
    ):
        return _(
            "This task has already been completed, by someone else or from another window. "
            "Check your inbox."
        )
    return None


class ConflictMiddleware:
    """A request that lost a race gets a 409 with the reason, never a 403 or a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        message = _conflict(exception)
        if message is not None:
            return _page(_("The task was not completed"), message, 409)
        if _claim_lost(request, exception):
            return _page(_("The task was not taken"), _(
                "Someone else took this task from the queue first, or you did in another "
                "window. Check your inbox."
            ), 409)  # fmt: skip
        return None


def _claim_lost(request: HttpRequest, exception: Exception) -> bool:
    """viewflow refuses a claim of a task that was taken meanwhile with a 403: it is a lost
    race when the claimant could have taken the task while it was free."""
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    match = request.resolver_match
    if not (isinstance(exception, PermissionDenied) and match and match.url_name == "assign"):
        return False
    task = Task.objects.filter(pk=match.kwargs.get("task_pk"), status=STATUS.ASSIGNED).first()
    if task is None or not task.owner_permission:  # assigned by name: it never was queued
        return False
    task.owner_id = None  # as it was when the claim began
    return bool(task.flow_task.can_assign(request.user, task))
