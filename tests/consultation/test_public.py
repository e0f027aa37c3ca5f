"""The citizen's path: submit, get a code, follow it; the public pages never show a name
or e-mail without consent."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from audit.models import AuditEntry
from consultation.models import Consultation, Proposal
from consultation.moderation import proposal_approve
from consultation.services import consultation_close, responses_publish
from consultation.systematization import proposals_answer, proposals_assign
from workflow.models import Commitment

pytestmark = pytest.mark.django_db


def _form(client: Client) -> str:
    response = client.get("/consulta/aportar/")
    assert response.status_code == 200
    return response.cookies["csrftoken"].value


def submit(client: Client, **fields: str) -> Any:
    token = _form(client)
    data = {"csrfmiddlewaretoken": token, "text": "Publicar los contratos en datos abiertos.",
            **fields}  # fmt: skip
    return client.post("/consulta/aportar/", data)


def test_draft_plan_by_axis_with_comment_links(
    consultation: Consultation, drafts: list[Commitment]
) -> None:
    page = Client().get("/consulta/").content.decode()
    assert f"Eje 1: {drafts[0].axis.name}" in page
    assert f"?compromiso={drafts[0].pk}&amp;parrafo=problema" in page
    assert "Compromiso sobre transparencia" in page


def test_citizen_submits_gets_a_code_and_follows_it(
    consultation: Consultation, drafts: list[Commitment], users: dict[str, User]
) -> None:
    client = Client(enforce_csrf_checks=True)
    audit_before = AuditEntry.objects.count()
    response = submit(client, commitment=str(drafts[0].pk), paragraph="problema",
                      author_name="Rosa Quispe", email="rosa@example.pe", region="Cusco",
                      data_consent="on")  # fmt: skip
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.state == Proposal.State.PENDING and proposal.origin == "web"
    assert proposal.commitment == drafts[0] and proposal.axis == drafts[0].axis
    assert re.fullmatch(r"[2-9A-Z]{10}", proposal.code)
    # The anonymous submission is its own record: no audit entry.
    assert AuditEntry.objects.count() == audit_before
    page = client.get(response["Location"]).content.decode()
    assert proposal.code in page and "Publicar los contratos" in page
    page = client.get("/consulta/seguimiento/", {"codigo": proposal.code.lower()}).content.decode()
    assert "En espera de moderación" in page
    assert client.get("/consulta/seguimiento/", {"codigo": "ZZZZZZZZZZ"}).status_code == 404

    proposal_approve(proposal=proposal, actor=users["moderacion"])
    proposals_assign(proposals=[proposal], commitment=drafts[0], actor=users["secretaria"])
    proposals_answer(proposals=[proposal], disposition="acogida",
                     response="Se incorpora en el compromiso {compromiso}.",
                     actor=users["secretaria"])  # fmt: skip
    # Private until published.
    page = client.get("/consulta/seguimiento/", {"codigo": proposal.code}).content.decode()
    assert "Se incorpora" not in page and "En sistematización" in page
    consultation_close(consultation=consultation, actor=users["secretaria"])
    responses_publish(consultation=consultation, actor=users["secretaria"])
    page = client.get("/consulta/seguimiento/", {"codigo": proposal.code}).content.decode()
    assert "Acogida" in page
    assert "Se incorpora en el compromiso N.° 1, «Compromiso sobre transparencia»." in page


def test_accountability_shows_answers_never_names_without_consent(
    consultation: Consultation, drafts: list[Commitment], users: dict[str, User]
) -> None:
    client = Client()
    submit(client, author_name="Rosa Quispe", email="rosa@example.pe", data_consent="on")
    submit(client, text="Crear un portal de obras.", author_name="Juan Mamani",
           email="juan@example.pe", data_consent="on", publish_consent="on")  # fmt: skip
    hidden, named = Proposal.objects.order_by("pk")
    for proposal in (hidden, named):
        proposal_approve(proposal=proposal, actor=users["moderacion"])
    proposals_assign(proposals=[hidden, named], commitment=drafts[1], actor=users["secretaria"])
    proposals_answer(proposals=[hidden, named], disposition="acogida_parcialmente",
                     response="Se recoge en parte en {compromiso}.", actor=users["secretaria"])  # fmt: skip
    page = client.get("/consulta/rendicion-de-cuentas/").content.decode()
    assert "Se recoge en parte" not in page  # not published yet
    responses_publish(consultation=consultation, actor=users["secretaria"])
    # The final version keeps its draft: the page follows it there.
    final = Commitment.objects.create(
        plan=consultation.plan, stage=Commitment.Stage.FINAL, derived_from=drafts[1],
        axis=drafts[1].axis, number=7, title="Participación ciudadana final", lead=drafts[1].lead,
        start_date=drafts[1].start_date, end_date=drafts[1].end_date, problem="p",
        description="d", solution="s",
    )  # fmt: skip
    page = client.get("/consulta/rendicion-de-cuentas/").content.decode()
    assert "Acogida parcialmente" in page and "Se recoge en parte" in page
    assert "Juan Mamani" in page
    assert "Rosa Quispe" not in page
    assert "rosa@example.pe" not in page and "juan@example.pe" not in page
    assert f"Final: {final}" in page
    stats = client.get("/consulta/estadisticas/").content.decode()
    assert "Aportes por origen" in stats and "<svg" in stats and "Acogida parcialmente" in stats
    assert "Rosa Quispe" not in stats
