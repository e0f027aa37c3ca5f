"""OficioFlow over HTTP: each step is a task in its assignee's inbox."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from viewflow.workflow.models import Task

from correspondence.flows import OficioFlow, oficio_start
from correspondence.models import Oficio
from tests.correspondence.conftest import PASSWORD, run_jobs

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(autouse=True)
def _urls_loaded() -> None:
    """Flow URLs get their namespace when the site's URLconf is built."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018


def inbox(user: User) -> list[Task]:
    return list(Task.objects.inbox([OficioFlow], user))


def execute(client: Client, user: User, data: dict[str, str]) -> Task:
    """``user`` opens the only task in their inbox and submits ``data``."""
    client.force_login(user)
    (task,) = inbox(user)
    url = task.flow_task.reverse("execute", args=[task.process_id, task.pk])
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return task


def test_draft_vistos_buenos_observation_signature_and_close(
    draft: Oficio, pki: dict[str, User], client: Client
) -> None:
    users = pki
    process = oficio_start(draft)
    assert [t.flow_task for t in inbox(users["secretaria2"])] == [OficioFlow.review]
    assert inbox(users["asesoria"]) == []  # in order: not their turn yet
    # A reviewer cannot act on a task routed to someone else.
    (task,) = inbox(users["secretaria2"])
    client.force_login(users["asesoria"])
    url = task.flow_task.reverse("execute", args=[task.process_id, task.pk])
    assert client.post(url, {"decision": "approve"}).status_code in {302, 403}
    task.refresh_from_db()
    assert task.status == "ASSIGNED" and task.owner == users["secretaria2"]
    # Observation → back to the author, who corrects; a new round follows.
    execute(client, users["secretaria2"], {"decision": "observe", "comment": "Precisar fechas."})
    assert [t.flow_task for t in inbox(users["secretaria"])] == [OficioFlow.correct]
    execute(
        client,
        users["secretaria"],
        {"subject": draft.subject, "body": "Párrafo uno.\nFechas: 20 al 24 de enero."},
    )
    execute(client, users["secretaria2"], {"decision": "approve"})
    execute(client, users["asesoria"], {"decision": "approve"})
    # The head signs with the certificate's password; the number is taken now.
    client.force_login(users["firmante"])
    (sign,) = inbox(users["firmante"])
    url = sign.flow_task.reverse("execute", args=[sign.process_id, sign.pk])
    wrong = client.post(url, {"position": "Secretario", "password": "mala"})
    assert wrong.status_code == 200
    assert "La contraseña del certificado no es correcta." in wrong.content.decode()
    draft.refresh_from_db()
    assert draft.number == ""
    execute(
        client,
        users["firmante"],
        {"position": "Secretario de Gestión Pública", "password": PASSWORD},
    )
    draft.refresh_from_db()
    assert draft.state == Oficio.State.ISSUED and "N° 0001-" in draft.number
    run_jobs()
    execute(client, users["secretaria"], {"note": "Seguimiento concluido."})
    process.refresh_from_db()
    assert process.status == "DONE"


def test_parallel_vistos_buenos_and_an_observation_cancels_the_others(
    draft: Oficio, pki: dict[str, User], client: Client
) -> None:
    users = pki
    Oficio.objects.filter(pk=draft.pk).update(review_mode=Oficio.ReviewMode.PARALLEL)
    draft.refresh_from_db()
    oficio_start(draft)
    assert len(inbox(users["secretaria2"])) == 1 and len(inbox(users["asesoria"])) == 1
    (other,) = inbox(users["asesoria"])
    execute(
        client, users["secretaria2"], {"decision": "observe", "comment": "Falta la referencia."}
    )
    other.refresh_from_db()
    assert other.status == "CANCELED"
    assert [t.flow_task for t in inbox(users["secretaria"])] == [OficioFlow.correct]
    execute(client, users["secretaria"], {"subject": draft.subject, "body": "Con referencia."})
    assert len(inbox(users["secretaria2"])) == 1 and len(inbox(users["asesoria"])) == 1
    execute(client, users["asesoria"], {"decision": "approve"})
    execute(client, users["secretaria2"], {"decision": "approve"})
    assert [t.flow_task for t in inbox(users["firmante"])] == [OficioFlow.sign]


