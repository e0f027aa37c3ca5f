"""The plan's steps, each one service: atomic, audited (plan.* entries here, django-fsm
transitions by audit.receivers), documents generated through workflow.paperwork."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count
from django.utils import timezone

from audit.services import audit_record
from documents.models import GeneratedDocument
from workflow import paperwork
from workflow.models import (
    ActionPlan,
    CommissionSession,
    Commitment,
    CongressMeeting,
    Milestone,
    PrioritizationScore,
    Publication,
    SessionAttendance,
    Workshop,
    WorkshopAttendance,
)


class PlanError(ValidationError):
    """A request the rules refuse; the message is for the user (Spanish)."""


def _audit(plan: ActionPlan, action: str, actor: Any, **payload: Any) -> None:
    audit_record(
        action=f"plan.{action}", object_type="actionplan", object_id=plan.pk,
        object_repr=str(plan), actor=actor, payload=payload,
    )  # fmt: skip


def session_record(
    *, plan: ActionPlan, actor: Any, on: date, venue: str, start_time: Any, end_time: Any,
    attendees: list[tuple[Any, str, str]], agenda: list[str], proceedings: list[dict[str, str]],
    agreements: list[dict[str, Any]], kind: str = CommissionSession.Kind.ORDINARY,
) -> tuple[CommissionSession, GeneratedDocument]:  # fmt: skip
    """A commission session and its acta (numbered)."""
    with transaction.atomic():
        number = plan.sessions.count() + 1
        session = CommissionSession.objects.create(
            plan=plan, number=number, kind=kind, date=on, start_time=start_time,
            end_time=end_time, venue=venue, agenda=agenda, proceedings=proceedings,
            agreements=agreements,
        )  # fmt: skip
        SessionAttendance.objects.bulk_create(
            SessionAttendance(session=session, entity=entity, name=name, capacity=capacity)
            for entity, name, capacity in attendees
        )
        document = paperwork.plan_document(
            plan=plan, kind="acta_sesion", key=f"plan:{plan.pk}:acta_sesion:{number}",
            data=paperwork.session_data(session), on=on, actor=actor,
        )  # fmt: skip
        _audit(plan, "session.record", actor, session=number, quorum=session.has_quorum())
    return session, document


def publication_record(
    *, plan: ActionPlan, actor: Any, kind: str, title: str, urls: list[str],
    social_posts: list[dict[str, str]], document: GeneratedDocument | None = None,
) -> Publication:  # fmt: skip
    if not urls:
        raise PlanError("Indique al menos una dirección donde se publicó.")
    with transaction.atomic():
        publication = Publication.objects.create(
            plan=plan, kind=kind, title=title, urls=urls, social_posts=social_posts,
            document=document, published_at=timezone.now(),
        )  # fmt: skip
        _audit(plan, "publish", actor, kind=kind, urls=urls)
    return publication


def workshop_record(
    *, workshop: Workshop, actor: Any, venue: str, facilitators: list[dict[str, str]],
    objective: str, methodology: list[str], conclusions: list[str],
    attendance: list[dict[str, Any]], proposals: list[dict[str, Any]],
) -> GeneratedDocument:  # fmt: skip
    """Attendance and proposals of a workshop (proposals enter the consultation with the
    workshop as their origin), and its relatoría."""
    from consultation.selectors import proposals_for_workshop
    from consultation.services import consultation_for, proposal_register

    plan = workshop.plan
    with transaction.atomic():
        workshop.venue, workshop.facilitators, workshop.objective = venue, facilitators, objective
        workshop.methodology, workshop.conclusions = methodology, conclusions
        workshop.save()
        WorkshopAttendance.objects.bulk_create(
            WorkshopAttendance(workshop=workshop, **row) for row in attendance
        )
        consultation = consultation_for(plan)
        for row in proposals:
            proposal_register(
                consultation=consultation, origin="workshop", workshop=workshop, actor=actor,
                text=row["text"], group=row.get("group", ""), axis=row.get("axis"),
            )  # fmt: skip
        gathered = [
            {"group": p.group or "—", "axis": p.axis.name if p.axis else "—", "text": p.text}
            for p in proposals_for_workshop(workshop)
        ]
        document = paperwork.plan_document(
            plan=plan, kind="relatoria_taller", key=f"plan:{plan.pk}:relatoria:{workshop.pk}",
            data=paperwork.workshop_data(workshop, gathered), on=workshop.end_date, actor=actor,
            title=f"Relatoría — {workshop}",
        )  # fmt: skip
        _audit(plan, "workshop.record", actor, workshop=workshop.pk,
               attendance=len(attendance), proposals=len(proposals))  # fmt: skip
    return document


def congress_record(
    *, plan: ActionPlan, actor: Any, **fields: Any
) -> tuple[CongressMeeting, GeneratedDocument]:
    with transaction.atomic():
        meeting = CongressMeeting.objects.create(plan=plan, **fields)
        document = paperwork.plan_document(
            plan=plan, kind="acta_congreso", key=f"plan:{plan.pk}:acta_congreso:{meeting.pk}",
            data=paperwork.congress_data(meeting), on=meeting.date, actor=actor,
        )  # fmt: skip
        _audit(plan, "congress.record", actor, meeting=meeting.pk, topic=meeting.topic)
    return meeting, document


def commitment_create(
    *, plan: ActionPlan, actor: Any, supporting: list[Any] = (),  # type: ignore[assignment]
    milestones: list[dict[str, Any]] = (),  # type: ignore[assignment]
    **fields: Any,
) -> Commitment:  # fmt: skip
    if plan.state != ActionPlan.State.ELABORATION:
        raise PlanError("Los compromisos del borrador solo se editan durante la elaboración.")
    with transaction.atomic():
        number = (
            fields.pop("number", None)
            or plan.commitments.filter(stage=Commitment.Stage.DRAFT).count() + 1
        )
        commitment = Commitment.objects.create(plan=plan, number=number, **fields)
        commitment.supporting.set(supporting)
        Milestone.objects.bulk_create(Milestone(commitment=commitment, **m) for m in milestones)
        _audit(plan, "commitment.create", actor, commitment=commitment.pk, title=commitment.title)
    return commitment


def draft_compose(
    *, plan: ActionPlan, actor: Any, round: int, version: str, introduction: list[str],
    opens: date, closes: date, on: date,
) -> GeneratedDocument:  # fmt: skip
    if not plan.commitments.filter(stage=Commitment.Stage.DRAFT).exists():
        raise PlanError("El borrador necesita al menos un compromiso.")
    if closes <= opens:
        raise PlanError("La consulta debe cerrar después de abrir.")
    data = paperwork.draft_data(
        plan, version=version, introduction=introduction, opens=opens, closes=closes
    )
    with transaction.atomic():
        document = paperwork.plan_document(
            plan=plan, kind="borrador_plan", key=f"plan:{plan.pk}:borrador:{round}", data=data,
            on=on, actor=actor, title=f"{paperwork.TITLES['borrador_plan']} — {version}",
        )  # fmt: skip
        _audit(plan, "draft.compose", actor, round=round, document=document.pk)
    return document


def score_submit(*, plan: ActionPlan, member: Any, scores: dict[int, int]) -> None:
    """A commission member's scores (1–5) for the draft commitments."""
    drafts = set(plan.commitments.filter(stage=Commitment.Stage.DRAFT).values_list("pk", flat=True))
    if set(scores) != drafts:
        raise PlanError("Califique cada compromiso del borrador, y solo esos.")
    if any(not 1 <= value <= 5 for value in scores.values()):
        raise PlanError("Cada calificación va de 1 a 5.")
    with transaction.atomic():
        for commitment_id, value in scores.items():
            PrioritizationScore.objects.update_or_create(
                commitment_id=commitment_id, member=member, defaults={"score": value}
            )
        _audit(plan, "prioritize.score", member, scores={str(k): v for k, v in scores.items()})


