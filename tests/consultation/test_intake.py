"""The accepting path: a submission checked as the public form would check it, without
building the form, and stored by one prepared INSERT (core.inserts)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.http import QueryDict

from consultation.forms import ProposalForm, form_with_errors
from consultation.intake import proposal_input
from consultation.models import Consultation, Proposal
from core.inserts import insert_row
from workflow.models import Commitment

BASE = {"text": "  Publicar los contratos en datos abiertos.  "}


def _cases(commitment: Commitment) -> list[dict[str, str]]:
    return [
        {},
        {"text": ""},
        {"text": "   "},
        {"commitment": str(commitment.pk), "paragraph": "problema"},
        {"commitment": "999999"},
        {"commitment": "uno"},
        {"commitment": f"{commitment.pk}; DROP TABLE"},
        {"commitment": "²"},
        {"commitment": "99999999999999999999999"},
        {"commitment": "-1"},
        {"paragraph": "otro"},
        {"sector": "academia", "region": "Cusco", "data_consent": "on"},
        {"sector": "militar"},
        {"region": "Narnia"},
        {"region": "cusco"},
        {"email": " ana@example.pe ", "data_consent": "true"},
        {"data_consent": "false", "publish_consent": "False"},
        {"data_consent": "0", "publish_consent": "yes"},
    ]


@pytest.mark.django_db
def test_the_input_accepts_and_cleans_what_the_form_accepts(consultation: Consultation) -> None:
    commitment = Commitment.objects.filter(plan=consultation.plan).first()
    assert commitment is not None
    for case in _cases(commitment):
        data = QueryDict(mutable=True)
        data.update({**BASE, **case})
        form = ProposalForm(data, plan_id=consultation.plan_id)
        try:
            cleaned: dict[str, Any] | None = proposal_input(data, plan_id=consultation.plan_id)
        except ValidationError as exc:
            assert not form.is_valid(), (case, exc.messages)
            assert set(exc.message_dict) == set(form.errors), case
            continue
        assert form.is_valid(), (case, form.errors)
        expected = {k: v for k, v in form.cleaned_data.items() if k != "website"}
        assert cleaned == expected, case


@pytest.mark.django_db
def test_a_refused_submission_shows_the_forms_messages_or_else_the_services(
    consultation: Consultation,
) -> None:
    data = QueryDict("text=&region=Narnia")
    try:
        proposal_input(data, plan_id=consultation.plan_id)
    except ValidationError as exc:
        form = form_with_errors(data, plan_id=consultation.plan_id, error=exc)
    assert form.errors["text"] == ["Este campo es requerido."]
    assert "Narnia" in form.errors["region"][0]
    assert not form.non_field_errors()

    valid = QueryDict("text=Un+aporte&author_name=Ana")
    reason = ValidationError("Para enviar sus datos personales debe consentir su tratamiento.")
    form = form_with_errors(valid, plan_id=consultation.plan_id, error=reason)
    assert form.non_field_errors() == [reason.message]


def _rows_match(consultation: Consultation) -> None:
    proposals = []
    for n in range(6):  # PostgreSQL: the same prepared statement, again and again
        proposal = Proposal(consultation=consultation, origin=Proposal.Origin.WEB,
                            text=f"Aporte {n}", region="Cusco", data_consent=True)  # fmt: skip
        insert_row(proposal)
        proposals.append(proposal)
    for proposal in proposals:
        stored = Proposal.objects.get(pk=proposal.pk)
        assert not proposal._state.adding
        assert (stored.code, stored.text, stored.region, stored.state, stored.created_at) == (
            proposal.code, proposal.text, "Cusco", Proposal.State.PENDING, proposal.created_at,
        )  # fmt: skip
    assert len({p.code for p in proposals}) == 6


@pytest.mark.django_db
def test_insert_row_stores_what_save_would(consultation: Consultation) -> None:
    _rows_match(consultation)


@pytest.mark.server
@pytest.mark.django_db
def test_insert_row_on_postgresql(consultation: Consultation) -> None:
    assert connection.vendor == "postgresql"
    _rows_match(consultation)
    taken = Proposal.objects.first()
    assert taken is not None
    duplicate = Proposal(consultation=consultation, origin=Proposal.Origin.WEB, text="Otro",
                         code=taken.code)  # fmt: skip
    # A constraint violated is Django's IntegrityError, and the transaction goes on.
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_row(duplicate)
    assert Proposal.objects.filter(code=taken.code).count() == 1
