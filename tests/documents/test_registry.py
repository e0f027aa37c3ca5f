"""Uploaded templates are validated; refused files leave nothing behind."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from audit.models import AuditEntry
from documents.models import GeneratedDocument, TemplateVersion
from documents.registry import get_kind
from documents.rendering import render_docx
from documents.services import Letterhead, TemplateRejected, document_generate, template_register
from tests.documents.conftest import docx_with, stored_files

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "{{ ''.__class__.__mro__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{% set x = cycler %}{{ x|attr('_' * 2 ~ 'init' ~ '_' * 2) }}",
    "{{ lipsum|attr('_' ~ '_globals_' ~ '_') }}",
]


def refused(kind: str, data: bytes, media: Path) -> list[str]:
    before = (TemplateVersion.objects.count(), stored_files(media))
    with pytest.raises(TemplateRejected) as info:
        template_register(kind=kind, data=data)
    assert (TemplateVersion.objects.count(), stored_files(media)) == before
    return info.value.problems


def oficio_with(extra: str) -> bytes:
    """The shipped oficio template plus one hostile paragraph."""
    import io

    from docx import Document

    doc = Document(io.BytesIO(get_kind("oficio").shipped_template.read_bytes()))
    doc.add_paragraph(extra)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_code_execution_is_refused_at_upload(payload: str, templates: None, media: Path) -> None:
    problems = refused("oficio", oficio_with(payload), media)
    assert len(problems) == 1
    assert problems[0].startswith(
        (
            "La plantilla contiene código no permitido.",
            "La plantilla falla con el contexto de ejemplo",
        )
    )
    assert TemplateVersion.objects.get(kind="oficio", is_active=True).version == 1


@pytest.mark.parametrize("payload", PAYLOADS)
def test_code_execution_cannot_run_at_render_time(payload: str) -> None:
    from jinja2 import TemplateError

    with pytest.raises(TemplateError):
        render_docx(docx_with(payload), {})


def test_corrupt_non_docx_oversize_and_unknown_variables(templates: None, media: Path) -> None:
    assert refused("oficio", b"PK\x03\x04 not really a zip", media) == [
        "El archivo no es un documento de Word (.docx)."
    ]
    assert refused("oficio", b"%PDF-1.7 a pdf", media) == [
        "El archivo no es un documento de Word (.docx)."
    ]
    assert refused("oficio", b"x" * (5 * 2**20 + 1), media) == ["El archivo pesa más de 5 MB."]
    problems = refused("oficio", oficio_with("{{ salario_del_ministro }}"), media)
    assert problems == ["Variables desconocidas: salario_del_ministro"]
    problems = refused("oficio", oficio_with("{% if %}"), media)
    assert problems[0].startswith("La plantilla tiene un error de sintaxis")


def test_a_valid_upload_becomes_active_and_versions_are_kept(templates: None, media: Path) -> None:
    first = TemplateVersion.objects.get(kind="oficio", is_active=True)
    second = template_register(kind="oficio", data=oficio_with("Nota al pie de la entidad."))
    assert second.version == first.version + 1 and second.is_active
    first.refresh_from_db()
    assert not first.is_active
    assert TemplateVersion.objects.filter(kind="oficio").count() == 2
    entry = AuditEntry.objects.filter(action="template.activate").latest("seq")
    assert entry.object_repr == "oficio v2"


def test_generation_is_idempotent_and_records_its_version(templates: None, media: Path) -> None:
    letterhead = Letterhead(
        entity={"name": "Presidencia del Consejo de Ministros", "acronym": "PCM"},
        office={"name": "Secretaría de Gestión Pública", "acronym": "SGP"},
        place="Lima", on=date(2014, 1, 20),
        signers=[{"name": "Ana Demo Quispe", "position": "Secretaria", "entity": "PCM"}],
    )  # fmt: skip
    sample = get_kind("oficio").sample

    def generate() -> GeneratedDocument:
        return document_generate(
            kind="oficio", key="oficio:1", title="Oficio de inicio", data=sample,
            letterhead=letterhead,
        )  # fmt: skip

    first = generate()
    again = generate()
    assert first.pk == again.pk
    assert GeneratedDocument.objects.count() == 1
    assert first.template == TemplateVersion.objects.get(kind="oficio", is_active=True)
    assert len([f for f in stored_files(media) if f.startswith("documentos/")]) == 1
    with first.docx.open("rb") as handle:
        from documents.services import sha256

        assert sha256(handle.read()) == first.docx_sha256
    entry = AuditEntry.objects.get(action="document.generate")
    assert f'"docx_sha256":"{first.docx_sha256}"' in entry.payload


def test_callers_cannot_override_the_service_keys(templates: None, media: Path) -> None:
    from documents.services import InvalidContext

    letterhead = Letterhead(
        entity={"name": "Presidencia del Consejo de Ministros", "acronym": "PCM"},
        office={"name": "Secretaría de Gestión Pública", "acronym": "SGP"},
        place="Lima", on=date(2014, 1, 20),
    )  # fmt: skip
    data = {
        **get_kind("oficio").sample,
        "verification": {"code": "FAKE-CODE-0000", "url": "https://x.example"},
    }
    with pytest.raises(InvalidContext, match="Campo desconocido: verification"):
        document_generate(kind="oficio", key="k", title="t", data=data, letterhead=letterhead)
    assert not GeneratedDocument.objects.exists()
