"""Drive PlanFlow's tasks through the real task views, as the users who own them.

Each step opens the task (claiming it from the role's queue when needed) and posts its
form, exactly as a person would in the inbox; a refused form is an error, never skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import get_resolver
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS


class StepRefused(RuntimeError):
    pass


class FlowDriver:
    def __init__(
        self,
        process: Any,
        log: Callable[[str], None] = lambda line: None,
        check_refusals: bool = False,
    ) -> None:
        get_resolver().url_patterns  # noqa: B018 (flow URLs need the site's URLconf)
        hosts = [h for h in settings.ALLOWED_HOSTS if h and not h.startswith(".") and h != "*"]
        self.client = Client(SERVER_NAME=hosts[0] if hosts else "testserver")
        self.process, self.log = process, log
        self.users = get_user_model().objects
        # Tests: before each step, every other user with an account is refused on it.
        self.check_refusals = check_refusals
        self.refusals = 0

    def open_tasks(self, node: Any, process: Any = None) -> list[Task]:
        return list(
            Task.objects.filter(
                process=process or self.process,
                flow_task=node,
                status__in=[STATUS.NEW, STATUS.ASSIGNED, STATUS.SCHEDULED],  # timers wait scheduled
            ).order_by("pk")
        )

    def post(self, task: Task, username: str, data: dict[str, Any]) -> Any:
        """``username`` claims ``task`` if it is still in a queue, and submits ``data``."""
        args = [task.process_id, task.pk]
        if self.check_refusals:
            self._refused_to_others(task, username, data)
        user = self.users.get(username=username)
        self.client.force_login(user)
        if task.status == STATUS.NEW:
            response = self.client.post(task.flow_task.reverse("assign", args=args))
            if response.status_code != 302:
                raise StepRefused(
                    f"{username} no pudo tomar {task.flow_task}: {response.status_code}"
                )
        response = self.client.post(task.flow_task.reverse("execute", args=args), data)
        if response.status_code != 302:
            errors = getattr(response, "context", None) and response.context.get("form")
            detail = errors.errors.as_text() if errors else response.content[:500].decode()
            raise StepRefused(f"{username} en {task.flow_task}: {response.status_code} {detail}")
        self.log(f"  {task.flow_task.task_title or task.flow_task.name} — {username}")
        return response

    def _refused_to_others(self, task: Task, username: str, data: dict[str, Any]) -> None:
        args = [task.process_id, task.pk]
        actor = self.users.get(username=username)
        # Colleagues in the same role share its queue; everyone else must be refused.
        others = self.users.exclude(groups__in=actor.groups.all()).filter(is_superuser=False)
        for other in others.distinct():
            self.client.force_login(other)
            for view in ("assign", "execute"):
                response = self.client.post(task.flow_task.reverse(view, args=args), data)
                if response.status_code != 403:
                    raise StepRefused(
                        f"{other.username} no debía poder {view} {task.flow_task}: "
                        f"{response.status_code}"
                    )
                self.refusals += 1

    def step(self, node: Any, username: str, data: dict[str, Any], process: Any = None) -> Task:
        tasks = self.open_tasks(node, process)
        if not tasks:
            raise StepRefused(f"No hay una tarea abierta en {node}")
        self.post(tasks[0], username, data)
        return tasks[0]
