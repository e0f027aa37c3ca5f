"""Signing generated documents in order, and public verification of what was signed."""

from __future__ import annotations

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client

from audit.models import AuditEntry
from audit.verification import verify_database
from core.jobs import job_run
from core.models import Job
from documents.models import GeneratedDocument, Signature
from documents.pki import issue_signer, make_demo_ca
from documents.registry import get_kind
from documents.services import Letterhead, document_generate
from documents.signatures import credential_upload, document_sign, signer_load
from documents.signing import SigningError
from tests.documents.conftest import PASSWORD, stored_files

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def document(templates: None, media: Path) -> GeneratedDocument:
    letterhead = Letterhead(
        entity={"name": "Presidencia del Consejo de Ministros", "acronym": "PCM"},
        office={"name": "Secretaría de Gestión Pública", "acronym": "SGP"},
        place="Lima", on=date(2014, 1, 20),
        signers=[{"name": "Ana Demo Quispe", "position": "Secretaria", "entity": "PCM"}],
    )  # fmt: skip
    doc = document_generate(kind="oficio", key="firma:1", title="Oficio de inicio",
                            data=get_kind("oficio").sample, letterhead=letterhead,
                            number="OFICIO N° 0045-2014-PCM/SGP")  # fmt: skip
    assert job_run(Job.objects.get(key=f"pdf:{doc.pk}").pk) == Job.State.DONE
    doc.refresh_from_db()
    return doc


def sign(document: GeneratedDocument, user: User) -> Signature:
    signer = signer_load(user=user, password=PASSWORD)
    return document_sign(document=document, user=user, signer=signer, position="Titular")


def test_two_signers_in_order_and_public_verification(
    pki: dict[str, User], document: GeneratedDocument, client: Client
) -> None:
    first = sign(document, pki["firmante"])
    second = sign(document, pki["altadireccion"])
    assert (first.order, second.order) == (1, 2)
    document.refresh_from_db()
    assert document.signed_sha256 == second.sha256 != first.sha256
    page = client.get(f"/verificar/{document.verification_code}").content.decode()
    assert page.count("VÁLIDO") >= 2 and "NO VÁLIDO" not in page
    assert "OFICIO N° 0045-2014-PCM/SGP" in page
    assert document.signed_sha256 in page and document.docx_sha256 in page
    download = client.get(f"/verificar/{document.verification_code}/pdf")
    body = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    from documents.signing import pdf_sha256

    assert pdf_sha256(body) == document.signed_sha256
    # The editable Word file is not public.
    assert client.get(f"/verificar/{document.verification_code}/docx").status_code == 404
    assert AuditEntry.objects.filter(action="document.sign").count() == 2
    assert verify_database().ok


def test_a_changed_byte_is_not_valid_and_unknown(
    pki: dict[str, User], document: GeneratedDocument, client: Client, tmp_path: Path
) -> None:
    sign(document, pki["firmante"])
    document.refresh_from_db()
    with document.signed_pdf.open("rb") as handle:
        data = bytearray(handle.read())
    position = data.index(b"stream") + 40  # inside the first content stream: signed bytes
    data[position] = (data[position] + 1) % 256
    response = client.post("/verificar/", {"file": _upload(bytes(data))})
    page = response.content.decode()
    assert response.status_code == 200
    assert "NO VÁLIDO" in page
    assert "no coincide con ningún documento registrado" in page
    path = tmp_path / "alterado.pdf"
    path.write_bytes(bytes(data))
    out = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_document", str(path), stdout=out)
    assert exit_info.value.code == 1
    assert "NO VÁLIDO" in out.getvalue()


def test_an_untrusted_certificate_is_indeterminate(
    pki: dict[str, User], document: GeneratedDocument, client: Client
) -> None:
    stranger = make_demo_ca(name="CA Desconocida")
    user = pki["firmante"]
    p12 = issue_signer(stranger, name=user.get_full_name(), position="Titular",
                       email=user.email, password=PASSWORD)  # fmt: skip
    credential_upload(user=user, p12=p12, password=PASSWORD)
    sign(document, user)
    page = client.get(f"/verificar/{document.verification_code}").content.decode()
    assert "INDETERMINADO" in page


def test_wrong_password_and_missing_role_leave_nothing_behind(
    pki: dict[str, User], document: GeneratedDocument, media: Path
) -> None:
    before = stored_files(media)
    with pytest.raises(SigningError, match=r"La contraseña del certificado no es correcta\."):
        signer_load(user=pki["firmante"], password="equivocada")
    signer = signer_load(user=pki["firmante"], password=PASSWORD)
    with pytest.raises(PermissionDenied):
        document_sign(document=document, user=pki["enlace_minedu"], signer=signer, position="x")
    assert Signature.objects.count() == 0
    assert stored_files(media) == before


def test_upload_errors_are_clear_and_csrf_is_enforced(db: None) -> None:
    client = Client()
    response = client.post("/verificar/", {"file": _upload(b"GIF89a not a pdf")})
    assert response.status_code == 400
    assert "El archivo no es un PDF." in response.content.decode()
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/verificar/", {"file": _upload(b"%PDF-1.7")}).status_code == 403
    assert client.get("/verificar/NOPE-NOPE-NOPE").status_code == 404


def test_cli_for_template_authors(templates: None, tmp_path: Path) -> None:
    out = tmp_path / "oficio.docx"
    call_command("render_document", "oficio", "--out", str(out), "--pdf", stdout=StringIO())
    assert out.exists() and out.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    from tests.documents.test_registry import oficio_with

    bad = tmp_path / "malo.docx"
    bad.write_bytes(oficio_with("{{ ''.__class__.__mro__ }}"))
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="La plantilla contiene código no permitido"):
        call_command("check_template", "oficio", str(bad), stdout=StringIO())
    good = StringIO()
    call_command("check_template", "oficio", str(get_kind("oficio").shipped_template), stdout=good)
    assert "plantilla válida" in good.getvalue()


def _upload(data: bytes) -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("documento.pdf", data, content_type="application/pdf")
