"""The interface the plan workflow calls: window, beat opening, staff registration,
publication rules, suggestions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEntry
from consultation.models import Consultation, Proposal
from consultation.selectors import consultation_settled
from consultation.services import (
    consultation_close,
    consultation_for,
    consultation_open,
    proposal_register,
    responses_publish,
)
from consultation.suggestions import similar_pairs, suggestions_for
from consultation.systematization import proposals_answer
from consultation.tasks import open_due_task
from workflow.models import ActionPlan

pytestmark = pytest.mark.django_db


def test_scheduled_consultation_opens_by_beat_only_in_consultation(
    plan: ActionPlan, users: dict[str, User]
) -> None:
    soon = timezone.now() + timedelta(hours=1)
    consultation = consultation_open(plan=plan, opens_at=soon, closes_at=soon + timedelta(days=21),
                                     actor=users["secretaria"])  # fmt: skip
    assert consultation.state == Consultation.State.SCHEDULED
    assert consultation_for(plan) == consultation
    Consultation.objects.filter(pk=consultation.pk).update(opens_at=timezone.now())
    assert open_due_task() == 0  # the plan has not published its draft yet
    ActionPlan.objects.filter(pk=plan.pk).update(state=ActionPlan.State.CONSULTATION)
    assert open_due_task() == 1
    consultation.refresh_from_db()
    assert consultation.state == Consultation.State.OPEN
    entry = AuditEntry.objects.filter(action="consultation.open").get()
    assert entry.actor_username == "sistema"


def test_staff_registration_needs_permission_and_publication_needs_answers(
    consultation: Consultation, users: dict[str, User]
) -> None:
    with pytest.raises(PermissionDenied):
        proposal_register(consultation=consultation, origin="paper", actor=users["moderacion"],
                          text="Aporte en papel")  # fmt: skip
    proposal = proposal_register(consultation=consultation, origin="paper", text="<b>Papel</b>",
                                 actor=users["secretaria"], group="Mesa 2")  # fmt: skip
    assert proposal.state == Proposal.State.VISIBLE and proposal.text == "Papel"
    consultation = consultation_close(consultation=consultation, actor=users["secretaria"])
    assert not consultation_settled(consultation)
    with pytest.raises(PermissionDenied):
        responses_publish(consultation=consultation, actor=users["moderacion"])
    with pytest.raises(ValidationError, match="Aportes aún sin respuesta: 1"):
        responses_publish(consultation=consultation, actor=users["secretaria"])
    with pytest.raises(ValidationError, match="no tiene un compromiso asignado"):
        proposals_answer(proposals=[proposal], disposition="acogida",
                         response="Va al compromiso {compromiso}.", actor=users["secretaria"])  # fmt: skip
    proposals_answer(proposals=[proposal], disposition="no_acogida", response="Ya existe.",
                     actor=users["secretaria"])  # fmt: skip
    assert responses_publish(consultation=consultation, actor=users["secretaria"]) == 1
    assert consultation_settled(consultation)


def test_suggestions_pair_similar_proposals(
    consultation: Consultation, users: dict[str, User]
) -> None:
    texts = ["Publicar los contratos del Estado en datos abiertos.",
             "publicar en datos abiertos los contratos del estado",
             "Crear un observatorio ciudadano de obras."]  # fmt: skip
    rows = [proposal_register(consultation=consultation, origin="email", text=t,
                              actor=users["secretaria"]) for t in texts]  # fmt: skip
    (pair,) = suggestions_for(consultation)
    assert (pair.first, pair.second) == (rows[0].pk, rows[1].pk) and pair.score >= 80
    assert similar_pairs(["igual"] * 50, limit=10)[0][2] == 100.0
