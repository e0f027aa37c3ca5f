"""Template authors upload new versions in the admin; refused files are not stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from documents.models import TemplateVersion
from tests.documents.conftest import stored_files
from tests.documents.test_registry import oficio_with

pytestmark = pytest.mark.django_db
URL = "/admin/documents/templateversion/add/"


def upload(client: Client, data: bytes) -> object:
    file = SimpleUploadedFile("oficio.docx", data)
    return client.post(URL, {"kind": "oficio", "upload": file}, follow=True)


def test_upload_in_the_admin(templates: None, media: Path, client: Client) -> None:
    client.force_login(User.objects.create_superuser("autor", password="x"))
    before = stored_files(media)
    response = upload(client, oficio_with("{{ cycler.__init__.__globals__ }}"))
    assert "La plantilla contiene código no permitido." in response.content.decode()  # type: ignore[attr-defined]
    assert stored_files(media) == before
    assert TemplateVersion.objects.filter(kind="oficio").count() == 1
    upload(client, oficio_with("Documento emitido conforme a la Ley N° 27444."))
    active = TemplateVersion.objects.get(kind="oficio", is_active=True)
    assert (active.version, active.source, active.uploaded_by.username) == (2, "uploaded", "autor")  # type: ignore[union-attr]


def test_staff_without_admin_rights_cannot_upload(templates: None, client: Client) -> None:
    client.force_login(User.objects.create_user("enlace", password="x"))
    assert client.get(URL).status_code == 302  # to the admin login
