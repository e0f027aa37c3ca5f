"""Registering and dealing with received documents (mesa de partes)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from correspondence.business_days import add_business_days
from correspondence.delivery import require_pdf
from correspondence.models import Dispatch, InboundDocument, Oficio
from correspondence.services import CorrespondenceError
from directory.models import Entity, Office
from documents.services import sha256

DEFAULT_TERM_DAYS = 10


def inbound_register(
    *,
    actor: Any,
    sender: Entity,
    their_number: str,
    their_date: date,
    subject: str,
    data: bytes,
    office: Office,
    term_days: int = DEFAULT_TERM_DAYS,
    in_reply_to: Oficio | None = None,
    filed_at: datetime | None = None,
) -> InboundDocument:
    """File a received document: its term runs in business days from the filing day (a
    filing on a non-business day counts from the next one)."""
    if not their_number.strip() or not subject.strip():
        raise CorrespondenceError("Indique el número y el asunto del documento recibido.")
    require_pdf(data, too_big="El documento pesa más de 10 MB.",
                not_pdf="El documento debe ser un archivo PDF.")  # fmt: skip
    filed_at = filed_at or timezone.now()
    name = default_storage.save(f"mesa-de-partes/{sender.code}.pdf", ContentFile(data))
    try:
        with transaction.atomic():
            document = InboundDocument.objects.create(
                sender=sender, their_number=their_number.strip()[:120], their_date=their_date,
                subject=subject.strip()[:500], file=name, sha256=sha256(data),
                filed_at=filed_at, office=office, in_reply_to=in_reply_to, registered_by=actor,
                due_date=add_business_days(timezone.localdate(filed_at), term_days),
            )  # fmt: skip
            audit_record(
                action="inbound.register", object_type="document", object_id=document.pk,
                object_repr=str(document), to_state=document.state,
                payload={"sha256": document.sha256, "office": office.code,
                         "in_reply_to": in_reply_to.number if in_reply_to else None},
            )  # fmt: skip
            if in_reply_to is not None:
                _mark_answered(in_reply_to, sender)
    except Exception:
        default_storage.delete(name)
        raise
    return document


def _mark_answered(oficio: Oficio, sender: Entity) -> None:
    dispatch = Dispatch.objects.select_for_update().filter(oficio=oficio, entity=sender).first()
    answerable = {Dispatch.State.SENT, Dispatch.State.RECEIVED, Dispatch.State.OVERDUE}
    if dispatch is not None and dispatch.state in answerable:
        dispatch.answer()
        dispatch.save()


def inbound_open(*, document: InboundDocument, actor: Any) -> InboundDocument:
    with transaction.atomic():
        document = InboundDocument.objects.select_for_update().get(pk=document.pk)
        document.open()
        document.save()
    return document


def inbound_attend(*, document: InboundDocument, actor: Any) -> InboundDocument:
    with transaction.atomic():
        document = InboundDocument.objects.select_for_update().get(pk=document.pk)
        document.attend()
        document.save()
    return document
