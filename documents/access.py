"""Who may see a generated document: anyone holding its verification code sees its
metadata and its PDF (the editable .docx stays with staff); signers have their workspace.
Asked by the public verification pages, the signing pages and the API alike."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from documents.models import GeneratedDocument
from documents.signatures import SIGN_PERMISSION

PUBLIC_FORMATS = ("pdf",)


def document_by_code(code: str) -> GeneratedDocument:
    return get_object_or_404(GeneratedDocument, verification_code=code.strip().upper()[:20])


def document_file(code: str, fmt: str) -> tuple[GeneratedDocument, Any]:
    """The public file of a document: its current PDF (signed when signed), or 404."""
    if fmt not in PUBLIC_FORMATS:
        raise Http404
    document = document_by_code(code)
    field = document.current_pdf
    if not field:
        raise Http404
    return document, field


def may_sign(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm(SIGN_PERMISSION))


def check_signer(user: Any) -> None:
    if not may_sign(user):
        raise PermissionDenied
