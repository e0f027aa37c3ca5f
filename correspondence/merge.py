"""Mail merge: an approved text becomes one numbered, signed oficio per recipient.

The batch runs as one background job per recipient. Each job creates, numbers, signs
and queues the dispatch of its oficio and marks its item done in ONE transaction, so a
worker killed half-way leaves nothing behind and the job simply runs again (the sweep
re-sends it); a repeated message finds the item done and does nothing.
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
from core.jobs import job_enqueue, job_handler
from core.models import Job
from correspondence.dispatching import oficio_sign
from correspondence.models import MailMerge, MailMergeItem, Oficio
from correspondence.services import CorrespondenceError
from documents.signatures import SIGN_PERMISSION, signer_load
from documents.signing import LoadedSigner

Item = MailMergeItem.State
_signers: dict[
    tuple[int, bytes], LoadedSigner
] = {}  # per worker process: key loaded once per batch


def _fernet() -> Fernet:
    return Fernet(settings.CREDENTIALS_KEY.encode())


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
        for entity in model.recipients.order_by("name"):
            item = MailMergeItem.objects.create(merge=merge, entity=entity)
            _enqueue(item)
        audit_record(action="merge.start", object_type="oficio", object_id=model.pk,
                     object_repr=str(model), actor=actor,
                     payload={"recipients": merge.items.count()})  # fmt: skip
    return merge


def _enqueue(item: MailMergeItem, retry: bool = False) -> None:
    suffix = f":{uuid.uuid4()}" if retry else ""
    key = f"merge:{item.merge_id}:{item.entity_id}{suffix}"
    job_enqueue(kind="correspondence.merge_item", key=key, payload={"item": item.pk})


def _signer(merge: MailMerge) -> LoadedSigner:
    secret = bytes(merge.secret)
    if not secret:
        raise CorrespondenceError(
            "La combinación terminó: vuelva a indicar la contraseña para reintentar."
        )
    key = (merge.pk, secret)
    if key not in _signers:
        password = _fernet().decrypt(secret).decode()
        _signers.clear()  # one batch at a time per worker: forget older keys
        _signers[key] = signer_load(user=merge.signer, password=password)
    return _signers[key]


@job_handler("correspondence.merge_item")
def merge_item(job: Job) -> None:
    item = MailMergeItem.objects.select_related("merge__model", "merge__signer", "entity").get(
        pk=job.payload["item"]
    )
    if item.state == Item.DONE:
        return
    merge, model = item.merge, item.merge.model
    try:
        signer = _signer(merge)
        with transaction.atomic(), acting_as(user=merge.signer):
            item = MailMergeItem.objects.select_for_update().get(pk=item.pk)
            if item.state == Item.DONE:
                return
            oficio = Oficio.objects.create(
                kind=Oficio.Kind.OFICIO, entity=model.entity, office=model.office,
                author=model.author, signer=model.signer, subject=model.subject, body=model.body,
                references=model.references, reply_days=model.reply_days,
            )  # fmt: skip
            oficio.recipients.set([item.entity])
            oficio.approve()  # the text was approved once, for the whole batch
            oficio.save()
            oficio_sign(oficio=oficio, actor=merge.signer, signer=signer, position=merge.position)
            item.state, item.oficio, item.error = Item.DONE, oficio, ""
            item.save()
    except Exception as exc:
        if job.attempts >= job.max_attempts:
            MailMergeItem.objects.filter(pk=item.pk).exclude(state=Item.DONE).update(
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
        for item in failed:
            _enqueue(item, retry=True)
    return len(failed)


@dataclass(frozen=True)
class Progress:
    total: int
    done: int
    failed: int

    @property
    def percent(self) -> int:
        return (self.done + self.failed) * 100 // self.total if self.total else 100

    @property
    def finished(self) -> bool:
        return self.done + self.failed == self.total


def merge_progress(merge: MailMerge) -> Progress:
    from django.db.models import Count, Q

    counts = MailMergeItem.objects.filter(merge=merge).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(state=Item.DONE)),
        failed=Count("pk", filter=Q(state=Item.FAILED)),
    )  # fmt: skip
    return Progress(counts["total"], counts["done"], counts["failed"])
