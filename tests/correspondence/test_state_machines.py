"""Random sequences of legal and illegal actions on an oficio and its dispatches.

Hypothesis drives the services as the people involved (and as people who have no say):
route, vistos buenos, corrections, signature, cancellation, sending, cargo, reply,
reminders, retries. Whatever the sequence, an action the rules refuse changes nothing,
every state reached is one the rules allow (DOMAIN.md, issue 5), numbers stay
correlative and the audit chain verifies.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from audit.models import AuditEntry
from audit.verification import verify_database
from core.jobs import job_run
from core.models import Job
from correspondence.delivery import (
    dispatch_acknowledge,
    dispatch_reply,
    dispatch_retry,
    dispatches_remind,
)
from correspondence.dispatching import oficio_cancel, oficio_sign
from correspondence.models import Dispatch, NumberCounter, Oficio, Reply, Review
from correspondence.services import oficio_correct, oficio_create, oficio_route, review_decide
from directory.models import Entity
from documents.signatures import signer_load
from tests.correspondence.conftest import PASSWORD, run_jobs

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

S, D = Oficio.State, Dispatch.State
# Oficio: En proyecto → Para despacho → Emitido; cancelled before issue, or issued while
# no recipient has received it.
OFICIO_MOVES = {
    (S.DRAFT, S.FOR_DISPATCH), (S.FOR_DISPATCH, S.ISSUED), (S.DRAFT, S.CANCELLED),
    (S.FOR_DISPATCH, S.CANCELLED), (S.ISSUED, S.CANCELLED),
}  # fmt: skip
# Dispatch: pendiente → enviado → recibido → atendido; enviado → vencido; error → reintento.
DISPATCH_MOVES = {
    (D.PENDING, D.SENT), (D.PENDING, D.ERROR), (D.ERROR, D.RETRY), (D.RETRY, D.SENT),
    (D.SENT, D.RECEIVED), (D.SENT, D.ANSWERED), (D.RECEIVED, D.ANSWERED),
    (D.SENT, D.OVERDUE), (D.OVERDUE, D.RECEIVED), (D.OVERDUE, D.ANSWERED),
}  # fmt: skip
PEOPLE = ["secretaria", "secretaria2", "asesoria", "firmante", "presidencia"]
# The person with a say comes up more often than the others, so that runs get far.
AUTHOR = st.sampled_from(["secretaria", "secretaria", "secretaria", *PEOPLE])
REFUSED = (PermissionDenied, ValidationError)
PDF = b"%PDF-1.4\n% respuesta del destinatario\n"


class OficioMachine(RuleBasedStateMachine):
    users: dict[str, User]
    signer: Any

    @initialize(parallel=st.booleans())
    def draft(self, parallel: bool) -> None:
        self.oficio = oficio_create(
            author=self.users["secretaria"], kind=Oficio.Kind.MULTIPLE, subject="Inicio",
            body=["Texto del oficio."], references=[],
            recipients=list(Entity.objects.filter(code__in=["MINSA", "MTC"])),
            reviewers=[self.users["secretaria2"], self.users["asesoria"]],
            signer=self.users["firmante"],
            review_mode=Oficio.ReviewMode.PARALLEL if parallel else Oficio.ReviewMode.SEQUENTIAL,
        )  # fmt: skip
        self.last = self.snapshot()

    # --- what the people do -----------------------------------------------------

    def attempt(self, action: Any) -> None:
        """Run an action; if the rules refuse it, nothing may have changed."""
        before = self.snapshot()
        try:
            action()
        except REFUSED:
            assert self.snapshot() == before, "a refused action changed something"

    @rule(who=AUTHOR)
    def route(self, who: str) -> None:
        self.attempt(lambda: oficio_route(oficio=self.oficio, actor=self.users[who]))

    @rule(
        index=st.integers(0, 1), who=st.sampled_from(["revisor"] * 4 + PEOPLE),
        approve=st.booleans(), comment=st.sampled_from(["", "Precisar las fechas."]),
    )  # fmt: skip
    def decide(self, index: int, who: str, approve: bool, comment: str) -> None:
        """A visto bueno of the latest round, given by its reviewer ("revisor") or not."""
        latest = Oficio.objects.get(pk=self.oficio.pk).round
        reviews = list(self.oficio.reviews.filter(round=latest).order_by("order"))
        if index >= len(reviews):
            return
        review = reviews[index]
        actor = review.reviewer if who == "revisor" else self.users[who]
        self.attempt(lambda: review_decide(review=review, actor=actor, approve=approve,
                                           comment=comment))  # fmt: skip

    @rule(who=AUTHOR)
    def correct(self, who: str) -> None:
        self.attempt(lambda: oficio_correct(oficio=self.oficio, actor=self.users[who],
                                            subject="Inicio (corregido)", body=["Texto."],
                                            references=[]))  # fmt: skip

    @rule(who=st.sampled_from(["firmante", "firmante", "secretaria", "presidencia"]))
    def sign(self, who: str) -> None:
        self.attempt(lambda: oficio_sign(oficio=self.oficio, actor=self.users[who],
                                         signer=self.signer, position="Secretario"))  # fmt: skip

    @rule(who=AUTHOR, reason=st.sampled_from(["", "", "Error en el texto"]))
    def cancel(self, who: str, reason: str) -> None:
        self.attempt(lambda: oficio_cancel(oficio=self.oficio, actor=self.users[who],
                                           reason=reason))  # fmt: skip

    @rule()
    def advance(self) -> None:
        """The next step, taken by whoever it belongs to: runs reach issue and beyond."""
        oficio = Oficio.objects.get(pk=self.oficio.pk)
        pending = oficio.reviews.filter(round=oficio.round, state=Review.State.PENDING)
        first = pending.order_by("order").first()
        if oficio.state == S.DRAFT and first is None:
            self.attempt(lambda: oficio_route(oficio=oficio, actor=self.users["secretaria"]))
        elif oficio.state == S.DRAFT and first is not None:
            self.attempt(lambda: review_decide(review=first, actor=first.reviewer, approve=True))
        elif oficio.state == S.FOR_DISPATCH:
            self.sign("firmante")
        elif oficio.state == S.ISSUED:
            self.follow_up(oficio)

    def follow_up(self, oficio: Oficio) -> None:
        """Send what is pending; else the first recipient not done acknowledges or replies."""
        if oficio.dispatches.filter(state__in=[D.PENDING, D.RETRY]).exists():
            run_jobs()
            return
        target = oficio.dispatches.exclude(state=D.ANSWERED).order_by("pk").first()
        if target is not None and target.state in {D.SENT, D.OVERDUE}:
            self.attempt(lambda: dispatch_acknowledge(dispatch=target, name="Mesa de partes",
                                                      position="", ip=None))  # fmt: skip
        elif target is not None:
            self.attempt(lambda: dispatch_reply(dispatch=target, data=PDF, their_number="N° 7",
                                                note="", sender="Enlace", ip=None))  # fmt: skip

    @rule()
    def send(self) -> None:
        run_jobs()

    @rule(index=st.integers(0, 1), name=st.sampled_from(["", "Mesa de partes"]))
    def acknowledge(self, index: int, name: str) -> None:
        dispatch = self.dispatch(index)
        if dispatch is not None:
            self.attempt(lambda: dispatch_acknowledge(dispatch=dispatch, name=name,
                                                      position="Enlace", ip="190.12.1.1"))  # fmt: skip

    @rule(index=st.integers(0, 1), data=st.sampled_from([PDF, b"no es un pdf"]))
    def reply(self, index: int, data: bytes) -> None:
        dispatch = self.dispatch(index)
        if dispatch is not None:
            self.attempt(lambda: dispatch_reply(dispatch=dispatch, data=data, their_number="N° 1",
                                                note="", sender="Enlace", ip=None))  # fmt: skip

    @rule(index=st.integers(0, 1))
    def retry(self, index: int) -> None:
        dispatch = self.dispatch(index)
        if dispatch is not None:
            self.attempt(lambda: dispatch_retry(dispatch=dispatch, actor=self.users["secretaria"]))

    @rule()
    def time_passes(self) -> None:
        dispatches_remind(today=timezone.localdate() + timedelta(days=60))

    def dispatch(self, index: int) -> Dispatch | None:
        dispatches = list(self.oficio.dispatches.order_by("pk"))
        return dispatches[index] if index < len(dispatches) else None

    # --- what must always hold --------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        oficio = Oficio.objects.get(pk=self.oficio.pk)
        return {
            "oficio": (oficio.state, oficio.number, oficio.round, oficio.subject),
            "reviews": sorted(self.oficio.reviews.values_list("pk", "state")),
            "dispatches": sorted(self.oficio.dispatches.values_list("pk", "state")),
            "numbers": sorted(NumberCounter.objects.values_list("document_type", "last")),
            "audit": AuditEntry.objects.count(),
        }

    @invariant()
    def only_allowed_moves(self) -> None:
        if not hasattr(self, "last"):
            return
        now = self.snapshot()
        before, after = self.last["oficio"][0], now["oficio"][0]
        assert before == after or (before, after) in OFICIO_MOVES, (before, after)
        previous = dict(self.last["dispatches"])
        for pk, state in now["dispatches"]:
            old = previous.get(pk, D.PENDING)
            assert old == state or (old, state) in DISPATCH_MOVES, (old, state)
        self.last = now

    @invariant()
    def issued_means_numbered_signed_and_dispatched(self) -> None:
        if not hasattr(self, "oficio"):
            return
        oficio = Oficio.objects.get(pk=self.oficio.pk)
        dispatches = list(oficio.dispatches.all())
        if oficio.state in {S.DRAFT, S.FOR_DISPATCH}:
            assert oficio.number == "" and oficio.document_id is None and not dispatches
        if oficio.state == S.ISSUED:
            assert oficio.number and oficio.document.signatures.count() == 1
            assert len(dispatches) == 2
        if oficio.state == S.CANCELLED and oficio.number:
            # Cancelled after issue: nobody has received it, now or later.
            assert all(d.state not in {D.RECEIVED, D.ANSWERED} for d in dispatches)
        for dispatch in dispatches:
            if dispatch.state in {D.RECEIVED, D.ANSWERED}:
                assert dispatch.received_at is not None
            if dispatch.state == D.ANSWERED:
                assert Reply.objects.filter(dispatch=dispatch).count() == 1

    @invariant()
    def numbers_are_correlative(self) -> None:
        taken = Oficio.objects.exclude(number="").count()
        assert sum(NumberCounter.objects.values_list("last", flat=True)) == taken

    @invariant()
    def the_chain_verifies(self) -> None:
        assert verify_database().ok


def test_no_sequence_of_actions_breaks_the_rules(pki: dict[str, User], templates: None) -> None:
    OficioMachine.users = pki
    OficioMachine.signer = signer_load(user=pki["firmante"], password=PASSWORD)
    run_state_machine_as_test(
        OficioMachine,
        settings=settings(
            max_examples=15, stateful_step_count=20, deadline=None, derandomize=True,
            suppress_health_check=list(HealthCheck), database=None,
        ),
    )  # fmt: skip
    # The runs went deep: oficios were issued, their dispatches received and answered.
    assert S.ISSUED in set(Oficio.objects.values_list("state", flat=True))
    assert {D.RECEIVED, D.ANSWERED} <= set(Dispatch.objects.values_list("state", flat=True))


def test_an_oficio_cancelled_after_issue_is_neither_sent_received_nor_answered(
    pki: dict[str, User], templates: None
) -> None:
    """The sequence the machine above reaches only rarely, played out on purpose."""
    machine = OficioMachine()
    machine.users, machine.signer = pki, signer_load(user=pki["firmante"], password=PASSWORD)
    machine.draft(parallel=True)
    for _ in range(4):  # route, two vistos buenos, sign
        machine.advance()
    first = machine.dispatch(0)
    assert first is not None
    # One e-mail leaves before the cancel, the other does not.
    job_run(Job.objects.get(key=f"dispatch:{first.pk}").pk)
    oficio_cancel(oficio=machine.oficio, actor=pki["secretaria"], reason="Error en el texto")
    machine.send()  # the other dispatch's e-mail must not go out now
    second = machine.dispatch(1)
    assert second is not None and second.state == D.PENDING
    machine.acknowledge(0, "Mesa de partes")
    machine.reply(0, PDF)
    for check in (machine.only_allowed_moves, machine.the_chain_verifies,
                  machine.issued_means_numbered_signed_and_dispatched):  # fmt: skip
        check()
    assert set(Dispatch.objects.values_list("state", flat=True)) <= {D.SENT, D.PENDING}
