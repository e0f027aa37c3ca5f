"""The consultation's life (open, close), staff registration of proposals and the
publication of the responses: each one atomic, with its audit entry."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from consultation.models import Consultation, Proposal
from consultation.permissions import IMPORT, PUBLISH, acting, require
from consultation.selectors import forget_open_consultation
from workflow.models import ActionPlan, Axis, Commitment, CongressMeeting, Workshop

DEFAULT_WINDOW = timedelta(days=21)
CONSULTATION_ACTIVITY = "h"


def _audit(consultation: Consultation, action: str, actor: Any, **payload: Any) -> None:
    audit_record(
        action=f"consultation.{action}", object_type="consultation", object_id=consultation.pk,
        object_repr=str(consultation), actor=actor, payload=payload,
    )  # fmt: skip


def _window(plan: ActionPlan) -> tuple[datetime, datetime]:
    entry = plan.schedule.filter(activity=CONSULTATION_ACTIVITY).first()
    tz = timezone.get_current_timezone()
    if entry is not None:
        start = datetime.combine(entry.planned_start, time.min, tzinfo=tz)
        end = datetime.combine(entry.planned_end, time.max, tzinfo=tz)
        return start, end
    start = datetime.combine(timezone.localdate(), time.min, tzinfo=tz)
    return start, start + DEFAULT_WINDOW


def consultation_for(plan: ActionPlan) -> Consultation:
    """The plan's current consultation, created (scheduled, not opened) when there is none:
    workshop proposals (d, e) enter it before the window opens (h)."""
    current = plan.consultations.exclude(state=Consultation.State.CLOSED).order_by("-pk").first()
    if current is not None:
        return current
    opens_at, closes_at = _window(plan)
    with transaction.atomic():
        consultation = Consultation.objects.create(
            plan=plan, opens_at=opens_at, closes_at=closes_at
        )
        _audit(consultation, "create", None, opens_at=opens_at.isoformat(),
               closes_at=closes_at.isoformat())  # fmt: skip
    return consultation


def consultation_open(
    *, plan: ActionPlan, opens_at: datetime, closes_at: datetime, actor: Any
) -> Consultation:
    """Set the window; open now if it has started, else the beat task opens it when due."""
    if closes_at <= opens_at:
        raise ValidationError(_("The consultation must close after it opens."))
    with transaction.atomic():
        consultation = Consultation.objects.select_for_update().get(pk=consultation_for(plan).pk)
        consultation.opens_at, consultation.closes_at = opens_at, closes_at
        if opens_at <= timezone.now():
            with acting(actor):  # the transition's entry: audit/receivers.py
                consultation.open()
        else:
            _audit(consultation, "schedule", actor, **consultation.audit_payload())
        consultation.save()
    return consultation


def consultation_open_due(*, consultation: Consultation) -> bool:
    """The beat task's step: open a scheduled consultation whose time has come, only while
    its plan is in consultation (h published the draft). True when it opened it."""
    with transaction.atomic():
        locked = (
            Consultation.objects.select_for_update().select_related("plan").get(pk=consultation.pk)
        )
        if (
            locked.state != Consultation.State.SCHEDULED
            or locked.opens_at > timezone.now()
            or locked.plan.state != ActionPlan.State.CONSULTATION
        ):
            return False
        locked.open()  # audited by audit/receivers.py, as the system
        locked.save()
    return True


def consultation_close(*, consultation: Consultation, actor: Any) -> Consultation:
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        with acting(actor):  # the transition's entry: audit/receivers.py
            locked.close()
        locked.save()
    forget_open_consultation()
    return locked


def proposal_register(
    *, consultation: Consultation, origin: str, actor: Any, text: str,
    workshop: Workshop | None = None, congress_meeting: CongressMeeting | None = None,
    group: str = "", axis: Axis | None = None, commitment: Commitment | None = None,
    **author: Any,
) -> Proposal:  # fmt: skip
    """A proposal gathered by staff (workshop, Congress, e-mail, paper) with its
    provenance; staff vouch for it, so it is visible at once."""
    from consultation.intake import clean_text

    require(actor, IMPORT)
    if origin not in Proposal.Origin.values or origin == Proposal.Origin.WEB:
        raise ValidationError(_("Unknown origin of the proposal."))
    text = clean_text(text, 5000)
    if not text:
        raise ValidationError(_("The proposal has no text."))
    fields = {key: clean_text(str(value), 200) if isinstance(value, str) else value
              for key, value in author.items()}  # fmt: skip
    fields.setdefault("data_consent", bool(fields.get("author_name") or fields.get("email")))
    user = actor.resolve() if hasattr(actor, "resolve") else actor
    with transaction.atomic():
        proposal = Proposal.objects.create(
            consultation=consultation, origin=origin, text=text, workshop=workshop,
            congress_meeting=congress_meeting, group=clean_text(group, 120), axis=axis,
            commitment=commitment, state=Proposal.State.VISIBLE,
            registered_by=user if getattr(user, "is_authenticated", False) else None,
            **fields,
        )  # fmt: skip
        audit_record(
            action="proposal.register", object_type="proposal", object_id=proposal.pk,
            object_repr=proposal.code, actor=actor, to_state=proposal.state,
            payload={"origin": origin, "workshop": workshop.pk if workshop else None,
                     "congress_meeting": congress_meeting.pk if congress_meeting else None,
                     "group": group},
        )  # fmt: skip
    return proposal


def responses_publish(*, consultation: Consultation, actor: Any) -> int:
    """Publish every answered proposal's disposition and response at once (OGP: a reasoned
    response to every proposal); refused while a proposal is unanswered or unmoderated."""
    require(actor, PUBLISH)
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        shown = locked.proposals.exclude(state=Proposal.State.HIDDEN)
        pending = shown.filter(state=Proposal.State.PENDING).count()
        if pending:
            message = _("Proposals still awaiting moderation: %(n)d.")
            raise ValidationError(message % {"n": pending})
        unanswered = shown.filter(disposition="").count()
        if unanswered:
            message = _("Proposals without a disposition yet: %(n)d.")
            raise ValidationError(message % {"n": unanswered})
        published = shown.update(
            published_disposition=F("disposition"), published_response=F("response")
        )
        locked.responses_published_at = timezone.now()
        locked.save(update_fields=["responses_published_at"])
        _audit(locked, "responses_publish", actor, proposals=published)
    consultation.responses_published_at = locked.responses_published_at
    return published
