from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import override_settings
from docx import Document

from documents.pki import issue_signer, make_demo_ca, save_ca
from documents.signatures import credential_upload

PASSWORD = "clave-de-firma-demo"


@pytest.fixture
def media(tmp_path: Path) -> Iterator[Path]:
    """Files go to a folder of the test's own, so that orphans can be counted."""
    root = tmp_path / "media"
    root.mkdir()
    with override_settings(MEDIA_ROOT=root):
        yield root


def stored_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def templates(db: None, media: Path) -> None:
    from documents.services import templates_load_shipped

    templates_load_shipped()


def docx_with(*paragraphs: str) -> bytes:
    """A minimal .docx whose body holds ``paragraphs`` (for hostile templates)."""
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.fixture
def pki(tmp_path: Path, demo_users: dict[str, User]) -> Iterator[dict[str, User]]:
    ca = make_demo_ca()
    save_ca(ca, tmp_path / "pki")
    with override_settings(SIGNATURE_TRUST_ROOTS=[str(tmp_path / "pki" / "demo-ca.crt.pem")]):
        for username in ("firmante", "altadireccion"):
            user = demo_users[username]
            p12 = issue_signer(ca, name=user.get_full_name(), position="Titular",
                               email=user.email, password=PASSWORD)  # fmt: skip
            credential_upload(user=user, p12=p12, password=PASSWORD)
        yield demo_users
