"""Plan tasks through the API: the queue, claim, complete with the step's own form,
release; each action audited under the token's user, refusals in Spanish."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient
from viewflow.workflow.models import Task

from audit.models import AuditEntry
from tests.api.conftest import api_client, body
from tests.workflow.conftest import plan  # noqa: F401 (fixture)
from workflow.flows import plan_start
from workflow.models import ActionPlan
from workflow.simulation.content import SESSION

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_claim_complete_and_release_a_plan_task(plan: ActionPlan, pki: dict[str, User]) -> None:  # noqa: F811
    process = plan_start(plan)
    secretaria, presidencia = api_client(pki["secretaria"]), api_client(pki["presidencia"])
    queue = body(secretaria.get("/api/v1/tasks/queue/", {"flow": "plan"}))
    (task,) = [t for t in queue["results"] if t["step"] == "define"]
    assert (task["status"], task["owner"], task["process"]) == ("NEW", None, process.pk)
    assert body(presidencia.get("/api/v1/tasks/queue/"))["results"] == []
    url = f"/api/v1/tasks/{task['id']}"

    refused = presidencia.post(f"{url}/claim/")
    assert (refused.status_code, body(refused)["detail"]) == (
        403,
        "Esta tarea corresponde a otro rol.",
    )
    not_claimed = secretaria.post(f"{url}/complete/", SESSION, format="json")
    assert (not_claimed.status_code, body(not_claimed)["detail"]) == (
        403, "Tome la tarea antes de completarla.")  # fmt: skip

    claimed = secretaria.post(f"{url}/claim/")
    assert (claimed.status_code, body(claimed)["owner"]) == (200, "secretaria")
    entry = AuditEntry.objects.get(action="task.assign", object_id=str(task["id"]))
    assert entry.actor_username == "secretaria" and entry.to_state == "ASSIGNED"
    taken = api_client(pki["secretaria2"]).post(f"{url}/claim/")
    assert (taken.status_code, body(taken)["detail"]) == (409, "Esta tarea ya está asignada.")
    assert [t["id"] for t in body(secretaria.get("/api/v1/tasks/inbox/"))["results"]] == [
        task["id"]
    ]

    # The step's own form validates: a broken line of the attendance sheet is refused.
    bad = secretaria.post(f"{url}/complete/", {**SESSION, "attendees": "PCM | solo dos"},
                          format="json")  # fmt: skip
    assert bad.status_code == 400
    assert body(bad)["errors"]["attendees"] == [
        "La línea 1 debe tener 3 partes: código de entidad | nombre | calidad"
    ]
    assert Task.objects.get(pk=task["id"]).status == "ASSIGNED"
    assert not AuditEntry.objects.filter(action="task.complete").exists()

    done = secretaria.post(f"{url}/complete/", SESSION, format="json")
    assert done.status_code == 200, done.content
    assert body(done)["status"] == "DONE"
    completed = AuditEntry.objects.get(action="task.complete", object_id=str(task["id"]))
    assert completed.actor_username == "secretaria"
    session = AuditEntry.objects.get(action="plan.session.record")  # the step's own service
    assert session.actor_username == "secretaria" and '"quorum":true' in session.payload
    # The next step waits in the president's queue; she claims it and gives it back.
    (approval,) = body(presidencia.get("/api/v1/tasks/queue/"))["results"]
    assert approval["step"] == "approve_definition"
    assert presidencia.post(f"/api/v1/tasks/{approval['id']}/claim/").status_code == 200
    other = secretaria.post(f"/api/v1/tasks/{approval['id']}/release/")
    assert other.status_code == 200  # the technical secretariat may release anyone's task
    assert body(other)["owner"] is None
    assert AuditEntry.objects.get(action="task.release").actor_username == "secretaria"


def test_lists_are_filtered_and_paginated(plan: ActionPlan, pki: dict[str, User]) -> None:  # noqa: F811
    process = plan_start(plan)
    client = api_client(pki["secretaria"])
    page = body(client.get("/api/v1/processes/", {"flow": "plan", "page_size": "1"}))
    assert page["count"] == 1 and page["results"][0]["id"] == process.pk
    assert body(client.get("/api/v1/processes/", {"flow": "oficio"}))["count"] == 0
    wrong = client.get("/api/v1/tasks/queue/", {"process": "uno"})
    assert (wrong.status_code, body(wrong)["errors"]) == (
        400, {"process": ["«process» debe ser un número."]})  # fmt: skip
    beyond = client.get("/api/v1/plans/", {"page": 9})
    assert (beyond.status_code, body(beyond)["detail"]) == (404, "Página inválida.")
    assert body(client.get("/api/v1/plans/", {"state": plan.state}))["count"] == 1
    missing = client.get("/api/v1/tasks/abc/claim/")
    assert (missing.status_code, body(missing)["detail"]) == (404, "No encontrado.")
    anonymous = api_client().get("/api/v1/plans/")
    assert (anonymous.status_code, body(anonymous)["detail"]) == (
        401, "Las credenciales de autenticación no se proveyeron.")  # fmt: skip
    session = APIClient(enforce_csrf_checks=True)
    session.force_login(pki["secretaria"])
    assert body(session.get("/api/v1/plans/"))["count"] == 1  # the browser's session works
    no_csrf = session.post("/api/v1/oficios/", {}, format="json")
    assert (no_csrf.status_code, body(no_csrf)["detail"]) == (
        403, "Falló la verificación CSRF: recargue la página e inténtelo de nuevo.")  # fmt: skip
    forged = api_client()
    forged.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef")
    assert body(forged.get("/api/v1/plans/"))["detail"] == "Token inválido."
