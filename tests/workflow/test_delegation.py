"""Delegation: the absent user's task goes to the delegate, who acts on their behalf."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from audit.models import AuditEntry
from workflow.flows import PlanFlow
from workflow.models import Delegation
from workflow.simulation import content

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _delegate(client: Any, actor: User, delegator: User, delegate: User) -> Any:
    client.force_login(actor)
    today = timezone.localdate()
    return client.post("/plans/delegaciones/", {
        "delegator": delegator.pk, "delegate": delegate.pk, "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=5)).isoformat(), "reason": "Vacaciones",
    })  # fmt: skip


def test_delegate_acts_and_both_are_recorded(
    driver: Any, pki: dict[str, User], client: Any
) -> None:
    secretaria, secretaria2 = pki["secretaria"], pki["secretaria2"]
    (task,) = driver.open_tasks(PlanFlow.define)
    client.force_login(secretaria)
    client.post(task.flow_task.reverse("assign", args=[task.process_id, task.pk]))
    assert _delegate(client, secretaria, secretaria, secretaria2).status_code == 302
    task.refresh_from_db()
    assert task.owner == secretaria2 and task.data["on_behalf_of"] == secretaria.pk
    driver.post(task, "secretaria2", content.SESSION)
    done = AuditEntry.objects.get(action="task.complete", object_id=str(task.pk))
    assert (done.actor_username, done.delegator_username) == ("secretaria2", "secretaria")
    session = AuditEntry.objects.get(action="plan.session.record")
    assert session.delegator_username == "secretaria"


def test_delegation_refused_to_others_and_to_different_roles(
    pki: dict[str, User], client: Any
) -> None:
    # A member cannot register someone else's absence…
    response = _delegate(client, pki["miembro_minjus"], pki["secretaria"], pki["secretaria2"])
    assert response.status_code == 400 and "Solo la persona ausente" in response.content.decode()
    # …and nobody delegates to a person without the same roles.
    response = _delegate(client, pki["secretaria"], pki["secretaria"], pki["observador"])
    assert response.status_code == 400 and "mismos roles" in response.content.decode()
    assert not Delegation.objects.exists()
