"""Issuing a numbered document in one transaction: render, PDF, sign, record.

The number is allocated by the caller inside the same transaction, so if anything
here fails the number goes back and the files written are removed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.files.storage import default_storage

from audit.services import audit_record
from documents.conversion import docx_to_pdf
from documents.models import GeneratedDocument, Signature
from documents.services import Letterhead, _store, render_for, sha256
from documents.signing import LoadedSigner, sign_pdf


@contextmanager
def files_removed_on_failure() -> Iterator[list[str]]:
    """Collects names of stored files; deletes them if the block raises."""
    written: list[str] = []
    try:
        yield written
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise


def document_issue(
    *,
    kind: str,
    key: str,
    title: str,
    data: dict[str, Any],
    letterhead: Letterhead,
    number: str,
    user: Any,
    signer: LoadedSigner,
    position: str,
    written: list[str],
) -> GeneratedDocument:
    """Render ``kind`` with its number, convert it to PDF and sign it now."""
    template, context, docx, code = render_for(
        kind=kind, data=data, letterhead=letterhead, number=number
    )
    pdf = docx_to_pdf(docx)
    signer_name = user.get_full_name() or user.get_username()
    signed = sign_pdf(pdf, signer, name=signer_name, position=position)
    base = f"documentos/{letterhead.on.year}/{code}"
    written += [_store(f"{base}.docx", docx)]
    written += [_store(f"{base}.pdf", pdf)]
    written += [_store(f"{base}-firmado.pdf", signed)]
    checkpoint = context["checkpoint"] or {}
    document = GeneratedDocument.objects.create(
        key=key, kind=kind, title=title, number=number, template=template, context=context,
        docx=written[-3], docx_sha256=sha256(docx), pdf=written[-2], pdf_sha256=sha256(pdf),
        pdf_state=GeneratedDocument.PdfState.READY, signed_pdf=written[-1],
        signed_sha256=sha256(signed), verification_code=code,
        checkpoint_seq=checkpoint.get("seq"), checkpoint_hash=checkpoint.get("hash", ""),
        created_by=user,
    )  # fmt: skip
    Signature.objects.create(
        document=document, order=1, user=user, name=signer_name, position=position,
        certificate_subject=signer.common_name, certificate_serial=signer.serial_hex,
        sha256=document.signed_sha256,
    )  # fmt: skip
    audit_record(
        action="document.issue", object_type="document", object_id=document.pk,
        object_repr=number or title, actor=user, to_state="firmado",
        payload={"docx_sha256": document.docx_sha256, "pdf_sha256": document.pdf_sha256,
                 "signed_sha256": document.signed_sha256, "certificate_serial": signer.serial_hex},
    )  # fmt: skip
    return document
