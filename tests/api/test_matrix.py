"""Authorization matrix: every endpoint × every role → the expected HTTP status.

Columns: anonymous, a citizen with an account but no role, then the demo users of
``load_demo``. A write is sent with a body its form refuses, so an allowed user gets 400
(the access check passed, nothing is written) and a refused one 401/403; the only write
that succeeds (claiming a task from the queue) is released again at once.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from tests.api.conftest import api_client
from tests.api.world import World

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

PRINCIPALS = ("anonymous", "citizen", "presidencia", "secretaria", "secretaria2", "firmante",
              "asesoria", "altadireccion", "miembro_minjus", "miembro_proetica", "observador",
              "enlace_minedu", "enlace_ayacucho", "moderacion", "auditoria")  # fmt: skip

# fmt: off
#                                                           anon cit  pres secr sec2 firm ases altd mmin mpro obsv emin eaya mode audi
MATRIX: list[tuple[str, str, dict[str, Any] | None, tuple[int, ...]]] = [
    ("GET",  "/api/v1/plans/",                        None, (401, 403, 200, 200, 200, 200, 200, 200, 200, 200, 200, 403, 403, 403, 200)),
    ("GET",  "/api/v1/plans/{plan}/",                 None, (401, 403, 200, 200, 200, 200, 200, 200, 200, 200, 200, 403, 403, 403, 200)),
    ("GET",  "/api/v1/plans/999999/",                 None, (401, 403, 404, 404, 404, 404, 404, 404, 404, 404, 404, 403, 403, 403, 404)),
    ("GET",  "/api/v1/processes/",                    None, (401, 403, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("GET",  "/api/v1/processes/{plan_process}/",     None, (401, 403, 200, 200, 200, 200, 200, 200, 200, 200, 200, 403, 403, 403, 200)),
    ("GET",  "/api/v1/processes/{oficio_process}/",   None, (401, 403, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("GET",  "/api/v1/tasks/inbox/",                  None, (401, 403, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("GET",  "/api/v1/tasks/queue/",                  None, (401, 403, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("GET",  "/api/v1/tasks/{define}/",               None, (401, 403, 200, 200, 200, 200, 200, 200, 200, 200, 200, 403, 403, 403, 200)),
    ("GET",  "/api/v1/tasks/{review}/",               None, (401, 403, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("POST", "/api/v1/tasks/{define}/claim/",         None, (401, 403, 403, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403)),
    ("POST", "/api/v1/tasks/{review}/claim/",         None, (401, 403, 409, 409, 409, 409, 409, 409, 409, 409, 409, 409, 409, 409, 409)),
    ("POST", "/api/v1/tasks/{review}/release/",       None, (401, 403, 403, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403)),
    ("POST", "/api/v1/tasks/{review}/complete/",      {},   (401, 403, 403, 403, 400, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403)),
    ("GET",  "/api/v1/oficios/",                      None, (401, 403, 403, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403)),
    ("POST", "/api/v1/oficios/",                      {},   (401, 403, 403, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403)),
    ("GET",  "/api/v1/oficios/{issued}/",             None, (401, 403, 403, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403)),
    ("GET",  "/api/v1/oficios/{issued}/dispatches/",  None, (401, 403, 403, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403)),
    ("POST", "/api/v1/oficios/{in_review}/review/",   {},   (401, 403, 403, 403, 400, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403)),
    ("POST", "/api/v1/oficios/{to_sign}/sign/",       {},   (401, 403, 403, 403, 403, 400, 403, 403, 403, 403, 403, 403, 403, 403, 403)),
    ("GET",  "/api/v1/dispatches/{minedu}/",          None, (401, 403, 403, 200, 200, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403)),
    ("POST", "/api/v1/dispatches/{minedu}/receipt/",  {"position": "x" * 81},
                                                            (401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 400, 403, 403, 403)),
    ("POST", "/api/v1/dispatches/{ayacucho}/reply/",  {},   (401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 400, 403, 403)),
    ("GET",  "/api/v1/documents/{code}/",             None, (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("GET",  "/api/v1/documents/{code}/pdf/",         None, (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("GET",  "/api/v1/documents/{code}/verification/", None, (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("GET",  "/api/v1/documents/NOEXISTE/",           None, (404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404)),
    ("POST", "/api/v1/documents/verify/",             {},   (400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400)),
    ("GET",  "/api/v1/consultation/proposals/{proposal}/", None, (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("POST", "/api/v1/consultation/proposals/",       {},   (400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400)),
    ("GET",  "/api/v1/audit/entries/",                None, (401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 200)),
    ("GET",  "/api/v1/audit/entries/{seq}/",          None, (401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 200)),
    ("GET",  "/api/v1/audit/export/",                 None, (401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 200)),
    ("GET",  "/api/v1/audit/verify/",                 None, (401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 200)),
    ("GET",  "/api/schema/",                          None, (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
]
# fmt: on


ENGLISH = {"Not found.", "You do not have permission to perform this action.",
           "Authentication credentials were not provided."}  # fmt: skip
SPANISH = {401: "Las credenciales de autenticación no se proveyeron.", 404: "No encontrado."}


def principal(world: World, name: str) -> User | None:
    if name == "anonymous":
        return None
    if name == "citizen":
        return User.objects.get_or_create(username="ciudadana", defaults={"is_active": True})[0]
    return world.users[name]


def ids(world: World) -> dict[str, Any]:
    return {
        "plan": world.plan.pk, "plan_process": world.plan_process.pk,
        "oficio_process": world.oficio_process.pk, "define": world.define.pk,
        "review": world.review.pk, "issued": world.issued.pk, "in_review": world.in_review.pk,
        "to_sign": world.to_sign.pk, "minedu": world.minedu.pk, "ayacucho": world.ayacucho.pk,
        "code": world.code, "proposal": world.proposal, "seq": world.seq,
    }  # fmt: skip


def test_every_endpoint_for_every_role_as_the_staff_pages_decide(world: World) -> None:
    assert all(len(row[3]) == len(PRINCIPALS) for row in MATRIX)
    values, mismatches = ids(world), []
    for column, name in enumerate(PRINCIPALS):
        client = api_client(principal(world, name))
        for method, template, data, expected in MATRIX:
            path = template.format(**values)
            if method == "GET":
                response = client.get(path)
            else:
                response = client.post(path, data, format="json" if data is not None else None)
            if response.status_code != expected[column]:
                mismatches.append(f"{method} {path} as {name}: {response.status_code}, "
                                  f"expected {expected[column]}")  # fmt: skip
            if response.status_code >= 400:
                detail = response.json()["detail"]
                assert detail and detail not in ENGLISH, (path, name, detail)
                assert response.json()["detail"] == SPANISH.get(response.status_code, detail)
            if template.endswith("/claim/") and response.status_code == 200:
                released = client.post(f"/api/v1/tasks/{values['define']}/release/")
                assert released.status_code == 200, released.content
    assert not mismatches, "\n".join(mismatches)
    # One world for both checks (building it is the slow part).
    staff_pages_and_the_api_decide_alike(world)


def _ui_allowed(status: int) -> bool:
    assert status in {200, 302, 403}, status  # 302: the login page, for anonymous visitors
    return status == 200


def _api_allowed(status: int) -> bool:
    assert status in {200, 400, 401, 403}, status  # 400: allowed, the empty form refused
    return status in {200, 400}


def pairs(world: World) -> list[tuple[str, str, str]]:
    """(staff or public page, API method, API path) that must decide alike."""
    from correspondence.flows import OficioFlow
    from workflow.flows import PlanFlow

    define, review, v = world.define, world.review, ids(world)
    return [
        ("/plans/", "GET", "/api/v1/plans/"),
        (f"/plans/{v['plan']}/", "GET", f"/api/v1/plans/{v['plan']}/"),
        (PlanFlow.instance.reverse("process_detail", args=[v["plan_process"]]), "GET",
         f"/api/v1/processes/{v['plan_process']}/"),
        (OficioFlow.instance.reverse("process_detail", args=[v["oficio_process"]]), "GET",
         f"/api/v1/processes/{v['oficio_process']}/"),
        (define.flow_task.reverse("detail", args=[define.process_id, define.pk]), "GET",
         f"/api/v1/tasks/{define.pk}/"),
        (review.flow_task.reverse("execute", args=[review.process_id, review.pk]), "POST",
         f"/api/v1/tasks/{review.pk}/complete/"),
        ("/workflow/inbox/", "GET", "/api/v1/tasks/inbox/"),
        ("/correspondence/", "GET", "/api/v1/oficios/"),
        (f"/correspondence/oficio/{v['issued']}/", "GET", f"/api/v1/oficios/{v['issued']}/"),
        ("/correspondence/nuevo/", "POST", "/api/v1/oficios/"),
        ("/audit/", "GET", "/api/v1/audit/entries/"),
        (f"/audit/entry/{v['seq']}/", "GET", f"/api/v1/audit/entries/{v['seq']}/"),
        ("/audit/export/", "GET", "/api/v1/audit/export/"),
        (f"/verificar/{v['code']}", "GET", f"/api/v1/documents/{v['code']}/"),
        (f"/consulta/seguimiento/?codigo={v['proposal']}", "GET",
         f"/api/v1/consultation/proposals/{v['proposal']}/"),
    ]  # fmt: skip


def staff_pages_and_the_api_decide_alike(world: World) -> None:
    """The same user and object: the staff (or public) page and its endpoint agree."""
    from django.test import Client

    disagreements, allowed_somewhere = [], set()
    for name in PRINCIPALS:
        user = principal(world, name)
        browser, client = Client(), api_client(user)
        if user is not None:
            browser.force_login(user)
        for page, method, path in pairs(world):
            ui = _ui_allowed(browser.get(page).status_code)
            sent = client.get(path) if method == "GET" else client.post(path, {}, format="json")
            if ui != _api_allowed(sent.status_code):
                disagreements.append(f"{name}: {page} → {ui}, {method} {path} → {sent.status_code}")
            if ui:
                allowed_somewhere.add(page)
    assert not disagreements, "\n".join(disagreements)
    # Every pair was allowed to someone: the comparison is not all refusals.
    assert allowed_somewhere == {page for page, _m, _p in pairs(world)}
