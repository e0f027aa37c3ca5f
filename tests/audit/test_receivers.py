"""Entries recorded without the features having to remember them."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import Client
from django_fsm.signals import post_transition

from audit.context import acting_as
from audit.models import AuditEntry
from audit.verification import verify_database
from directory.models import Entity
from tests.audit.flows import AuditProbeFlow

pytestmark = pytest.mark.django_db


def actions() -> list[str]:
    return list(AuditEntry.objects.order_by("seq").values_list("action", flat=True))


def last(action: str) -> AuditEntry:
    return AuditEntry.objects.filter(action=action).latest("seq")


def test_every_task_event_is_recorded(demo_users: dict[str, User]) -> None:
    secretaria, other = demo_users["secretaria"], demo_users["secretaria2"]
    start = AuditEntry.objects.count()  # demo loading wrote role entries before
    with acting_as(user=secretaria):
        process = AuditProbeFlow.start.run()
        task = process.task_set.get(flow_task=AuditProbeFlow.review)
        with task.activation() as activation:
            activation.assign(secretaria)
            activation.unassign()
            activation.assign(secretaria)
            activation.reassign(other)
            activation.start(None)
            activation.execute()
    recorded = actions()[start:]
    for expected in ("process.create", "task.create", "task.complete", "task.assign",
                     "task.unassign", "task.reassign", "process.done"):  # fmt: skip
        assert expected in recorded, recorded
    reassign = last("task.reassign")
    assert reassign.process_id == process.pk
    assert (reassign.from_state, reassign.to_state) == ("ASSIGNED", "ASSIGNED")
    assert json.loads(reassign.payload)["owner"] == "secretaria2"
    assert (reassign.actor_username, reassign.actor_entity, reassign.actor_office) == (
        "secretaria",
        "PCM",
        "SGP",
    )
    assert reassign.actor_role == "Secretaría Técnica"
    assert verify_database().ok


def test_cancel_and_undo_are_told_apart(demo_users: dict[str, User]) -> None:
    admin = User.objects.create_superuser("admin", password="x")
    process = AuditProbeFlow.start.run()
    task = process.task_set.get(flow_task=AuditProbeFlow.review)
    with task.activation() as activation:
        activation.cancel()
    assert last("task.cancel").from_state == "NEW"
    start_task = process.task_set.get(flow_task=AuditProbeFlow.start)
    assert start_task.status == "DONE"
    with acting_as(user=admin), start_task.activation() as activation:
        activation.undo()
    undo = last("task.undo")
    assert (undo.from_state, undo.to_state, undo.actor_username) == ("DONE", "CANCELED", "admin")


def test_delegation_records_both_people(demo_users: dict[str, User]) -> None:
    with acting_as(user=demo_users["secretaria2"], delegator=demo_users["secretaria"]):
        AuditProbeFlow.start.run()
    entry = last("task.create")
    assert (entry.actor_username, entry.delegator_username) == ("secretaria2", "secretaria")


def test_work_outside_a_request_is_the_system(db: None) -> None:
    AuditProbeFlow.start.run()
    assert last("process.create").actor_username == "sistema"


def test_fsm_transitions_of_project_models_are_recorded(actors: None) -> None:
    entity = Entity.objects.get(code="MINEDU")
    post_transition.send(sender=Entity, instance=entity, name="emitir", source="para_despacho",
                         target="emitido")  # fmt: skip
    entry = last("entity.emitir")
    assert (entry.object_type, entry.object_id, entry.from_state, entry.to_state) == (
        "entity", str(entity.pk), "para_despacho", "emitido")  # fmt: skip
    post_transition.send(sender=User, instance=User(), name="x", source="a", target="b")
    assert not AuditEntry.objects.filter(action="user.x").exists()


def test_login_logout_and_failed_login(client: Client, demo_users: dict[str, User]) -> None:
    from directory.demo import demo_password

    client.post("/accounts/login/", {"username": "secretaria", "password": "mala"},
                REMOTE_ADDR="203.0.113.9", HTTP_X_REQUEST_ID="req-abc")  # fmt: skip
    failed = last("auth.login_failed")
    assert failed.actor_username == "anónimo"
    assert json.loads(failed.payload) == {"username": "secretaria"}
    assert "mala" not in failed.payload
    assert (failed.client_ip, failed.request_id) == ("203.0.113.9", "req-abc")
    response = client.post(
        "/accounts/login/", {"username": "secretaria", "password": demo_password()}
    )
    assert response.status_code == 302
    login = last("auth.login")
    assert (login.actor_username, login.actor_entity) == ("secretaria", "PCM")
    assert len(login.request_id) == 32
    assert response["X-Request-ID"] == login.request_id
    client.post("/accounts/logout/")
    assert last("auth.logout").actor_username == "secretaria"


def test_role_and_permission_changes(demo_users: dict[str, User]) -> None:
    user = demo_users["enlace_minedu"]
    signer = Group.objects.get(name="Firmante")
    user.groups.add(signer)
    entry = last("user.roles.add")
    assert (entry.object_repr, json.loads(entry.payload)) == (
        "enlace_minedu",
        {"changed": ["Firmante"]},
    )
    user.groups.remove(signer)
    assert json.loads(last("user.roles.remove").payload) == {"changed": ["Firmante"]}
    permission = Permission.objects.get(codename="change_entity")
    signer.permissions.add(permission)
    assert last("role.permissions.add").object_repr == "Firmante"
    user.user_permissions.add(permission)
    assert last("user.permissions.add").object_id == str(user.pk)
