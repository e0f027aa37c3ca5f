"""Mail merge: an approved text becomes one numbered, signed oficio per recipient.

Launching the batch is the signer's act: in that transaction every item is created
with its number, reserved as one consecutive block (gap-free: if the launch fails, the
block goes back), and one background job per recipient is queued.

Each job renders, converts and signs its oficio outside any transaction or lock (the
slow part, ~95 % of the time), writes the files, then in ONE short transaction creates
the oficio with the item's number, records the document, queues the dispatch and marks
the item done. A worker killed half-way leaves at most orphan files (removed when the
transaction fails; a -9 between file and commit leaves unreferenced files, never rows),
and the job runs again (the sweep re-sends it) with the same number; a repeated message
finds the item done and does nothing. A failed item keeps its number for the retry; a
cancelled item leaves it on a cancelled oficio, so the register still has no gap.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from audit.context import acting_as
from audit.services import audit_record
from core.jobs import job_enqueue_many, job_handler
from core.models import Job
from correspondence.dispatching import document_data, letterhead_for, oficio_issued
from correspondence.models import MailMerge, MailMergeItem, Oficio
from correspondence.numbering import number_allocate, number_reserve
from correspondence.services import CorrespondenceError
from documents.issuing import (
    document_prepare,
    document_record,
    document_store,
    files_removed_on_failure,
)
from documents.signatures import SIGN_PERMISSION, signer_load
from documents.signing import LoadedSigner

Item = MailMergeItem.State
# Per worker process, one batch at a time: the signer's key and user (with the audit
# fields of that user, read once) are loaded once per batch, not once per oficio.
_signers: dict[tuple[int, bytes], tuple[LoadedSigner, Any]] = {}


def _fernet() -> Fernet:
    return Fernet(settings.CREDENTIALS_KEY.encode())


_OFICIO_TYPE = "OFICIO"  # Oficio.document_type of an individual oficio


def mail_merge_start(*, model: Oficio, actor: Any, password: str, position: str) -> MailMerge:
    """The signer launches the batch; the password is checked now."""
    if not actor.has_perm(SIGN_PERMISSION) or actor.pk != model.signer_id:
        raise PermissionDenied("Este envío no le fue asignado para su firma.")
    if model.kind != Oficio.Kind.MERGE or model.state != Oficio.State.FOR_DISPATCH:
        raise CorrespondenceError("Solo se combina un texto aprobado (con sus vistos buenos).")
    signer_load(user=actor, password=password)  # a wrong password fails here, not in N jobs
    with transaction.atomic():
        merge, created = MailMerge.objects.get_or_create(
            model=model,
            defaults={"signer": actor, "position": position,
                      "secret": _fernet().encrypt(password.encode())},
        )  # fmt: skip
        if not created:
            raise CorrespondenceError("Esta combinación ya fue iniciada.")
        entities = list(model.recipients.order_by("name"))
        numbers = number_reserve(
            entity=model.entity, office=model.office, document_type=_OFICIO_TYPE,
            year=_issued_on(merge).year, count=len(entities),
        )  # fmt: skip
        items = MailMergeItem.objects.bulk_create(
            [
                MailMergeItem(merge=merge, entity=entity, number=number.text)
                for entity, number in zip(entities, numbers, strict=True)
            ],
            batch_size=500,
        )
        job_enqueue_many(
            kind="correspondence.merge_item",
            jobs=[(_key(item), {"item": item.pk}) for item in items],
        )
        span = [numbers[0].text, numbers[-1].text] if numbers else []
        audit_record(action="merge.start", object_type="oficio", object_id=model.pk,
                     object_repr=str(model), actor=actor,
                     payload={"recipients": len(items), "numbers": span})  # fmt: skip
    return merge


def _issued_on(merge: MailMerge) -> Any:
    """The batch is signed when launched: its oficios bear that date (and that year's
    numbers), however long the workers take."""
    return timezone.localtime(merge.created_at).date()


def _key(item: MailMergeItem, retry: bool = False) -> str:
    suffix = f":{uuid.uuid4()}" if retry else ""
    return f"merge:{item.merge_id}:{item.entity_id}{suffix}"


def _signer(merge: MailMerge) -> tuple[LoadedSigner, Any]:
    secret = bytes(merge.secret)
    if not secret:
        raise CorrespondenceError(
            "La combinación terminó: vuelva a indicar la contraseña para reintentar."
        )
    key = (merge.pk, secret)
    if key not in _signers:
        password = _fernet().decrypt(secret).decode()
        _signers.clear()  # one batch at a time per worker: forget older keys
        _signers[key] = (signer_load(user=merge.signer, password=password), merge.signer)
    return _signers[key]


class _AlreadyHandled(Exception):
    """Another run finished (or cancelled) the item while this one prepared it."""


def _number_for_older_item(item: MailMergeItem) -> str:
    """An item of a batch launched before numbers were reserved at launch: it takes its
    number now, once, and keeps it like the others (retries, cancelling)."""
    with transaction.atomic():
        locked = MailMergeItem.objects.select_for_update().get(pk=item.pk)
        if not locked.number:
            model = item.merge.model
            locked.number = number_allocate(
                entity=model.entity, office=model.office, document_type=_OFICIO_TYPE,
                year=_issued_on(item.merge).year,
            ).text  # fmt: skip
            locked.save(update_fields=["number"])
    return locked.number


@job_handler("correspondence.merge_item")
def merge_item(job: Job) -> None:
    item = MailMergeItem.objects.select_related(
        "merge__model__entity", "merge__model__office", "merge__signer", "entity"
    ).get(pk=job.payload["item"])
    if item.state != Item.PENDING:
        return
    merge, model = item.merge, item.merge.model
    try:
        signer, merge.signer = _signer(merge)
        if not item.number:
            item.number = _number_for_older_item(item)
        oficio = Oficio(
            kind=Oficio.Kind.OFICIO, entity=model.entity, office=model.office,
            author_id=model.author_id, signer_id=model.signer_id, subject=model.subject,
            body=model.body, references=model.references, reply_days=model.reply_days,
        )  # fmt: skip
        letterhead = letterhead_for(model, merge.signer, merge.position, _issued_on(merge))
        # The slow part, outside any transaction: render, PDF, signature.
        prepared = document_prepare(
            kind=Oficio.Kind.OFICIO, data=document_data(oficio, [item.entity]),
            letterhead=letterhead, number=item.number, user=merge.signer, signer=signer,
            position=merge.position,
        )  # fmt: skip
        with files_removed_on_failure() as written:
            files = document_store(prepared, written)
            with transaction.atomic(), acting_as(user=merge.signer):
                locked = MailMergeItem.objects.select_for_update().get(pk=item.pk)
                if locked.state != Item.PENDING:
                    raise _AlreadyHandled
                oficio.save()
                oficio.recipients.set([item.entity])
                oficio.approve()  # the text was approved once, for the whole batch
                oficio.document = document_record(
                    prepared, key=f"oficio:{oficio.pk}", kind=Oficio.Kind.OFICIO,
                    title=oficio.subject[:255], number=item.number, user=merge.signer,
                    files=files,
                )  # fmt: skip
                oficio_issued(oficio, item.number, [item.entity])
                locked.state, locked.oficio, locked.error = Item.DONE, oficio, ""
                locked.save(update_fields=["state", "oficio", "error"])
    except _AlreadyHandled:
        return
    except Exception as exc:
        if job.attempts >= job.max_attempts:
            MailMergeItem.objects.filter(pk=item.pk, state=Item.PENDING).update(
                state=Item.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000]
            )
            _finish_if_complete(merge)
        raise
    _finish_if_complete(merge)


def _finish_if_complete(merge: MailMerge) -> None:
    """Erase the password once no item is pending."""
    if not MailMergeItem.objects.filter(merge=merge, state=Item.PENDING).exists():
        MailMerge.objects.filter(pk=merge.pk, finished_at__isnull=True).update(
            secret=b"", finished_at=timezone.now()
        )


def mail_merge_retry_failed(*, merge: MailMerge, actor: Any, password: str) -> int:
    """Run again only the items that failed; returns how many."""
    if actor.pk != merge.signer_id:
        raise PermissionDenied("Solo el firmante reintenta su combinación.")
    signer_load(user=actor, password=password)
    with transaction.atomic():
        failed = list(
            MailMergeItem.objects.select_for_update().filter(merge=merge, state=Item.FAILED)
        )
        MailMergeItem.objects.filter(pk__in=[i.pk for i in failed]).update(
            state=Item.PENDING, error=""
        )
        MailMerge.objects.filter(pk=merge.pk).update(
            secret=_fernet().encrypt(password.encode()), finished_at=None
        )
        job_enqueue_many(
            kind="correspondence.merge_item",
            jobs=[(_key(item, retry=True), {"item": item.pk}) for item in failed],
        )
    return len(failed)


def mail_merge_cancel(*, merge: MailMerge, actor: Any, reason: str) -> int:
    """Cancel what the batch has not issued yet (pending and failed items); returns how
    many. Issued oficios are untouched (each is cancelled on its own, DOMAIN.md).

    Their numbers were taken when the signer launched the batch and later numbers may
    already be in use, so they cannot go back to the counter: each stays on a cancelled
    oficio with the reason, and the register of numbers keeps no gap.
    """
    if actor.pk not in {merge.signer_id, merge.model.author_id}:
        raise PermissionDenied("Solo el autor o el firmante anulan la combinación.")
    if not reason.strip():
        raise CorrespondenceError("Indique el motivo de la anulación.")
    model = merge.model
    with transaction.atomic():
        items = list(
            MailMergeItem.objects.select_for_update()
            .filter(merge=merge, state__in=[Item.PENDING, Item.FAILED])
            .select_related("entity")
            .order_by("pk")
        )
        for item in items:
            oficio = Oficio.objects.create(
                kind=Oficio.Kind.OFICIO, entity=model.entity, office=model.office,
                author=model.author, signer=model.signer, subject=model.subject,
                body=model.body, references=model.references, reply_days=model.reply_days,
                number=item.number, cancel_reason=reason.strip(),
            )  # fmt: skip
            oficio.recipients.set([item.entity])
            oficio.cancel()
            oficio.save()
            item.state, item.oficio = Item.CANCELLED, oficio
            item.save(update_fields=["state", "oficio"])
        MailMerge.objects.filter(pk=merge.pk).update(secret=b"", finished_at=timezone.now())
        audit_record(action="merge.cancel", object_type="oficio", object_id=model.pk,
                     object_repr=str(model), actor=actor,
                     payload={"cancelled": len(items), "reason": reason.strip(),
                              "numbers": [i.number for i in items]})  # fmt: skip
    return len(items)


@dataclass(frozen=True)
class Progress:
    total: int
    done: int
    failed: int
    cancelled: int = 0

    @property
    def percent(self) -> int:
        ended = self.done + self.failed + self.cancelled
        return ended * 100 // self.total if self.total else 100

    @property
    def finished(self) -> bool:
        return self.done + self.failed + self.cancelled == self.total


def merge_progress(merge: MailMerge) -> Progress:
    from django.db.models import Count, Q

    counts = MailMergeItem.objects.filter(merge=merge).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(state=Item.DONE)),
        failed=Count("pk", filter=Q(state=Item.FAILED)),
        cancelled=Count("pk", filter=Q(state=Item.CANCELLED)),
    )  # fmt: skip
    return Progress(counts["total"], counts["done"], counts["failed"], counts["cancelled"])
