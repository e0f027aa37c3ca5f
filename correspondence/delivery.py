"""Delivery to recipients: e-mail with the signed PDF and a personal link, the cargo de
recepción, replies, and reminders of what is overdue."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from core.jobs import job_enqueue, job_handler
from core.models import Job
from correspondence.business_days import add_business_days
from correspondence.models import Dispatch, Oficio, Reply
from correspondence.services import CorrespondenceError
from documents.services import sha256

LINK_SALT = "correspondence.cargo"
LINK_MAX_AGE = timedelta(days=90)
MAX_REMINDERS = 3
REMINDER_EVERY_DAYS = 2
MAX_REPLY_BYTES = 10 * 1024 * 1024
REPLY_TYPES = {b"%PDF-": "pdf"}


def require_pdf(data: bytes, *, too_big: str, not_pdf: str) -> None:
    """Replies and received documents: a PDF of at most MAX_REPLY_BYTES."""
    if len(data) > MAX_REPLY_BYTES:
        raise CorrespondenceError(too_big)
    if not any(data.startswith(magic) for magic in REPLY_TYPES):
        raise CorrespondenceError(not_pdf)


def receipt_link(dispatch: Dispatch) -> str:
    token = signing.dumps({"d": dispatch.pk}, salt=LINK_SALT)
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}/cargo/{token}"


def dispatch_from_token(token: str) -> Dispatch:
    """The dispatch a link is for; refuses tampered, expired and spent links."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise CorrespondenceError(
            "El enlace venció. Solicite uno nuevo a la entidad emisora."
        ) from None
    except signing.BadSignature:
        raise CorrespondenceError("El enlace no es válido.") from None
    dispatch = Dispatch.objects.select_related("oficio", "entity").filter(pk=data.get("d")).first()
    if dispatch is None:
        raise CorrespondenceError("El enlace no es válido.")
    if dispatch.link_used_at is not None:
        raise CorrespondenceError("Este enlace ya fue utilizado: la respuesta fue registrada.")
    return dispatch


def _message(dispatch: Dispatch, subject: str, body: str) -> EmailMessage:
    return EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[dispatch.email]
    )


@job_handler("correspondence.send_dispatch")
def send_dispatch(job: Job) -> None:
    dispatch = Dispatch.objects.select_related("oficio__document", "entity").get(
        pk=job.payload["dispatch"]
    )
    if dispatch.state not in {Dispatch.State.PENDING, Dispatch.State.RETRY}:
        return  # already sent: a repeated message has nothing to do
    oficio = dispatch.oficio
    if oficio.state == Oficio.State.CANCELLED:
        return  # cancelled before this copy left: it is never sent
    from correspondence.flows import liaison_of, receipt_start

    if liaison_of(dispatch.entity) is not None:
        # The liaison has an account: the oficio goes to their inbox, not by e-mail.
        with transaction.atomic():
            sent = _mark_sent(dispatch)
            if sent is not None:
                receipt_start(sent)
        return
    if not dispatch.email:
        _fail(dispatch, "La entidad no tiene un correo electrónico oficial registrado.")
        return
    message = _message(
        dispatch,
        f"{oficio.number} — {oficio.subject}"[:250],
        f"Señor(a) {dispatch.entity.head_name}\n{dispatch.entity.head_title}\n\n"
        f"Se remite el {oficio.number}, firmado digitalmente, sobre: {oficio.subject}.\n\n"
        f"Para acusar recibo (cargo) y enviar su respuesta, use este enlace personal:\n"
        f"{receipt_link(dispatch)}\n\n"
        f"Verifique el documento en {settings.PUBLIC_BASE_URL.rstrip('/')}/verificar/"
        f"{oficio.document.verification_code}\n\n{oficio.entity.name}",
    )  # fmt: skip
    with oficio.document.signed_pdf.open("rb") as handle:
        message.attach(f"{oficio.number}.pdf".replace("/", "-"), handle.read(), "application/pdf")
    try:
        message.send(fail_silently=False)
    except Exception as exc:
        if job.attempts >= job.max_attempts:  # attempts count this one
            _fail(dispatch, f"{type(exc).__name__}: {exc}")
        raise
    with transaction.atomic():
        _mark_sent(dispatch)


