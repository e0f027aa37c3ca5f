"""The consultation window (h), the presentation (k) and the approval (l) of the plan."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from correspondence.numbering import number_allocate
from documents.issuing import document_issue, files_removed_on_failure
from documents.models import GeneratedDocument
from documents.signatures import SIGN_PERMISSION
from documents.signing import LoadedSigner
from workflow import paperwork
from workflow.models import ActionPlan, Commitment, Publication
from workflow.services import PlanError, _audit, publication_record

APPROVE_PERMISSION = "planflow.approve_actionplan"


def consultation_start(
    *, plan: ActionPlan, actor: Any, opens_at: datetime, closes_at: datetime,
    draft: GeneratedDocument, urls: list[str], social_posts: list[dict[str, str]],
) -> Any:  # fmt: skip
    """Publish the draft and open the public consultation on its dates."""
    from consultation.services import consultation_open

    with transaction.atomic():
        consultation = consultation_open(
            plan=plan, opens_at=opens_at, closes_at=closes_at, actor=actor
        )
        plan.open_consultation()
        plan.save()
        publication_record(
            plan=plan, actor=actor, kind=Publication.Kind.DRAFT, title=draft.title, urls=urls,
            social_posts=social_posts, document=draft,
        )  # fmt: skip
    return consultation


def consultation_end(*, plan: ActionPlan, actor: Any = None) -> None:
    """The window's timer fired: close the consultation; systematization starts."""
    from consultation.models import Consultation
    from consultation.services import consultation_close

    with transaction.atomic():
        consultation = Consultation.objects.filter(plan=plan).latest("opens_at")
        if consultation.state != Consultation.State.CLOSED:
            consultation_close(consultation=consultation, actor=actor)
        plan.close_consultation()
        plan.save()


def presentation_record(
    *, plan: ActionPlan, actor: Any, on: date, meeting: dict[str, str],
    attendees: list[dict[str, str]], summary: list[str],
    interventions: list[dict[str, str]], agreements: list[str],
) -> GeneratedDocument:  # fmt: skip
    finals = paperwork.commitments_of(plan, Commitment.Stage.FINAL)
    data = {
        "plan": {"title": plan.title, "period": plan.period}, "meeting": meeting,
        "attendees": attendees, "summary": summary,
        "commitments": [{"number": str(c.number), "title": c.title, "axis": c.axis.name,
                         "lead": c.lead.name} for c in finals],
        "interventions": interventions, "agreements": agreements,
    }  # fmt: skip
    with transaction.atomic():
        document = paperwork.plan_document(
            plan=plan, kind="acta_presentacion", key=f"plan:{plan.pk}:acta_presentacion",
            data=data, on=on, actor=actor,
        )  # fmt: skip
        _audit(plan, "presentation.record", actor, attendees=len(attendees))
    return document


def report_compose(
    *, plan: ActionPlan, actor: Any, on: date, report: dict[str, Any], round: int = 1
) -> GeneratedDocument:
    """The informe técnico sustentatorio (numbered INFORME of the technical secretariat)."""
    with transaction.atomic():
        document = paperwork.plan_document(
            plan=plan, kind="informe_tecnico", key=f"plan:{plan.pk}:informe_tecnico:{round}",
            data=report, on=on, actor=actor,
        )  # fmt: skip
        _audit(plan, "report.compose", actor, document=document.pk)
    return document


def resolution_issue(
    *, plan: ActionPlan, actor: Any, signer: LoadedSigner, position: str, on: date,
    resolution: dict[str, Any],
) -> GeneratedDocument:  # fmt: skip
    """Senior management signs: the resolution gets its number, PDF and signature in one
    transaction (no number burnt on failure), and the plan is approved."""
    if not (actor.has_perm(SIGN_PERMISSION) and actor.has_perm(APPROVE_PERMISSION)):
        raise PermissionDenied("Solo la Alta Dirección firma la resolución que aprueba el plan.")
    document_type = plan.get_instrument_display().upper()
    if plan.instrument == ActionPlan.Instrument.MINISTERIAL_RESOLUTION:
        document_type = "RESOLUCIÓN MINISTERIAL"
    with files_removed_on_failure() as written, transaction.atomic():
        plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.state != ActionPlan.State.FINAL:
            raise PlanError("El plan solo se aprueba cuando su versión final está lista.")
        number = number_allocate(
            entity=plan.entity, office=None, document_type=document_type, year=on.year
        )
        letterhead = paperwork.letterhead(
            plan, on, [{"name": actor.get_full_name(), "position": position,
                        "entity": plan.entity.name}],
        )  # fmt: skip
        document = document_issue(
            kind="resolucion_ministerial", key=f"plan:{plan.pk}:resolucion",
            title=f"{number.text} — aprueba el {plan}", data=resolution, letterhead=letterhead,
            number=number.text, user=actor, signer=signer, position=position, written=written,
        )  # fmt: skip
        plan.instrument_number, plan.approved_at = number.text, timezone.now()
        plan.approve()
        plan.save()
        _audit(plan, "approve", actor, number=number.text, document=document.pk)
    return document
