"""PDF rendition through LibreOffice, in a background job, with a visible error state."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from django.test import override_settings
from pypdf import PdfReader

from core.jobs import job_run
from core.models import Job
from documents.context import qr_images
from documents.conversion import docx_to_pdf
from documents.models import GeneratedDocument
from documents.registry import get_kind, kinds
from documents.rendering import render_docx
from documents.services import Letterhead, document_generate
from documents.validation import sample_context

pytestmark = pytest.mark.slow
PdfState = GeneratedDocument.PdfState


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def normalized(text: str) -> str:
    return " ".join(text.split())


def squeezed(text: str) -> str:
    """Without white space: PDF text extraction breaks lines where the layout did."""
    return "".join(text.split()).casefold()


def test_every_kind_converts_and_its_values_are_in_the_pdf() -> None:
    from tests.documents.test_templates import printed

    for code in sorted(kinds()):
        kind = get_kind(code)
        context = sample_context(kind)
        docx = render_docx(kind.shipped_template.read_bytes(), context, images=qr_images(context))
        text = pdf_text(docx_to_pdf(docx))
        flat = squeezed(text)
        values = printed({"type": "object", "fields": kind.fields}, kind.sample)
        assert [v for v in values if squeezed(v) not in flat] == [], code
        assert "20 de enero de 2014" in normalized(text), code
        assert "TEST-CODE-0001" in text, code
        assert "{{" not in text and "{%" not in text, code


def letterhead() -> Letterhead:
    return Letterhead(
        entity={"name": "Presidencia del Consejo de Ministros", "acronym": "PCM"},
        office={"name": "Secretaría de Gestión Pública", "acronym": "SGP"},
        place="Lima", on=date(2014, 1, 20),
        signers=[{"name": "Ana Demo Quispe", "position": "Secretaria", "entity": "PCM"}],
    )  # fmt: skip


@pytest.mark.django_db
def test_generation_queues_the_pdf_and_the_job_makes_it(templates: None, media: Path) -> None:
    data = {**get_kind("oficio").sample, "subject": 'Aportes & <propuestas> "ciudadanas"'}
    document = document_generate(kind="oficio", key="k1", title="Oficio", data=data,
                                 letterhead=letterhead())  # fmt: skip
    job = Job.objects.get(key=f"pdf:{document.pk}")
    assert job_run(job.pk) == Job.State.DONE
    document.refresh_from_db()
    assert document.pdf_state == PdfState.READY
    with document.pdf.open("rb") as handle:
        pdf = handle.read()
    from documents.services import sha256

    assert sha256(pdf) == document.pdf_sha256
    assert 'Aportes & <propuestas> "ciudadanas"' in normalized(pdf_text(pdf))
    assert job_run(job.pk) == "skipped"


@pytest.mark.django_db
@override_settings(SOFFICE_BINARY="/nonexistent/soffice", UNOSERVER_ADDRESS="")
def test_a_failing_conversion_is_retried_then_shown_as_failed(templates: None, media: Path) -> None:
    sample = get_kind("nota_prensa").sample
    document = document_generate(
        kind="nota_prensa", key="k2", title="Nota", data=sample, letterhead=letterhead()
    )
    job = Job.objects.get(key=f"pdf:{document.pk}")
    Job.objects.filter(pk=job.pk).update(max_attempts=2)
    assert job_run(job.pk) == Job.State.PENDING
    document.refresh_from_db()
    assert document.pdf_state == PdfState.PENDING
    assert "LibreOffice (soffice) no está instalado." in document.pdf_error
    from django.utils import timezone

    Job.objects.filter(pk=job.pk).update(run_after=timezone.now())
    assert job_run(job.pk) == Job.State.FAILED
    document.refresh_from_db()
    assert document.pdf_state == PdfState.FAILED


def test_several_converters_are_shared_one_document_at_a_time(tmp_path: Path) -> None:
    """UNOSERVER_ADDRESS lists one server per worker process: a process converting holds
    its server, the next takes a free one, and an unreachable server is a clear error."""
    from documents.conversion import ConversionError, _server

    both = "127.0.0.1:1,127.0.0.1:2"
    with override_settings(
        UNOSERVER_ADDRESS=both, VAR_DIR=tmp_path, SOFFICE_BINARY="/nonexistent/soffice"
    ):
        with _server() as first, _server() as second:
            assert {first, second} == {"127.0.0.1:1", "127.0.0.1:2"}
        with _server() as again:  # released: free again
            assert again in {"127.0.0.1:1", "127.0.0.1:2"}
        with pytest.raises(ConversionError, match="unoserver no responde"):
            docx_to_pdf(b"PK")
