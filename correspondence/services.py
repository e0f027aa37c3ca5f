"""Every state change of an oficio and its vistos buenos, in one place each.

Each service is atomic; its django-fsm transitions are recorded in the audit log by
audit.receivers in the same transaction.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from correspondence.models import Oficio, Review
from directory.models import Entity


class CorrespondenceError(ValidationError):
    """A request the rules refuse; the message is for the user (Spanish)."""


def oficio_create(
    *,
    author: Any,
    kind: str,
    subject: str,
    body: list[str],
    references: list[str],
    recipients: list[Entity],
    reviewers: list[Any],
    signer: Any,
    review_mode: str = Oficio.ReviewMode.SEQUENTIAL,
    reply_days: int = 10,
) -> Oficio:
    profile = getattr(author, "profile", None)
    if profile is None or profile.office is None:
        raise CorrespondenceError("Solo el personal de una oficina puede redactar oficios.")
    if not recipients:
        raise CorrespondenceError("Indique al menos un destinatario.")
    if kind == Oficio.Kind.OFICIO and len(recipients) != 1:
        raise CorrespondenceError("Un oficio tiene un solo destinatario; use un oficio múltiple.")
    with transaction.atomic():
        oficio = Oficio.objects.create(
            kind=kind, entity=profile.entity, office=profile.office, author=author, signer=signer,
            subject=subject, body=body, references=references, review_mode=review_mode,
            reply_days=reply_days, reviewer_ids=[r.pk for r in reviewers],
        )  # fmt: skip
        oficio.recipients.set(recipients)
        audit_record(
            action="oficio.create", object_type="oficio", object_id=oficio.pk,
            object_repr=str(oficio), to_state=oficio.state,
            payload={"recipients": [e.code for e in recipients], "reviewers": oficio.reviewer_ids},
        )  # fmt: skip
    return oficio


def _locked(oficio: Oficio) -> Oficio:
    return Oficio.objects.select_for_update().get(pk=oficio.pk)


def oficio_route(*, oficio: Oficio, actor: Any) -> Oficio:
    """Ask the named reviewers for their vistos buenos (a new round)."""
    with transaction.atomic():
        oficio = _locked(oficio)
        if actor.pk != oficio.author_id:
            raise PermissionDenied("Solo el autor envía el proyecto a visto bueno.")
        if oficio.state != Oficio.State.DRAFT:
            raise CorrespondenceError("Solo un oficio en proyecto se envía a visto bueno.")
        if oficio.reviews.filter(round=oficio.round, state=Review.State.PENDING).exists():
            raise CorrespondenceError("El proyecto ya está en visto bueno.")
        oficio.round += 1
        oficio.save(update_fields=["round"])
        users = get_user_model().objects.in_bulk(oficio.reviewer_ids)
        for order, user_id in enumerate(oficio.reviewer_ids, start=1):
            Review.objects.create(
                oficio=oficio, reviewer=users[user_id], round=oficio.round, order=order
            )
        audit_record(
            action="oficio.route", object_type="oficio", object_id=oficio.pk,
            object_repr=str(oficio),
            payload={"round": oficio.round, "reviewers": oficio.reviewer_ids},
        )  # fmt: skip
        if not oficio.reviewer_ids:
            oficio.approve()
            oficio.save()
    return oficio


def review_decide(*, review: Review, actor: Any, approve: bool, comment: str = "") -> Review:
    """A reviewer gives or refuses the visto bueno of a draft routed to them."""
    with transaction.atomic():
        oficio = _locked(review.oficio)
        review = Review.objects.get(pk=review.pk)
        if actor.pk != review.reviewer_id:
            raise PermissionDenied("Este visto bueno no le fue solicitado.")
        if review.state != Review.State.PENDING or review.round != oficio.round:
            raise CorrespondenceError("Este visto bueno ya fue resuelto.")
        pending = oficio.reviews.filter(round=oficio.round, state=Review.State.PENDING)
        if (
            oficio.review_mode == Oficio.ReviewMode.SEQUENTIAL
            and pending.order_by("order").first() != review
        ):
            raise CorrespondenceError("Aún no es su turno: falta el visto bueno anterior.")
        review.comment, review.decided_at = comment.strip(), timezone.now()
        if approve:
            review.approve()
            review.save()
            if not pending.exclude(pk=review.pk).exists():
                oficio.approve()
                oficio.save()
        else:
            if not review.comment:
                raise CorrespondenceError("Escriba la observación para el autor.")
            review.observe()
            review.save()
            # The draft goes back to its author; the other vistos buenos of the round lapse.
            for other in pending.exclude(pk=review.pk):
                other.withdraw()
                other.save()
    return review


def oficio_correct(
    *, oficio: Oficio, actor: Any, subject: str, body: list[str], references: list[str]
) -> Oficio:
    """The author amends a draft after an observation (then routes it again)."""
    with transaction.atomic():
        oficio = _locked(oficio)
        if actor.pk != oficio.author_id:
            raise PermissionDenied("Solo el autor corrige el proyecto.")
        if oficio.state != Oficio.State.DRAFT:
            raise CorrespondenceError("Solo se corrige un oficio en proyecto.")
        before = {"subject": oficio.subject, "body": oficio.body}
        oficio.subject, oficio.body, oficio.references = subject, body, references
        oficio.save(update_fields=["subject", "body", "references"])
        audit_record(action="oficio.correct", object_type="oficio", object_id=oficio.pk,
                     object_repr=str(oficio), payload={"before": before})  # fmt: skip
    return oficio
