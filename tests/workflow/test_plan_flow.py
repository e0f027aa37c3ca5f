"""PlanFlow over HTTP, as each role: a–c (definition, announcement, press)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User

from audit.models import AuditEntry
from correspondence.models import Oficio
from documents.models import GeneratedDocument
from tests.correspondence.conftest import run_jobs
from tests.workflow.conftest import PASSWORD
from workflow.flows import PlanFlow
from workflow.models import ActionPlan
from workflow.simulation import content
from workflow.simulation.driver import StepRefused


def docx_text(document: GeneratedDocument) -> str:
    from docx import Document

    with document.docx.open("rb") as handle:
        doc = Document(handle)
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _oficio_data(signer: User) -> dict[str, Any]:
    return {
        "kind": "oficio_multiple", "group": "regional",
        "subject": "Inicio de la elaboración del Plan de Acción de Gobierno Abierto 2014–2016",
        "body": "Me dirijo a usted para comunicarle el inicio del proceso.",
        "references": "", "review_mode": "sequential", "signer": signer.pk, "reply_days": 10,
    }  # fmt: skip


def test_definition_is_recorded_returned_and_approved(
    driver: Any, plan: ActionPlan, pki: dict[str, User]
) -> None:
    # Only the technical secretariat may take the first step; the president may not.
    with pytest.raises(StepRefused):
        driver.step(PlanFlow.define, "presidencia", content.SESSION)
    driver.step(PlanFlow.define, "secretaria", content.SESSION)
    acta = GeneratedDocument.objects.get(kind="acta_sesion")
    assert acta.number == "ACTA N° 0001-2013-PCM/SGP"
    text = docx_text(acta)
    assert "Representante de Proética" in text and "Se verificó el quórum" in text
    # The president returns it; it comes back to the secretariat (a loop), then approves.
    with pytest.raises(StepRefused):
        driver.step(PlanFlow.approve_definition, "presidencia", {"decision": "return"})
    driver.step(PlanFlow.approve_definition, "presidencia",
                {"decision": "return", "comment": "Precisar las fechas de los talleres."})  # fmt: skip
    driver.step(PlanFlow.define, "secretaria", {**content.SESSION, "date": "2013-12-12"})
    driver.step(PlanFlow.approve_definition, "presidencia", {"decision": "approve"})
    second = GeneratedDocument.objects.filter(kind="acta_sesion").latest("pk")
    assert second.number == "ACTA N° 0002-2013-PCM/SGP"
    assert driver.open_tasks(PlanFlow.announce) and driver.open_tasks(PlanFlow.press)
    assert AuditEntry.objects.filter(
        action="plan.decision.definition", to_state="observado"
    ).exists()


def test_announcement_waits_for_the_real_oficio_and_press_is_published(
    driver: Any, plan: ActionPlan, pki: dict[str, User]
) -> None:
    from viewflow.workflow.timers import fire_due_conditions

    driver.step(PlanFlow.define, "secretaria", content.SESSION)
    driver.step(PlanFlow.approve_definition, "presidencia", {"decision": "approve"})
    driver.step(PlanFlow.announce, "secretaria", _oficio_data(pki["firmante"]))
    oficio = Oficio.objects.get()
    assert oficio.recipients.count() == 26
    fire_due_conditions()
    assert driver.open_tasks(PlanFlow.announcement_issued)  # still waiting: not signed yet
    # The oficio goes through its own flow: the signer signs it.
    from correspondence.flows import OficioFlow

    (sign,) = driver.open_tasks(OficioFlow.sign, process=oficio_process(oficio))
    driver.post(
        sign, "firmante", {"position": "Secretario de Gestión Pública", "password": PASSWORD}
    )
    oficio.refresh_from_db()
    assert oficio.state == Oficio.State.ISSUED
    fire_due_conditions()
    assert not driver.open_tasks(PlanFlow.announcement_issued)

    driver.step(PlanFlow.press, "secretaria", content.PRESS)
    with pytest.raises(StepRefused):  # approving publications is the SGP head's
        driver.step(PlanFlow.approve_press, "secretaria", {"decision": "approve"})
    driver.step(PlanFlow.approve_press, "firmante", {"decision": "approve"})
    driver.step(PlanFlow.publish_press, "secretaria", {
        "urls": "https://www.gob.pe/pcm/noticias/1\nhttps://sgp.pcm.gob.pe/gobierno-abierto",
        "social_posts": "Twitter | La PCM inicia el Plan de Gobierno Abierto 2014–2016",
    })  # fmt: skip
    assert plan.publications.count() == 2
    run_jobs()
    note = GeneratedDocument.objects.get(kind="nota_prensa")
    assert note.pdf_state == GeneratedDocument.PdfState.READY
    # Both branches joined: the workshops and the meeting with Congress are open.
    assert len(driver.open_tasks(PlanFlow.workshop)) == 4
    assert len(driver.open_tasks(PlanFlow.congress)) == 1


def oficio_process(oficio: Oficio) -> Any:
    from viewflow.workflow.models import Process

    return Process.objects.get(artifact_object_id=oficio.pk, flow_class__contains="OficioFlow")


def test_plan_page_shows_gantt_documents_and_timeline(
    driver: Any, plan: ActionPlan, pki: dict[str, User], client: Any
) -> None:
    driver.step(PlanFlow.define, "secretaria", content.SESSION)
    client.force_login(pki["observador"])
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "<svg" in page and "Comisión define las actividades" in page
    a = plan.schedule.get(activity="a")
    assert a.actual_start and a.actual_end  # the actual bar is drawn next to the planned one
    assert "ACTA N° 0001-2013-PCM/SGP" in page and "plan.session.record" in page
    # viewflow's chart of this process, with the active step highlighted.
    chart_url = re.search(r'<img src="([^"]+/chart/)"', page)
    assert chart_url, "the process chart is on the page"
    chart = client.get(chart_url.group(1))
    assert chart.status_code == 200 and chart["Content-Type"] == "image/svg+xml"
    svg = chart.content.decode()
    assert "sesión de la" in svg
    assert '<g id="define" transform="translate(' in svg
    assert re.search(r'<g id="define" [^>]*class="done"', svg)  # a: recorded
    assert re.search(r'<g id="approve_definition" [^>]*class="new"', svg)  # a: to approve
    client.force_login(pki["enlace_minedu"])
    assert client.get(f"/plans/{plan.pk}/").status_code == 403