def test_drafting_through_the_form_starts_the_flow(
    pki: dict[str, User], templates: None, client: Client
) -> None:
    users = pki
    client.force_login(users["secretaria"])
    assert client.get("/correspondence/nuevo/").status_code == 200
    empty = client.post("/correspondence/nuevo/", {"kind": "oficio_multiple", "subject": "X", "body": "Y",
                                                    "review_mode": "sequential", "signer": users["firmante"].pk,
                                                    "reply_days": 10})  # fmt: skip
    assert empty.status_code == 400
    assert "Elija un grupo de destinatarios" in empty.content.decode()
    response = client.post("/correspondence/nuevo/", {
        "kind": "oficio_multiple", "group": "ministries", "subject": "Designación de enlaces",
        "body": "Solicito designar un enlace.\nGracias.", "references": "DS 003-2013-PCM",
        "reviewers": [users["secretaria2"].pk], "review_mode": "sequential",
        "signer": users["firmante"].pk, "reply_days": 10,
    })  # fmt: skip
    assert response.status_code == 302
    oficio = Oficio.objects.get(subject="Designación de enlaces")
    assert oficio.recipients.count() == 18
    assert oficio.body == ["Solicito designar un enlace.", "Gracias."]
    assert [t.flow_task for t in inbox(users["secretaria2"])] == [OficioFlow.review]
    client.force_login(users["enlace_minedu"])
    assert client.get("/correspondence/nuevo/").status_code == 403


def test_a_liaison_with_an_account_receives_in_the_inbox(
    pki: dict[str, User], templates: None, client: Client
) -> None:
    from django.core import mail

    from correspondence.dispatching import oficio_sign
    from correspondence.models import Dispatch
    from correspondence.services import oficio_create, oficio_route
    from directory.models import Entity
    from tests.correspondence.conftest import pdf_upload, signer

    users = pki
    oficio = oficio_create(
        author=users["secretaria"], kind=Oficio.Kind.OFICIO, subject="Taller en Ayacucho",
        body=["Convocatoria."], references=[], recipients=[Entity.objects.get(code="GR-05")],
        reviewers=[], signer=users["firmante"],
    )  # fmt: skip
    oficio = oficio_route(oficio=oficio, actor=users["secretaria"])
    oficio_sign(oficio=oficio, actor=users["firmante"], signer=signer(users), position="Secretario")
    run_jobs()
    assert mail.outbox == []  # no e-mail: the liaison works in the product
    liaison = users["enlace_ayacucho"]
    from correspondence.flows import ReceiptFlow

    (task,) = Task.objects.inbox([ReceiptFlow], liaison)
    assert task.flow_task == ReceiptFlow.acknowledge
    client.force_login(liaison)
    url = task.flow_task.reverse("execute", args=[task.process_id, task.pk])
    assert client.post(url, {"position": "Enlace regional"}).status_code == 302
    dispatch = Dispatch.objects.get(oficio=oficio)
    assert dispatch.state == Dispatch.State.RECEIVED
    assert dispatch.received_by.startswith(liaison.get_full_name())
    (reply,) = Task.objects.inbox([ReceiptFlow], liaison)
    url = reply.flow_task.reverse("execute", args=[reply.process_id, reply.pk])
    assert (
        client.post(
            url, {"file": pdf_upload(), "their_number": "OFICIO N° 010-2014-GRA"}
        ).status_code
        == 302
    )
    dispatch.refresh_from_db()
    assert dispatch.state == Dispatch.State.ANSWERED
