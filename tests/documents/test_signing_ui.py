"""Signers register their certificate and sign several documents with one password."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core.jobs import job_run
from core.models import Job
from documents.models import GeneratedDocument, SignerCredential
from documents.pki import issue_signer, make_demo_ca
from documents.registry import get_kind
from documents.services import Letterhead, document_generate
from tests.documents.conftest import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def ready_document(key: str, signer_ids: list[int]) -> GeneratedDocument:
    letterhead = Letterhead(
        entity={"name": "Presidencia del Consejo de Ministros", "acronym": "PCM"},
        office={"name": "Secretaría de Gestión Pública", "acronym": "SGP"},
        place="Lima", on=date(2014, 4, 1),
    )  # fmt: skip
    doc = document_generate(kind="informe_tecnico", key=key, title="Informe técnico",
                            data=get_kind("informe_tecnico").sample, letterhead=letterhead,
                            signer_ids=signer_ids)  # fmt: skip
    job_run(Job.objects.get(key=f"pdf:{doc.pk}").pk)
    return doc


def test_certificate_upload_and_signing_in_order(
    pki: dict[str, User], templates: None, media: Path, client: Client
) -> None:
    legal, head = pki["asesoria"], pki["altadireccion"]
    # Legal advisory gives its visto bueno first, then senior management signs.
    docs = [ready_document(f"inf:{n}", [legal.pk, head.pk]) for n in range(2)]
    client.force_login(head)
    assert client.get("/signing/").context["pending"].count() == 0  # not their turn yet
    client.force_login(legal)
    ca = make_demo_ca()
    p12 = issue_signer(
        ca, name=legal.get_full_name(), position="Asesor", email=legal.email, password=PASSWORD
    )
    wrong = client.post(
        "/signing/certificado/",
        {"certificate": SimpleUploadedFile("a.p12", p12), "password": "mala"},
    )
    assert wrong.status_code == 400
    assert "La contraseña del certificado no es correcta." in wrong.content.decode()
    assert not SignerCredential.objects.filter(user=legal).exists()  # nothing stored
    client.post(
        "/signing/certificado/",
        {"certificate": SimpleUploadedFile("a.p12", p12), "password": PASSWORD},
    )
    assert (
        SignerCredential.objects.get(user=legal, is_active=True).common_name
        == legal.get_full_name()
    )
    page = client.get("/signing/")
    assert page.context["pending"].count() == 2
    response = client.post("/signing/", {"documents": [d.pk for d in docs], "position": "Jefe de la OGAJ",
                                         "password": PASSWORD}, follow=True)  # fmt: skip
    assert "2 documento(s) firmado(s)." in response.content.decode()
    client.force_login(head)
    assert client.get("/signing/").context["pending"].count() == 2
    bad = client.post(
        "/signing/", {"documents": [docs[0].pk], "position": "Ministro", "password": "mala"}
    )
    assert (
        bad.status_code == 400
        and "La contraseña del certificado no es correcta." in bad.content.decode()
    )
    client.post(
        "/signing/", {"documents": [docs[0].pk], "position": "Ministro", "password": PASSWORD}
    )
    assert [s.user for s in docs[0].signatures.order_by("order")] == [legal, head]


def test_the_workspace_is_for_signers_only(demo_users: dict[str, User], client: Client) -> None:
    client.force_login(demo_users["enlace_minedu"])
    assert client.get("/signing/").status_code == 403
    assert client.get("/signing/certificado/").status_code == 403
