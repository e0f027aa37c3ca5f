"""An oficio through the API only: drafted, V°B°, signed, received and answered by the
recipient's liaison; every step audited under the token's user, as in the staff site."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from viewflow.workflow.models import Task

from audit.models import AuditEntry
from correspondence.models import Dispatch, Oficio
from directory.models import Entity
from tests.api.conftest import PASSWORD, api_client, body
from tests.correspondence.conftest import pdf_upload, run_jobs

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def new_oficio(users: dict[str, User], **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "oficio",
        "recipients": [Entity.objects.get(code="MINEDU").pk],
        "subject": "Designación de enlace para el Plan de Acción de Gobierno Abierto",
        "body": "Tengo el agrado de dirigirme a usted.\nMucho agradeceré designar un enlace.",
        "references": "Decreto Supremo N° 003-2013-PCM",
        "reviewers": [users["secretaria2"].pk],
        "review_mode": "sequential",
        "signer": users["firmante"].pk,
        "reply_days": 10,
    }
    return {**data, **changes}


def test_oficio_lifecycle_through_the_api(pki: dict[str, User], templates: None) -> None:
    users = pki
    author = api_client(users["secretaria"])

    refused = author.post("/api/v1/oficios/", new_oficio(users, subject=""), format="json")
    assert refused.status_code == 400
    assert body(refused)["errors"]["subject"] == ["Este campo es requerido."]
    assert body(refused)["detail"] == "Este campo es requerido."
    assert not Oficio.objects.exists()

    observer = api_client(users["observador"])
    denied = observer.post("/api/v1/oficios/", new_oficio(users), format="json")
    assert denied.status_code == 403
    assert body(denied)["detail"] == "Usted no tiene permiso para realizar esta acción."

    created = author.post("/api/v1/oficios/", new_oficio(users), format="json")
    assert created.status_code == 201, created.content
    oficio = body(created)
    assert (oficio["state"], oficio["author"], oficio["recipients"]) == (
        "proyecto", "secretaria", ["MINEDU"])  # fmt: skip
    assert AuditEntry.objects.get(action="oficio.create").actor_username == "secretaria"

    # The signer may not give the reviewer's visto bueno.
    url = f"/api/v1/oficios/{oficio['id']}"
    signer = api_client(users["firmante"])
    not_theirs = signer.post(f"{url}/review/", {"decision": "approve"}, format="json")
    assert not_theirs.status_code == 403
    assert body(not_theirs)["detail"] == "Este paso no le corresponde."

    reviewer = api_client(users["secretaria2"])
    incomplete = reviewer.post(f"{url}/review/", {}, format="json")
    assert incomplete.status_code == 400
    assert body(incomplete)["errors"]["decision"] == ["Este campo es requerido."]
    assert (
        reviewer.post(f"{url}/review/", {"decision": "approve"}, format="json").status_code == 200
    )
    completed = AuditEntry.objects.filter(action="task.complete", actor_username="secretaria2")
    assert completed.exists()

    wrong = signer.post(f"{url}/sign/", {"position": "Secretario", "password": "mala"},
                        format="json")  # fmt: skip
    assert wrong.status_code == 400
    assert body(wrong)["errors"]["non_field_errors"] == [
        "La contraseña del certificado no es correcta."
    ]
    assert Oficio.objects.get().number == ""
    signed = signer.post(f"{url}/sign/", {"position": "Secretario", "password": PASSWORD},
                         format="json")  # fmt: skip
    assert signed.status_code == 200, signed.content
    assert body(signed)["state"] == "emitido" and "N° 0001-" in body(signed)["number"]
    assert AuditEntry.objects.filter(action="oficio.issue", actor_username="firmante").exists()
    run_jobs()

    # Anyone with the code checks the signed document.
    code = body(signed)["verification_code"]
    anonymous = api_client()
    assert body(anonymous.get(f"/api/v1/documents/{code}/"))["signed"] is True
    pdf = anonymous.get(f"/api/v1/documents/{code}/pdf/", HTTP_ACCEPT="application/pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")  # type: ignore[attr-defined]
    assert body(anonymous.get(f"/api/v1/documents/{code}/verification/"))["status"] == "valid"

    # MINEDU's liaison acknowledges and answers from their own system.
    (dispatch,) = body(author.get(f"{url}/dispatches/"))["results"]
    liaison, stranger = api_client(users["enlace_minedu"]), api_client(users["enlace_ayacucho"])
    assert stranger.get(f"/api/v1/dispatches/{dispatch['id']}/").status_code == 403
    receipt = liaison.post(f"/api/v1/dispatches/{dispatch['id']}/receipt/", {"position": "Enlace"},
                           format="json")  # fmt: skip
    assert receipt.status_code == 200, receipt.content
    assert body(receipt)["state"] == "recibido" and body(receipt)["received_by"]
    not_pdf = liaison.post(f"/api/v1/dispatches/{dispatch['id']}/reply/",
                           {"file": pdf_upload(data=b"hola")}, format="multipart")  # fmt: skip
    assert not_pdf.status_code == 400
    assert "PDF" in body(not_pdf)["detail"]
    replied = liaison.post(f"/api/v1/dispatches/{dispatch['id']}/reply/",
                           {"file": pdf_upload(), "their_number": "OFICIO N° 12-2014-MINEDU"},
                           format="multipart")  # fmt: skip
    assert replied.status_code == 200, replied.content
    assert body(replied)["state"] == "atendido"
    assert body(replied)["reply"]["their_number"] == "OFICIO N° 12-2014-MINEDU"
    assert Dispatch.objects.get().state == Dispatch.State.ANSWERED
    assert not Task.objects.filter(owner=users["enlace_minedu"], status="ASSIGNED").exists()
