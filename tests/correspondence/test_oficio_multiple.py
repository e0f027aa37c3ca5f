"""End to end: an oficio múltiple to the 26 regional governments (issue 5, "Done when")."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from viewflow.workflow.models import Task

from audit.models import AuditEntry
from audit.verification import verify_database
from correspondence.delivery import dispatches_remind
from correspondence.dispatching import oficio_sign
from correspondence.flows import FollowUpFlow
from correspondence.models import Dispatch, Oficio
from correspondence.services import oficio_correct, oficio_route, review_decide
from documents.signatures import trust_roots
from documents.signing import validate_pdf
from tests.correspondence.conftest import links, pdf_upload, run_jobs, signer

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_oficio_multiple_to_the_26_regional_governments(
    draft: Oficio, pki: dict[str, User], public: Client
) -> None:
    users = pki
    assert draft.recipients.count() == 26
    # Here no regional liaison has an account: every recipient is reached by e-mail.
    User.objects.filter(username="enlace_ayacucho").update(is_active=False)
    # Two vistos buenos in order: the first observes, the author corrects, both approve.
    oficio_route(oficio=draft, actor=users["secretaria"])
    first, second = draft.reviews.filter(round=1).order_by("order")
    with pytest.raises(Exception, match="Aún no es su turno"):
        review_decide(review=second, actor=users["asesoria"], approve=True)
    review_decide(review=first, actor=users["secretaria2"], approve=False,
                  comment="Precisar la fecha del primer taller.")  # fmt: skip
    draft.refresh_from_db()
    assert draft.state == Oficio.State.DRAFT
    oficio_correct(oficio=draft, actor=users["secretaria"], subject=draft.subject,
                   body=[*draft.body, "El primer taller se realizará del 20 al 24 de enero de 2014."],
                   references=draft.references)  # fmt: skip
    oficio_route(oficio=draft, actor=users["secretaria"])
    for review in draft.reviews.filter(round=2).order_by("order"):
        review_decide(review=review, actor=review.reviewer, approve=True)
    draft.refresh_from_db()
    assert draft.state == Oficio.State.FOR_DISPATCH
    # The head signs: the number is taken in the signing transaction.
    oficio = oficio_sign(
        oficio=draft, actor=users["firmante"], signer=signer(users), position="Secretario"
    )
    assert oficio.state == Oficio.State.ISSUED
    assert oficio.number.startswith("OFICIO MÚLTIPLE N° 0001-") and oficio.number.endswith(
        "-PCM/SGP"
    )
    # 26 e-mails, each with the signed PDF, valid against the trust roots.
    run_jobs()
    assert len(mail.outbox) == 26
    for message in mail.outbox:
        ((_name, pdf, _type),) = message.attachments
        reports = validate_pdf(pdf, trust_roots())
        assert [r.status for r in reports] == ["valid"]
        assert oficio.number in message.subject
    assert Dispatch.objects.filter(oficio=oficio, state=Dispatch.State.SENT).count() == 26
    # 20 acknowledge through their link, 15 of those reply.
    paths = list(links().values())
    assert len(paths) == 26
    for index, path in enumerate(paths[:20]):
        response = public.post(
            path, {"action": "ack", "name": f"Enlace {index}", "position": "Mesa de partes"}
        )
        assert response.status_code == 302
        if index < 15:
            response = public.post(path, {"action": "reply", "file": pdf_upload(), "sender": f"Enlace {index}",
                                          "their_number": f"OFICIO N° {index:03d}-2014-GR"})  # fmt: skip
            assert response.status_code == 302, response.content.decode()[:300]
    states = {
        s: Dispatch.objects.filter(oficio=oficio, state=s).count() for s in Dispatch.State.values
    }
    assert (states["atendido"], states["recibido"], states["enviado"]) == (15, 5, 6)
    # The rest get a reminder after the deadline, and a follow-up task opens for each.
    mail.outbox.clear()
    dispatch = Dispatch.objects.filter(oficio=oficio).first()
    assert dispatch is not None and dispatch.due_date is not None
    due = dispatch.due_date
    assert dispatches_remind(today=due + timedelta(days=1)) == 11
    run_jobs()
    assert len(mail.outbox) == 11
    assert all(m.subject.startswith("Recordatorio: ") for m in mail.outbox)
    assert dispatches_remind(today=due + timedelta(days=1)) == 0  # bounded: not again the same day
    queue = Task.objects.queue([FollowUpFlow], users["secretaria"])
    assert queue.count() == 11
    assert Task.objects.queue([FollowUpFlow], users["enlace_minedu"]).count() == 0
    # Every step is in the audit log, and the chain verifies.
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    for action in ("oficio.create", "oficio.route", "review.observe", "review.approve", "oficio.correct",
                   "oficio.approve", "document.issue", "oficio.issue", "dispatch.send", "dispatch.receive",
                   "dispatch.answer", "reply.receive", "dispatch.expire", "dispatch.remind", "task.create"):  # fmt: skip
        assert action in actions, action
    assert verify_database().ok
    page = public.get(f"/verificar/{oficio.document.verification_code}")  # type: ignore[union-attr]
    assert "VÁLIDO" in page.content.decode()


def test_dashboard_counts_per_recipient_group(
    draft: Oficio, pki: dict[str, User], public: Client, client: Client
) -> None:
    from tests.correspondence.conftest import approve_all

    approve_all(draft, pki)
    oficio = oficio_sign(
        oficio=draft, actor=pki["firmante"], signer=signer(pki), position="Secretario"
    )
    run_jobs()
    paths = list(links().values())
    for path in paths[:3]:
        public.post(path, {"action": "reply", "file": pdf_upload(), "sender": "Mesa de partes"})
    client.force_login(pki["secretaria"])
    page = client.get("/correspondence/").content.decode()
    assert oficio.number in page
    groups = {row.group: row for row in client.get("/correspondence/").context["groups"]}
    regional = groups["Gobierno regional"]
    assert (regional.total, regional.answered + regional.waiting) == (25, 25)
    assert groups["Municipalidad provincial"].total == 1  # Lima Metropolitana
    assert sum(g.answered for g in groups.values()) == 3
    detail = client.get(f"/correspondence/oficio/{oficio.pk}/")
    assert detail.status_code == 200 and "Mesa de partes" in detail.content.decode()
    client.force_login(pki["enlace_minedu"])
    assert client.get("/correspondence/").status_code == 403
