"""Moderation: pre-moderated citizen proposals, hidden with a reason or restored."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from consultation.intake import clean_text
from consultation.models import Proposal
from consultation.permissions import MODERATE, acting, require


def _transition(proposal: Proposal, action: str, actor: Any, reason: str = "") -> Proposal:
    require(actor, MODERATE)
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if not can_proceed(getattr(locked, action)):
            raise ValidationError(_("This action is not possible in the proposal's current state."))
        locked.hidden_reason = reason
        # The transition's audit entry is written by audit/receivers.py, as the actor.
        with acting(actor):
            getattr(locked, action)()
        locked.save(update_fields=["state", "hidden_reason"])
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
