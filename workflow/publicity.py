"""c) The press note and the information leaflet, from the plan's own data."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from workflow import paperwork
from workflow.models import ActionPlan
from workflow.services import _audit


def leaflet_data(plan: ActionPlan, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "headline": data["leaflet_headline"],
        "introduction": data["leaflet_introduction"],
        "sections": [],
        "axes": [{"name": a.name, "description": a.description or a.name}
                 for a in plan.axes.all()],
        "timeline": [{"activity": e.name, "where": e.owner,
                      "period": f"{e.planned_start:%d/%m/%Y} – {e.planned_end:%d/%m/%Y}"}
                     for e in plan.schedule.all()],
        "how_to_participate": data["how_to_participate"],
        "contact": {"website": plan.consultation_url or "https://www.gob.pe",
                    "email": plan.contact_email or plan.entity.email},
    }  # fmt: skip


def press_data(plan: ActionPlan, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "headline": data["headline"], "lead": data["lead"], "body": data["body"],
        "key_facts": data.get("key_facts") or [], "more_info_url": data.get("more_info_url") or "",
        "press_contact": {"office": f"{plan.office.name} — {plan.entity.acronym}",
                          "email": plan.contact_email or plan.entity.email},
    }  # fmt: skip


def press_prepare(
    *, plan: ActionPlan, actor: Any, data: dict[str, Any], round: int, on: date
) -> dict[str, int]:
    """Both documents of c) or neither; ``round`` distinguishes a corrected version."""
    with transaction.atomic():
        note = paperwork.plan_document(
            plan=plan, kind="nota_prensa", key=f"plan:{plan.pk}:nota_prensa:{round}",
            data=press_data(plan, data), on=on, actor=actor,
        )  # fmt: skip
        leaflet = paperwork.plan_document(
            plan=plan, kind="cartilla", key=f"plan:{plan.pk}:cartilla:{round}",
            data=leaflet_data(plan, data), on=on, actor=actor,
        )  # fmt: skip
        _audit(plan, "press.prepare", actor, press_note=note.pk, leaflet=leaflet.pk)
    return {"nota_prensa": note.pk, "cartilla": leaflet.pk}
