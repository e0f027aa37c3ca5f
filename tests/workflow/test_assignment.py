"""Claim, release and reassignment of plan tasks: the holder releases, the technical
secretariat reassigns to someone of the task's role; each leaves an audit entry."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail

from audit.models import AuditEntry
from tests.correspondence.conftest import run_jobs
from workflow.flows import PlanFlow
from workflow.models import ActionPlan

pytestmark = pytest.mark.django_db


def test_secretariat_reassigns_and_the_holder_releases(
    driver: Any, plan: ActionPlan, pki: dict[str, User], client: Any
) -> None:
    (task,) = driver.open_tasks(PlanFlow.define)
    url = f"/plans/tareas/{task.pk}/reasignar/"

    client.force_login(pki["observador"])
    assert client.get(url).status_code == 403
    assert client.post(url, {"user": pki["secretaria2"].pk, "reason": "x"}).status_code == 403

    client.force_login(pki["secretaria"])
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert f'href="{url}"' in page and "Reasignar" in page
    form = client.get(url).content.decode()
    assert "secretaria2" in form and "presidencia" not in form  # only the task's role
    refused = client.post(url, {"user": pki["presidencia"].pk, "reason": "Vacaciones"})
    assert refused.status_code == 400
    assert "Escoja una opción válida" in refused.content.decode()
    assert client.post(url, {"user": pki["secretaria2"].pk, "reason": ""}).status_code == 400

    done = client.post(url, {"user": pki["secretaria2"].pk, "reason": "Carga de trabajo"})
    assert done.status_code == 302
    task.refresh_from_db()
    assert task.owner == pki["secretaria2"] and task.status == "ASSIGNED"
    entry = AuditEntry.objects.get(action="task.reassign", object_id=str(task.pk))
    assert (entry.actor_username, entry.to_state) == ("secretaria", "secretaria2")
    run_jobs()
    assert mail.outbox[-1].to == [pki["secretaria2"].email]
    assert "Se le asignó una tarea" in mail.outbox[-1].subject

    release = f"/plans/tareas/{task.pk}/liberar/"
    client.force_login(pki["presidencia"])  # neither the holder nor the secretariat
    assert client.post(release).status_code == 403
    client.force_login(pki["secretaria2"])
    assert client.get(release).status_code == 405
    assert client.post(release).status_code == 302
    task.refresh_from_db()
    assert task.owner is None and task.status == "NEW"
    assert AuditEntry.objects.filter(action="task.release", object_id=str(task.pk)).exists()
    # Released again: nothing to release, a message and no entry.
    response = client.post(release, follow=True)
    assert "no está asignada" in response.content.decode()
    assert AuditEntry.objects.filter(action="task.release").count() == 1
    # The queue's next taker completes it as usual.
    driver.step(PlanFlow.define, "secretaria", _session())


def _session() -> dict[str, str]:
    from workflow.simulation import content

    return content.SESSION
