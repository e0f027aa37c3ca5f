"""Moderation: pre-moderated citizen proposals, hidden with a reason or restored."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from audit.services import audit_record
from consultation.intake import clean_text
from consultation.models import Proposal
from consultation.permissions import MODERATE, require


def _transition(proposal: Proposal, action: str, actor: Any, reason: str = "") -> Proposal:
    require(actor, MODERATE)
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        before = locked.state
        if not can_proceed(getattr(locked, action)):
            raise ValidationError(_("This action is not possible in the proposal's current state."))
        getattr(locked, action)()
        locked.hidden_reason = reason
        locked.save(update_fields=["state", "hidden_reason"])
        audit_record(
            action=f"proposal.{action}", object_type="proposal", object_id=locked.pk,
            object_repr=locked.code, actor=actor, from_state=before, to_state=locked.state,
            payload={"reason": reason} if reason else {},
        )  # fmt: skip
    return locked


def proposal_approve(*, proposal: Proposal, actor: Any) -> Proposal:
    return _transition(proposal, "approve", actor)


def proposal_hide(*, proposal: Proposal, actor: Any, reason: str) -> Proposal:
    reason = clean_text(reason, 300)
    if not reason:
        raise ValidationError(_("Give the reason for hiding the proposal."))
    return _transition(proposal, "hide", actor, reason)


def proposal_restore(*, proposal: Proposal, actor: Any) -> Proposal:
    return _transition(proposal, "restore", actor)
