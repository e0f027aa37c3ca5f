"""The whole plan, a–l, over HTTP as each role (every other role refused at every step),
with every document produced and the audit chain intact."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User

from audit.verification import verify_database
from consultation.models import Proposal
from documents.models import GeneratedDocument
from tests.correspondence.conftest import run_jobs
from tests.workflow.conftest import PASSWORD
from workflow.models import ActionPlan, Commitment
from workflow.simulation.run import PlanSimulation, documents_write

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

KINDS = {
    "acta_sesion", "oficio_multiple", "nota_prensa", "cartilla", "relatoria_taller",
    "acta_congreso", "borrador_plan", "matriz_sistematizacion", "plan_final",
    "acta_presentacion", "informe_tecnico", "resolucion_ministerial",
}  # fmt: skip


def test_whole_plan_is_approved_by_its_resolution(
    pki: dict[str, User], templates: None, tmp_path: Path
) -> None:
    simulation = PlanSimulation(password=PASSWORD, log=lambda line: None, check_refusals=True)
    plan = simulation.run()
    assert plan.state == ActionPlan.State.APPROVED
    # An entity-level number has three digits (correspondence/models/counters.py).
    assert plan.instrument_number.startswith("RESOLUCIÓN MINISTERIAL N° 001-")
    assert simulation.driver.refusals > 500
    # Draft-return loops left their traces: two drafts, two informes.
    assert GeneratedDocument.objects.filter(kind="borrador_plan").count() == 2
    assert GeneratedDocument.objects.filter(kind="informe_tecnico").count() == 2
    # The final commitments keep their drafts; priorities are 1..n.
    finals = plan.commitments.filter(stage=Commitment.Stage.FINAL)
    assert sorted(rank or 0 for rank in finals.values_list("priority_rank", flat=True)) == [1, 2, 3]
    assert all(c.derived_from_id for c in finals)
    # Every proposal (workshops, Congress-free here, citizens) has a published answer.
    assert not Proposal.objects.filter(published_disposition="").exclude(state="oculto").exists()
    run_jobs()
    files = documents_write(plan, tmp_path)
    kinds = {p.name.split("-", 1)[1].removesuffix(".docx") for p in files if p.suffix == ".docx"}
    assert kinds >= KINDS
    assert any(p.name.endswith("resolucion_ministerial-firmado.pdf") for p in files)
    assert verify_database().ok