def priorities_tally(*, plan: ActionPlan, actor: Any) -> list[Commitment]:
    """Order the draft commitments by average score and write the final ones from them."""
    with transaction.atomic():
        plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.commitments.filter(stage=Commitment.Stage.FINAL).exists():
            raise PlanError("La priorización ya fue totalizada.")
        drafts = list(
            plan.commitments.filter(stage=Commitment.Stage.DRAFT)
            .annotate(average=Avg("scores__score"), votes=Count("scores"))
            .order_by("-average", "number")
        )
        finals = []
        for rank, draft in enumerate(drafts, start=1):
            average = Decimal(draft.average or 0).quantize(Decimal("0.01"), ROUND_HALF_UP)
            Commitment.objects.filter(pk=draft.pk).update(
                priority_score=average, priority_rank=rank
            )
            finals.append(_final_from(draft, rank, average))
        plan.finalize()
        plan.save()
        _audit(plan, "prioritize.tally", actor,
               ranking=[{"commitment": c.derived_from_id, "rank": c.priority_rank,
                         "score": str(c.priority_score)} for c in finals])  # fmt: skip
    return finals


def _final_from(draft: Commitment, rank: int, score: Decimal) -> Commitment:
    supporting = list(draft.supporting.all())
    milestones = list(draft.milestones.all())
    final = Commitment.objects.create(
        plan=draft.plan, stage=Commitment.Stage.FINAL, derived_from=draft, axis=draft.axis,
        number=rank, title=draft.title, lead=draft.lead, start_date=draft.start_date,
        end_date=draft.end_date, problem=draft.problem, description=draft.description,
        solution=draft.solution, values=draft.values, priority_score=score, priority_rank=rank,
    )  # fmt: skip
    final.supporting.set(supporting)
    Milestone.objects.bulk_create(
        Milestone(commitment=final, text=m.text, due_date=m.due_date, output=m.output)
        for m in milestones
    )
    return final


def final_compose(
    *, plan: ActionPlan, actor: Any, introduction: list[str], monitoring: list[str], on: date
) -> GeneratedDocument:
    data = paperwork.final_data(plan, introduction=introduction, monitoring=monitoring)
    with transaction.atomic():
        document = paperwork.plan_document(
            plan=plan, kind="plan_final", key=f"plan:{plan.pk}:plan_final", data=data, on=on,
            actor=actor,
        )  # fmt: skip
        _audit(plan, "final.compose", actor, document=document.pk)
    return document
