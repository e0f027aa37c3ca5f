"""Signing and sending oficios, the cargo de recepción, replies, reminders, cancelling."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from core.jobs import job_enqueue
from correspondence.models import Dispatch, Oficio
from correspondence.numbering import number_allocate
from correspondence.services import CorrespondenceError, _locked
from directory.models import Entity
from documents.issuing import document_issue, files_removed_on_failure
from documents.services import Letterhead
from documents.signatures import SIGN_PERMISSION
from documents.signing import LoadedSigner


def _addressee(entity: Entity) -> dict[str, str]:
    treatment = "Señora" if entity.head_title.split(" ")[0].endswith("a") else "Señor"
    return {"treatment": treatment, "name": entity.head_name, "position": entity.head_title,
            "entity": entity.name}  # fmt: skip


def addressee_group(entities: list[Entity]) -> str:
    kinds = {e.get_kind_display() for e in entities}
    return (
        "Titulares de las entidades destinatarias"
        if len(kinds) != 1
        else f"{kinds.pop()}: titulares"
    )


def document_data(oficio: Oficio, recipients: list[Entity]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "subject": oficio.subject,
        "references": oficio.references,
        "body": oficio.body,
    }
    if oficio.kind == Oficio.Kind.OFICIO:
        return {**data, "recipient": _addressee(recipients[0])}
    return {**data, "addressee_group": addressee_group(recipients),
            "recipients": [_addressee(e) for e in recipients]}  # fmt: skip


def letterhead_for(oficio: Oficio, signer: Any, position: str, on: Any) -> Letterhead:
    return Letterhead(
        entity={"name": oficio.entity.name, "acronym": oficio.entity.acronym},
        office={"name": oficio.office.name, "acronym": oficio.office.acronym},
        place=oficio.entity.city, on=on,
        signers=[{"name": signer.get_full_name(), "position": position,
                  "entity": oficio.entity.name}],
    )  # fmt: skip


def oficio_issued(oficio: Oficio, number: str, recipients: list[Entity]) -> None:
    """Record the issue of an oficio whose signed document is set: state, number, and one
    queued dispatch per recipient (in the caller's transaction)."""
    oficio.number, oficio.issued_at = number, timezone.now()
    oficio.issue()
    oficio.save()
    for entity in recipients:
        dispatch = Dispatch.objects.create(oficio=oficio, entity=entity, email=entity.email)
        job_enqueue(kind="correspondence.send_dispatch", key=f"dispatch:{dispatch.pk}",
                    payload={"dispatch": dispatch.pk})  # fmt: skip


def oficio_sign(*, oficio: Oficio, actor: Any, signer: LoadedSigner, position: str) -> Oficio:
    """The head signs: number, document, PDF and signature in one transaction, so a
    draft that fails here never burns a number; then each recipient's dispatch is queued."""
    if not actor.has_perm(SIGN_PERMISSION):
        raise PermissionDenied("No tiene el rol de firmante.")
    if actor.pk != oficio.signer_id:
        raise PermissionDenied("Este oficio no le fue asignado para su firma.")
    with files_removed_on_failure() as written, transaction.atomic():
        oficio = _locked(oficio)
        if oficio.kind == Oficio.Kind.MERGE:
            raise CorrespondenceError("Un texto para combinación se firma como combinación.")
        if oficio.state != Oficio.State.FOR_DISPATCH:
            raise CorrespondenceError(
                "El oficio no puede firmarse: tiene vistos buenos pendientes o no está en despacho."
            )
        recipients = list(oficio.recipients.order_by("name"))
        today = timezone.localdate()
        number = number_allocate(
            entity=oficio.entity,
            office=oficio.office,
            document_type=oficio.document_type,
            year=today.year,
        )
        letterhead = letterhead_for(oficio, actor, position, today)
        oficio.document = document_issue(
            kind=oficio.kind, key=f"oficio:{oficio.pk}", title=oficio.subject[:255],
            data=document_data(oficio, recipients), letterhead=letterhead, number=number.text,
            user=actor, signer=signer, position=position, written=written,
        )  # fmt: skip
        oficio_issued(oficio, number.text, recipients)
    return oficio


def oficio_cancel(*, oficio: Oficio, actor: Any, reason: str) -> Oficio:
    """Before issue, or issued while no recipient has received it (DOMAIN.md)."""
    if not reason.strip():
        raise CorrespondenceError("Indique el motivo de la anulación.")
    with transaction.atomic():
        oficio = _locked(oficio)
        if actor.pk not in {oficio.author_id, oficio.signer_id}:
            raise PermissionDenied("Solo el autor o el firmante anulan el oficio.")
        if oficio.state == Oficio.State.ISSUED:
            if not oficio.no_dispatch_received():
                raise CorrespondenceError(
                    "No se puede anular: un destinatario ya acusó recibo del oficio."
                )
            oficio.cancel_issued()
        elif oficio.state in {Oficio.State.DRAFT, Oficio.State.FOR_DISPATCH}:
            oficio.cancel()
        else:
            raise CorrespondenceError("El oficio ya está anulado.")
        oficio.cancel_reason = reason.strip()
        oficio.save()
    return oficio
