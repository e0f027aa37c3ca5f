"""The plan's documents: each one's data built from the domain (pure), then generated
through the document service with the plan's letterhead."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from correspondence.numbering import number_allocate
from documents.models import GeneratedDocument
from documents.services import Letterhead, document_generate
from workflow.models import ActionPlan, CommissionSession, Commitment, CongressMeeting, Workshop

TITLES = {
    "acta_sesion": "Acta de sesión de la Comisión Multisectorial",
    "nota_prensa": "Nota de prensa",
    "cartilla": "Cartilla informativa",
    "relatoria_taller": "Relatoría de taller",
    "acta_congreso": "Acta de reunión con congresistas",
    "borrador_plan": "Borrador del plan de acción",
    "matriz_sistematizacion": "Matriz de sistematización de aportes",
    "plan_final": "Plan de acción (versión final)",
    "acta_presentacion": "Acta de presentación del plan",
    "informe_tecnico": "Informe técnico sustentatorio",
    "resolucion_ministerial": "Resolución ministerial que aprueba el plan",
}
NUMBERED = {"acta_sesion": "ACTA", "acta_congreso": "ACTA", "acta_presentacion": "ACTA",
            "informe_tecnico": "INFORME"}  # fmt: skip


def letterhead(
    plan: ActionPlan, on: date, signers: list[dict[str, str]] | None = None
) -> Letterhead:
    return Letterhead(
        entity={"name": plan.entity.name, "acronym": plan.entity.acronym},
        office={"name": plan.office.name, "acronym": plan.office.acronym},
        place=plan.entity.city, on=on, signers=signers or [],
    )  # fmt: skip


def plan_document(
    *, plan: ActionPlan, kind: str, key: str, data: dict[str, Any], on: date, actor: Any,
    title: str = "",
) -> GeneratedDocument:  # fmt: skip
    """Generate one of the plan's documents; a numbered kind gets its number here, in the
    same transaction, so that a failure never burns one. The same ``key`` gives one document."""
    existing = GeneratedDocument.objects.filter(key=key).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        number = ""
        if kind in NUMBERED:
            number = number_allocate(
                entity=plan.entity, office=plan.office, document_type=NUMBERED[kind], year=on.year
            ).text
        return document_generate(
            kind=kind, key=key, title=title or f"{TITLES[kind]} — {plan}", data=data,
            letterhead=letterhead(plan, on), number=number, actor=actor,
        )  # fmt: skip


def _plan_header(plan: ActionPlan) -> dict[str, Any]:
    return {"title": plan.title, "period": plan.period,
            "instrument": plan.get_instrument_display()}  # fmt: skip


def session_data(session: CommissionSession) -> dict[str, Any]:
    return {
        "commission": "Comisión Multisectorial de naturaleza permanente para el seguimiento "
        "de la implementación del Plan de Acción de Gobierno Abierto",
        "session": {
            "number": session.number, "kind": session.get_kind_display().lower(),
            "start_time": session.start_time.strftime("%H:%M"),
            "end_time": session.end_time.strftime("%H:%M"), "venue": session.venue,
        },
        "attendees": [
            {"name": a.name, "entity": a.entity.name, "capacity": a.get_capacity_display()}
            for a in session.attendance.select_related("entity")
        ],
        "quorum": "Se verificó el quórum reglamentario." if session.has_quorum()
        else "No se alcanzó el quórum reglamentario; la sesión fue informativa.",
        "agenda": session.agenda, "proceedings": session.proceedings,
        "agreements": session.agreements,
    }  # fmt: skip


def workshop_data(workshop: Workshop, proposals: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "workshop": {
            "name": f"{workshop.get_kind_display()} de Gobierno Abierto — {workshop.region}",
            "region": workshop.region, "city": workshop.city,
            "start": workshop.start_date.isoformat(), "end": workshop.end_date.isoformat(),
            "venue": workshop.venue,
        },
        "facilitators": workshop.facilitators, "objective": workshop.objective,
        "methodology": workshop.methodology,
        "attendance": [{"name": a.name, "entity": a.organization_name(),
                        "sector": a.get_sector_display()}
                       for a in workshop.attendance.select_related("entity")],
        "proposals": proposals, "conclusions": workshop.conclusions,
    }  # fmt: skip


def congress_data(meeting: CongressMeeting) -> dict[str, Any]:
    return {
        "meeting": {
            "topic": meeting.topic, "start_time": meeting.start_time.strftime("%H:%M"),
            "end_time": meeting.end_time.strftime("%H:%M"), "venue": meeting.venue,
            "convened_by": meeting.convened_by,
        },
        "participants": meeting.participants, "agenda": meeting.agenda,
        "discussion": meeting.discussion, "agreements": meeting.agreements,
    }  # fmt: skip


def commitment_data(commitment: Commitment) -> dict[str, Any]:
    return {
        "number": str(commitment.number), "title": commitment.title,
        "axis": commitment.axis.name, "lead": commitment.lead.name,
        "others": [e.name for e in commitment.supporting.all()],
        "start": commitment.start_date.isoformat(), "end": commitment.end_date.isoformat(),
        "problem": commitment.problem, "commitment": commitment.description,
        "how": commitment.solution, "relevance": commitment.values_display(),
        "milestones": [{"text": m.text, "date": m.due_date.isoformat(), "output": m.output}
                       for m in commitment.milestones.all()],
    }  # fmt: skip


def commitments_of(plan: ActionPlan, stage: str) -> list[Commitment]:
    return list(
        plan.commitments.filter(stage=stage)
        .select_related("axis", "lead")
        .prefetch_related("supporting", "milestones")
        .order_by("priority_rank", "number")
    )


def draft_data(
    plan: ActionPlan, *, version: str, introduction: list[str], opens: date, closes: date
) -> dict[str, Any]:
    return {
        "plan": _plan_header(plan), "version": version,
        "consultation": {"start": opens.isoformat(), "end": closes.isoformat(),
                         "url": plan.consultation_url or "https://www.gob.pe/consulta",
                         "email": plan.contact_email or plan.entity.email},
        "introduction": introduction,
        "commitments": [commitment_data(c) for c in commitments_of(plan, Commitment.Stage.DRAFT)],
    }  # fmt: skip


def final_data(
    plan: ActionPlan, *, introduction: list[str], monitoring: list[str]
) -> dict[str, Any]:
    process = [
        {"name": f"{entry.activity}) {entry.name}",
         "period": f"{entry.planned_start:%d/%m/%Y} – {entry.planned_end:%d/%m/%Y}",
         "description": entry.owner}
        for entry in plan.schedule.all()
    ]  # fmt: skip
    commitments = []
    for commitment in commitments_of(plan, Commitment.Stage.FINAL):
        data = commitment_data(commitment)
        data["priority"] = str(commitment.priority_rank or "—")
        commitments.append(data)
    return {"plan": _plan_header(plan), "introduction": introduction, "process": process,
            "commitments": commitments, "monitoring": monitoring}  # fmt: skip
