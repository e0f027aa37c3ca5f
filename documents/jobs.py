"""Background work of the documents app (core.Job handlers)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from audit.services import audit_record
from core.jobs import job_handler
from core.models import Job
from documents.conversion import docx_to_pdf
from documents.models import GeneratedDocument

PdfState = GeneratedDocument.PdfState


@job_handler("documents.convert_pdf")
def convert_pdf(job: Job) -> None:
    document = GeneratedDocument.objects.get(pk=job.payload["document"])
    if document.pdf_state == PdfState.READY:
        return  # already done: a repeated message has nothing to do
    with document.docx.open("rb") as handle:
        docx = handle.read()
    try:
        pdf = docx_to_pdf(docx)
    except Exception as exc:
        last = job.attempts >= job.max_attempts  # attempts count this one
        GeneratedDocument.objects.filter(pk=document.pk, pdf_state=PdfState.PENDING).update(
            pdf_error=str(exc)[:2000], pdf_state=PdfState.FAILED if last else PdfState.PENDING
        )
        raise
    from documents.services import sha256

    name = default_storage.save(
        str(document.docx.name).removesuffix(".docx") + ".pdf", ContentFile(pdf)
    )
    with transaction.atomic():
        updated = (
            GeneratedDocument.objects.filter(pk=document.pk)
            .exclude(pdf_state=PdfState.READY)
            .update(pdf=name, pdf_sha256=sha256(pdf), pdf_state=PdfState.READY, pdf_error="")
        )
        if updated:
            audit_record(
                action="document.pdf", object_type="document", object_id=document.pk,
                object_repr=str(document), from_state=document.pdf_state, to_state=PdfState.READY,
                payload={"pdf_sha256": sha256(pdf)},
            )  # fmt: skip
    if not updated:
        default_storage.delete(name)
