"""Issuing a numbered document in one transaction: render, PDF, sign, record.

The number is allocated by the caller inside the same transaction, so if anything
here fails the number goes back and the files written are removed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.core.files.storage import default_storage

from audit.services import audit_record
from documents.conversion import docx_to_pdf
from documents.models import GeneratedDocument, Signature
from documents.services import Letterhead, Rendered, _store, render_for, sha256
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


@dataclass(frozen=True)
class Prepared:
    """A document rendered, converted and signed in memory: nothing written yet."""

    rendered: Rendered
    pdf: bytes
    signed: bytes
    signer_name: str
    position: str
    certificate_subject: str
    certificate_serial: str
    year: int


def document_prepare(
    *,
    kind: str,
    data: dict[str, Any],
    letterhead: Letterhead,
    number: str,
    user: Any,
    signer: LoadedSigner,
    position: str,
) -> Prepared:
    """Render ``kind`` with its number, convert it to PDF and sign it: the slow part,
    which reads the database but writes nothing, so it needs no lock or transaction."""
    rendered = render_for(kind=kind, data=data, letterhead=letterhead, number=number)
    pdf = docx_to_pdf(rendered.docx)
    signer_name = user.get_full_name() or user.get_username()
    signed = sign_pdf(pdf, signer, name=signer_name, position=position)
    return Prepared(
        rendered, pdf, signed, signer_name, position, signer.common_name, signer.serial_hex,
        letterhead.on.year,
    )  # fmt: skip


def document_store(prepared: Prepared, written: list[str]) -> tuple[str, str, str]:
    """Write the three files; their names are added to ``written`` for the clean-up."""
    base = f"documentos/{prepared.year}/{prepared.rendered.code}"
    names = (
        _store(f"{base}.docx", prepared.rendered.docx),
        _store(f"{base}.pdf", prepared.pdf),
        _store(f"{base}-firmado.pdf", prepared.signed),
    )
    written += list(names)
    return names


def document_record(
    prepared: Prepared,
    *,
    key: str,
    kind: str,
    title: str,
    number: str,
    user: Any,
    files: tuple[str, str, str],
) -> GeneratedDocument:
    """The rows and the audit entry of a stored document, in the caller's transaction."""
    template, context, docx, code = prepared.rendered
    checkpoint = context["checkpoint"] or {}
    document = GeneratedDocument.objects.create(
        key=key, kind=kind, title=title, number=number, template=template, context=context,
        docx=files[0], docx_sha256=sha256(docx), pdf=files[1], pdf_sha256=sha256(prepared.pdf),
        pdf_state=GeneratedDocument.PdfState.READY, signed_pdf=files[2],
        signed_sha256=sha256(prepared.signed), verification_code=code,
        checkpoint_seq=checkpoint.get("seq"), checkpoint_hash=checkpoint.get("hash", ""),
        created_by=user,
    )  # fmt: skip
    Signature.objects.create(
        document=document, order=1, user=user, name=prepared.signer_name,
        position=prepared.position, certificate_subject=prepared.certificate_subject,
        certificate_serial=prepared.certificate_serial, sha256=document.signed_sha256,
    )  # fmt: skip
    audit_record(
        action="document.issue", object_type="document", object_id=document.pk,
        object_repr=number or title, actor=user, to_state="firmado",
        payload={"docx_sha256": document.docx_sha256, "pdf_sha256": document.pdf_sha256,
                 "signed_sha256": document.signed_sha256,
                 "certificate_serial": prepared.certificate_serial},
    )  # fmt: skip
    return document


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
    prepared = document_prepare(
        kind=kind, data=data, letterhead=letterhead, number=number, user=user, signer=signer,
        position=position,
    )  # fmt: skip
    files = document_store(prepared, written)
    return document_record(
        prepared, key=key, kind=kind, title=title, number=number, user=user, files=files
    )