def _mark_sent(dispatch: Dispatch) -> Dispatch | None:
    """Sent now, reply due in the oficio's business days; None if it was sent already."""
    dispatch = Dispatch.objects.select_for_update().select_related("oficio").get(pk=dispatch.pk)
    if dispatch.state not in {Dispatch.State.PENDING, Dispatch.State.RETRY}:
        return None
    dispatch.sent_at = timezone.now()
    dispatch.due_date = add_business_days(timezone.localdate(), dispatch.oficio.reply_days)
    dispatch.send()
    dispatch.save()
    return dispatch


def _fail(dispatch: Dispatch, error: str) -> None:
    with transaction.atomic():
        dispatch = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
        dispatch.last_error = error[:2000]
        dispatch.fail()
        dispatch.save()


def dispatch_retry(*, dispatch: Dispatch, actor: Any) -> Dispatch:
    """Send again a dispatch whose delivery failed (e.g. after fixing the e-mail)."""
    with transaction.atomic():
        dispatch = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
        if dispatch.state != Dispatch.State.ERROR:
            raise CorrespondenceError("Solo se reintenta un envío con error.")
        dispatch.email = dispatch.entity.email
        dispatch.retry()
        dispatch.save()
        # The state transition (error → reintento) guards against a double retry.
        job_enqueue(
            kind="correspondence.send_dispatch",
            key=f"dispatch:{dispatch.pk}:{uuid.uuid4()}",
            payload={"dispatch": dispatch.pk},
        )
    return dispatch


def _refuse_if_cancelled(dispatch: Dispatch) -> None:
    # The oficio was cancelled while no recipient had received it (DOMAIN.md): it stays
    # that way. The oficio's row lock orders this check with a cancel running now.
    oficio = Oficio.objects.select_for_update().filter(pk=dispatch.oficio_id)
    if oficio.filter(state=Oficio.State.CANCELLED).exists():
        raise CorrespondenceError("Este oficio fue anulado: ya no se registra su recepción.")


def dispatch_acknowledge(
    *, dispatch: Dispatch, name: str, position: str, ip: str | None
) -> Dispatch:
    """The cargo de recepción: who received it, when, from where."""
    name, position = name.strip()[:120], position.strip()[:80]
    if not name:
        raise CorrespondenceError("Indique el nombre de quien recibe.")
    with transaction.atomic():
        dispatch = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
        _refuse_if_cancelled(dispatch)
        if dispatch.state in {Dispatch.State.RECEIVED, Dispatch.State.ANSWERED}:
            raise CorrespondenceError("La recepción de este oficio ya fue registrada.")
        if dispatch.state not in {Dispatch.State.SENT, Dispatch.State.OVERDUE}:
            raise CorrespondenceError("Este oficio aún no fue enviado.")
        dispatch.received_at = timezone.now()
        dispatch.received_by = f"{name} — {position}" if position else name
        dispatch.received_from_ip = ip
        dispatch.receive()
        dispatch.save()
    return dispatch


