"""Bad input on correspondence: clear errors, nothing half-done (issue 5, "Done when")."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client

from correspondence.delivery import dispatch_from_token
from correspondence.dispatching import oficio_cancel, oficio_sign
from correspondence.models import Dispatch, Oficio
from correspondence.numbering import NumberCounter
from correspondence.services import CorrespondenceError
from directory.models import Entity
from documents.models import GeneratedDocument
from tests.correspondence.conftest import approve_all, links, pdf_upload, run_jobs, signer
from tests.documents.conftest import stored_files

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def issued(draft: Oficio, pki: dict[str, User]) -> Oficio:
    approve_all(draft, pki)
    oficio = oficio_sign(
        oficio=draft, actor=pki["firmante"], signer=signer(pki), position="Secretario"
    )
    run_jobs()
    return oficio


def test_tampered_expired_and_reused_links(
    issued: Oficio, public: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = next(iter(links().values()))
    token = path.rsplit("/", 1)[1]
    tampered = public.get(path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB"))
    assert tampered.status_code == 400
    assert "El enlace no es válido." in tampered.content.decode()
    now = time.time()
    monkeypatch.setattr("django.core.signing.time.time", lambda: now + 91 * 86400)
    expired = public.get(path)
    assert expired.status_code == 410 and "El enlace venció" in expired.content.decode()
    monkeypatch.undo()
    assert (
        public.post(
            path, {"action": "reply", "file": pdf_upload(), "sender": "Mesa de partes"}
        ).status_code
        == 302
    )
    reused = public.post(path, {"action": "reply", "file": pdf_upload(), "sender": "Otra vez"})
    assert reused.status_code == 410
    assert "Este enlace ya fue utilizado" in reused.content.decode()
    with pytest.raises(CorrespondenceError):
        dispatch_from_token(token)


def test_replies_of_the_wrong_type_or_size(issued: Oficio, public: Client, media: object) -> None:
    path = next(iter(links().values()))
    before = stored_files(media)  # type: ignore[arg-type]
    wrong = public.post(
        path, {"action": "reply", "file": pdf_upload("r.exe", b"MZ\x90\x00 binary"), "sender": "X"}
    )
    assert wrong.status_code == 400
    assert "La respuesta debe ser un archivo PDF." in wrong.content.decode()
    big = public.post(
        path,
        {"action": "reply", "file": pdf_upload(data=b"%PDF-" + b"0" * (10 * 2**20)), "sender": "X"},
    )
    assert big.status_code == 400
    assert "La respuesta pesa más de 10 MB." in big.content.decode()
    assert stored_files(media) == before  # type: ignore[arg-type]
    assert not Dispatch.objects.filter(state=Dispatch.State.ANSWERED).exists()


def test_signing_without_the_role_leaves_no_number(draft: Oficio, pki: dict[str, User]) -> None:
    approve_all(draft, pki)
    with pytest.raises(PermissionDenied):
        oficio_sign(oficio=draft, actor=pki["enlace_minedu"], signer=signer(pki), position="x")
    draft.refresh_from_db()
    assert draft.state == Oficio.State.FOR_DISPATCH and draft.number == ""
    assert not NumberCounter.objects.exists()
    assert not GeneratedDocument.objects.exists()


def test_a_failure_while_signing_gives_the_number_back(
    draft: Oficio, pki: dict[str, User], media: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    approve_all(draft, pki)
    before = stored_files(media)  # type: ignore[arg-type]

    def broken(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("falla del sello")

    monkeypatch.setattr("documents.issuing.sign_pdf", broken)
    with pytest.raises(RuntimeError, match="falla del sello"):
        oficio_sign(oficio=draft, actor=pki["firmante"], signer=signer(pki), position="Secretario")
    assert stored_files(media) == before  # type: ignore[arg-type]
    monkeypatch.undo()
    oficio = oficio_sign(
        oficio=draft, actor=pki["firmante"], signer=signer(pki), position="Secretario"
    )
    assert "N° 0001-" in oficio.number


def test_cancelling_a_received_oficio_is_refused(
    issued: Oficio, pki: dict[str, User], public: Client
) -> None:
    path = next(iter(links().values()))
    public.post(path, {"action": "ack", "name": "Mesa de partes"})
    with pytest.raises(CorrespondenceError, match="ya acusó recibo"):
        oficio_cancel(oficio=issued, actor=pki["firmante"], reason="Error en el asunto")
    issued.refresh_from_db()
    assert issued.state == Oficio.State.ISSUED


def test_cancelling_an_issued_oficio_nobody_received(issued: Oficio, pki: dict[str, User]) -> None:
    oficio = oficio_cancel(oficio=issued, actor=pki["firmante"], reason="Se emitió por error")
    assert oficio.state == Oficio.State.CANCELLED


def test_dispatch_to_an_entity_without_email(draft: Oficio, pki: dict[str, User]) -> None:
    Entity.objects.filter(code="GR-20").update(email="")  # Piura: no liaison account
    approve_all(draft, pki)
    mail.outbox.clear()
    oficio_sign(oficio=draft, actor=pki["firmante"], signer=signer(pki), position="Secretario")
    run_jobs()
    failed = Dispatch.objects.get(entity__code="GR-20")
    assert failed.state == Dispatch.State.ERROR
    assert failed.last_error == "La entidad no tiene un correo electrónico oficial registrado."
    # 24 by e-mail, Ayacucho's in its liaison's inbox, Piura's in error: none half-done.
    assert len(mail.outbox) == 24
    assert Dispatch.objects.filter(state=Dispatch.State.SENT).count() == 25
