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


def test_every_endpoint_for_every_role(world: World) -> None:
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
