"""Signing generated documents and verifying any PDF against the register."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q

from audit.services import audit_record
from documents.models import GeneratedDocument, Signature, SignerCredential
from documents.signing import (
    LoadedSigner,
    SignatureReport,
    SigningError,
    load_signer,
    sign_pdf,
    validate_pdf,
)
from documents.signing import pdf_sha256 as sha256

SIGN_PERMISSION = "documents.sign_generateddocument"


class SigningConflict(SigningError):
    pass


def _fernet() -> Fernet:
    return Fernet(settings.CREDENTIALS_KEY.encode())


def credential_upload(*, user: Any, p12: bytes, password: str) -> SignerCredential:
    """Keep a signer's certificate, encrypted; the password only proves it opens."""
    loaded = load_signer(p12, password)
    with transaction.atomic():
        SignerCredential.objects.filter(user=user, is_active=True).update(is_active=False)
        credential = SignerCredential.objects.create(
            user=user, encrypted_p12=_fernet().encrypt(p12), common_name=loaded.common_name,
            serial=loaded.serial_hex, not_after=loaded.not_after,
        )  # fmt: skip
        audit_record(
            action="credential.upload", object_type="user", object_id=user.pk,
            object_repr=user.get_username(), actor=user,
            payload={"certificate": loaded.common_name, "serial": loaded.serial_hex},
        )  # fmt: skip
    return credential


def signer_load(*, user: Any, password: str) -> LoadedSigner:
    """Open the user's certificate once for a batch of signatures."""
    credential = SignerCredential.objects.filter(user=user, is_active=True).first()
    if credential is None:
        raise SigningError("No tiene un certificado de firma registrado.")
    return load_signer(_fernet().decrypt(bytes(credential.encrypted_p12)), password)


def document_sign(
    *, document: GeneratedDocument, user: Any, signer: LoadedSigner, position: str
) -> Signature:
    """Add ``user``'s PAdES signature after the existing ones (incremental update)."""
    if not user.has_perm(SIGN_PERMISSION):
        raise PermissionDenied("No tiene el rol de firmante.")
    document.refresh_from_db()
    _check_turn(document, user)
    current = document.current_pdf
    if current is None:
        raise SigningError("El PDF del documento aún no está listo; no se puede firmar.")
    with current.open("rb") as handle:
        signed = sign_pdf(
            handle.read(), signer, name=user.get_full_name() or user.get_username(),
            position=position, timestamp_url=settings.TIMESTAMP_URL or None,
        )  # fmt: skip
    before, after = document.current_sha256, sha256(signed)
    name = default_storage.save(
        f"documentos/firmados/{document.verification_code}.pdf", ContentFile(signed)
    )
    try:
        with transaction.atomic():
            # Only if nobody signed in between: the signature must cover what we read.
            unchanged = Q(signed_sha256=before) | Q(signed_sha256="", pdf_sha256=before)
            if not GeneratedDocument.objects.filter(unchanged, pk=document.pk).update(
                signed_pdf=name, signed_sha256=after
            ):
                raise SigningConflict(
                    "Otra firma se registró al mismo tiempo; vuelva a intentarlo."
                )
            signature = Signature.objects.create(
                document=document, order=document.signatures.count() + 1, user=user,
                name=user.get_full_name() or user.get_username(), position=position,
                certificate_subject=signer.common_name, certificate_serial=signer.serial_hex,
                sha256=after,
            )  # fmt: skip
            audit_record(
                action="document.sign", object_type="document", object_id=document.pk,
                object_repr=str(document), actor=user,
                payload={"sha256_before": before, "sha256_after": after, "order": signature.order,
                         "certificate_serial": signer.serial_hex},
            )  # fmt: skip
    except Exception:
        default_storage.delete(name)
        raise
    return signature


def _check_turn(document: GeneratedDocument, user: Any) -> None:
    order = document.signer_ids
    if not order:
        return
    if user.pk not in order:
        raise PermissionDenied("Usted no figura entre los firmantes de este documento.")
    signed = document.signatures.count()
    if signed >= len(order):
        raise SigningError("El documento ya tiene todas sus firmas.")
    if order[signed] != user.pk:
        raise SigningError("Aún no es su turno de firmar: falta la firma anterior.")


def awaiting_signature(user: Any) -> Any:
    """Documents whose PDF is ready and whose next signature is ``user``'s."""
    from django.db.models import Count

    ready = GeneratedDocument.objects.filter(pdf_state=GeneratedDocument.PdfState.READY)
    ready = ready.annotate(signed=Count("signatures"))
    mine = [d.pk for d in ready if _turn_of(d, user)]
    return GeneratedDocument.objects.filter(pk__in=mine).order_by("created_at")


def _turn_of(document: GeneratedDocument, user: Any) -> bool:
    order, signed = document.signer_ids, getattr(document, "signed", 0)
    if order:
        return signed < len(order) and order[signed] == user.pk
    return (
        bool(user.has_perm(SIGN_PERMISSION)) and not document.signatures.filter(user=user).exists()
    )


def trust_roots() -> list[bytes]:
    return [Path(p).read_bytes() for p in settings.SIGNATURE_TRUST_ROOTS if Path(p).exists()]


@dataclass(frozen=True)
class Verification:
    sha256: str
    document: GeneratedDocument | None
    reports: list[SignatureReport]

    @property
    def status(self) -> str:
        if not self.reports:
            return "unsigned"
        statuses = {r.status for r in self.reports}
        for status in ("invalid", "indeterminate"):
            if status in statuses:
                return status
        return "valid"


def verify_pdf(data: bytes) -> Verification:
    """What a visitor learns about a PDF: is it a registered document, are its
    signatures valid. Raises SigningError when the file is not a readable PDF."""
    digest = sha256(data)
    document = (
        GeneratedDocument.objects.filter(
            Q(pdf_sha256=digest) | Q(signed_sha256=digest) | Q(signatures__sha256=digest)
        )
        .distinct()
        .first()
    )
    return Verification(digest, document, validate_pdf(data, trust_roots()))