def dispatch_reply(
    *, dispatch: Dispatch, data: bytes, their_number: str, note: str, sender: str, ip: str | None
) -> Reply:
    """The recipient's answer, uploaded through the link, which is then spent."""
    if not sender.strip():
        raise CorrespondenceError("Indique quién envía la respuesta.")
    require_pdf(
        data,
        too_big="La respuesta pesa más de 10 MB.",
        not_pdf="La respuesta debe ser un archivo PDF.",
    )
    digest = sha256(data)
    name = default_storage.save(
        f"respuestas/{dispatch.oficio_id}/{dispatch.entity.code}.pdf", ContentFile(data)
    )
    try:
        with transaction.atomic():
            dispatch = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
            _refuse_if_cancelled(dispatch)
            if dispatch.link_used_at is not None or dispatch.state == Dispatch.State.ANSWERED:
                raise CorrespondenceError(
                    "Este enlace ya fue utilizado: la respuesta fue registrada."
                )
            if dispatch.state not in {
                Dispatch.State.SENT,
                Dispatch.State.RECEIVED,
                Dispatch.State.OVERDUE,
            }:
                raise CorrespondenceError("Este oficio aún no fue enviado.")
            reply = Reply.objects.create(
                dispatch=dispatch,
                their_number=their_number.strip()[:120],
                note=note.strip()[:2000],
                file=name,
                sha256=digest,
                sender=sender.strip()[:200],
            )
            if dispatch.received_at is None:
                dispatch.received_at, dispatch.received_by = timezone.now(), sender.strip()[:200]
            dispatch.link_used_at = timezone.now()
            dispatch.answer()
            dispatch.save()
            audit_record(
                action="reply.receive",
                object_type="dispatch",
                object_id=dispatch.pk,
                object_repr=str(dispatch),
                payload={"sha256": digest, "their_number": reply.their_number},
            )
    except Exception:
        default_storage.delete(name)
        raise
    return reply


def dispatches_remind(*, today: Any = None) -> int:
    """Overdue dispatches without a reply: mark them overdue, send a bounded reminder,
    and open a follow-up task for the technical secretariat. Returns reminders sent."""
    from correspondence.flows import follow_up_start

    today = today or timezone.localdate()
    waiting = Dispatch.objects.filter(
        state__in=[Dispatch.State.SENT, Dispatch.State.RECEIVED, Dispatch.State.OVERDUE],
        due_date__lt=today,
        reminders_sent__lt=MAX_REMINDERS,
    ).select_related("oficio", "entity")
    sent = 0
    for dispatch in waiting:
        with transaction.atomic():
            dispatch = (
                Dispatch.objects.select_for_update()
                .select_related("oficio", "entity")
                .get(pk=dispatch.pk)
            )
            last = dispatch.last_reminder_on
            if last and add_business_days(last, REMINDER_EVERY_DAYS) > today:
                continue
            first = dispatch.reminders_sent == 0
            if dispatch.state == Dispatch.State.SENT:
                dispatch.expire()
            dispatch.reminders_sent += 1
            dispatch.last_reminder_on = today
            dispatch.save()
            audit_record(
                action="dispatch.remind",
                object_type="dispatch",
                object_id=dispatch.pk,
                object_repr=str(dispatch),
                payload={"reminder": dispatch.reminders_sent},
            )
            job_enqueue(kind="correspondence.send_reminder",
                        key=f"reminder:{dispatch.pk}:{dispatch.reminders_sent}",
                        payload={"dispatch": dispatch.pk})  # fmt: skip
            if first:
                follow_up_start(dispatch)
            sent += 1
    return sent


@job_handler("correspondence.send_reminder")
def send_reminder(job: Job) -> None:
    dispatch = Dispatch.objects.select_related("oficio", "entity").get(pk=job.payload["dispatch"])
    if dispatch.state == Dispatch.State.ANSWERED or not dispatch.email:
        return
    oficio = dispatch.oficio
    _message(
        dispatch,
        f"Recordatorio: {oficio.number} — {oficio.subject}"[:250],
        f"Señor(a) {dispatch.entity.head_name}\n{dispatch.entity.head_title}\n\n"
        f"El plazo para responder el {oficio.number} venció el {dispatch.due_date:%d/%m/%Y}. "
        f"Le agradeceremos enviar su respuesta mediante este enlace:\n{receipt_link(dispatch)}\n\n"
        f"{oficio.entity.name}",
    ).send(fail_silently=False)  # fmt: skip
