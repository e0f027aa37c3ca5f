"""One of each object the API serves, made through the services and the staff site."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from viewflow.workflow.models import Process, Task

from audit.models import AuditEntry
from consultation.intake import proposal_submit
from consultation.services import consultation_open
from correspondence.flows import OficioFlow, ReceiptFlow, oficio_start
from correspondence.models import Dispatch, Oficio
from correspondence.services import oficio_create
from directory.models import Entity, Office
from tests.correspondence.conftest import run_jobs
from tests.documents.conftest import PASSWORD
from workflow.flows import PlanFlow, plan_start
from workflow.models import ActionPlan
from workflow.planning import plan_create


@dataclass
class World:
    users: dict[str, User]
    plan: ActionPlan
    plan_process: Process
    define: Task  # PlanFlow, in the technical secretariat's queue
    issued: Oficio  # signed, sent to MINEDU and GR-05
    oficio_process: Process
    minedu: Dispatch  # awaiting the MINEDU liaison's receipt
    ayacucho: Dispatch  # received; awaiting the GR-05 liaison's reply
    in_review: Oficio  # awaiting secretaria2's visto bueno
    review: Task
    to_sign: Oficio  # awaiting firmante's signature
    code: str  # the issued oficio's verification code
    proposal: str  # a citizen's tracking code
    seq: int  # an audit entry


def execute(user: User, task: Task, data: dict[str, str]) -> None:
    """``user`` submits the task's page in the staff site."""
    client = Client()
    client.force_login(user)
    url = task.flow_task.reverse("execute", args=[task.process_id, task.pk])
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def draft(users: dict[str, User], *recipients: str, reviewers: tuple[str, ...] = ()) -> Oficio:
    oficio = oficio_create(
        author=users["secretaria"], kind=Oficio.Kind.MULTIPLE,
        subject="Inicio del proceso de elaboración del Plan de Acción de Gobierno Abierto",
        body=["Tengo el agrado de dirigirme a usted para comunicarle el inicio del proceso."],
        references=["Decreto Supremo N° 003-2013-PCM"],
        recipients=list(Entity.objects.filter(code__in=recipients)),
        reviewers=[users[name] for name in reviewers], signer=users["firmante"],
    )  # fmt: skip
    oficio_start(oficio)
    return oficio


def open_task(oficio_or_dispatch: object, step: object) -> Task:
    return Task.objects.get(flow_task=step, status__in=["NEW", "ASSIGNED"],
                            process__in=_processes(oficio_or_dispatch))  # fmt: skip


def _processes(obj: object) -> list[Process]:
    if isinstance(obj, Dispatch):
        return list(Process.objects.filter(flow_class=ReceiptFlow, seed_object_id=obj.pk))
    assert isinstance(obj, Oficio)
    return list(Process.objects.filter(flow_class=OficioFlow, artifact_object_id=obj.pk))


@pytest.fixture
def world(pki: dict[str, User], templates: None) -> World:
    users = pki
    pcm = Entity.objects.get(code="PCM")
    plan = plan_create(
        title="Plan de Acción de Gobierno Abierto del Perú", start_year=2014, end_year=2016,
        entity=pcm, office=Office.objects.get(entity=pcm, acronym="SGP"),
        actor=users["secretaria"],
    )  # fmt: skip
    plan_process = plan_start(plan)
    define = Task.objects.get(process=plan_process, flow_task=PlanFlow.define)

    issued = draft(users, "MINEDU", "GR-05")
    execute(users["firmante"], open_task(issued, OficioFlow.sign),
            {"position": "Secretario de Gestión Pública", "password": PASSWORD})  # fmt: skip
    run_jobs()
    issued.refresh_from_db()
    minedu = issued.dispatches.get(entity__code="MINEDU")
    ayacucho = issued.dispatches.get(entity__code="GR-05")
    execute(users["enlace_ayacucho"], open_task(ayacucho, ReceiptFlow.acknowledge),
            {"position": "Enlace"})  # fmt: skip

    in_review = draft(users, "MINJUS", reviewers=("secretaria2",))
    to_sign = draft(users, "MINJUS")

    now = timezone.now()
    consultation = consultation_open(plan=plan, opens_at=now - timedelta(hours=1),
                                     closes_at=now + timedelta(days=21),
                                     actor=users["secretaria"])  # fmt: skip
    proposal = proposal_submit(consultation=consultation, ip="192.0.2.10",
                               text="Publicar los contratos en datos abiertos.",
                               author_name="Rosa Quispe", email="rosa@correo.example",
                               data_consent=True)  # fmt: skip
    return World(
        users=users, plan=plan, plan_process=plan_process, define=define, issued=issued,
        oficio_process=_processes(issued)[0], minedu=minedu, ayacucho=ayacucho,
        in_review=in_review, review=open_task(in_review, OficioFlow.review), to_sign=to_sign,
        code=issued.document.verification_code if issued.document else "",
        proposal=proposal.code, seq=AuditEntry.objects.order_by("seq").first().seq,  # type: ignore[union-attr]
    )  # fmt: skip
