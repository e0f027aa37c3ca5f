"""Oficios, their vistos buenos, one dispatch per recipient, and replies.

States follow PCM's document management: En proyecto → Para despacho → Emitido
(DOMAIN.md). Every state change is a django-fsm transition, run only by the services
in correspondence/services.py, which write the audit entry in the same transaction
(audit.receivers records each transition).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMModelMixin, transition

from directory.models import Entity, Office
from documents.models import GeneratedDocument


class Oficio(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    class Kind(models.TextChoices):
        OFICIO = "oficio", _("Oficio")
        MULTIPLE = "oficio_multiple", _("Oficio múltiple")
        # One approved text, issued as one individual oficio per recipient.
        MERGE = "combinacion", _("Mail merge (one oficio per recipient)")

    class State(models.TextChoices):
        DRAFT = "proyecto", _("Draft")
        FOR_DISPATCH = "para_despacho", _("Ready for signature")
        ISSUED = "emitido", _("Issued")
        CANCELLED = "cancelado", _("Cancelled")

    class ReviewMode(models.TextChoices):
        SEQUENTIAL = "sequential", _("In order")
        PARALLEL = "parallel", _("In parallel")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, related_name="+", verbose_name=_("entity")
    )
    office = models.ForeignKey(Office, on_delete=models.PROTECT, verbose_name=_("office"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("signer"),
    )
    subject = models.CharField(_("subject"), max_length=500)
    body = models.JSONField(_("body"), default=list)
    references = models.JSONField(_("references"), default=list)
    recipients = models.ManyToManyField(
        Entity, related_name="oficios_received", verbose_name=_("recipients")
    )
    # Reviewers' user ids, in the order their vistos buenos are asked.
    reviewer_ids = models.JSONField(_("reviewers"), default=list)
    review_mode = models.CharField(
        _("vistos buenos"), max_length=12, choices=ReviewMode.choices, default=ReviewMode.SEQUENTIAL
    )
    reply_days = models.PositiveSmallIntegerField(_("business days to reply"), default=10)
    state = FSMField(_("state"), default=State.DRAFT, choices=State.choices, protected=True)
    round = models.PositiveSmallIntegerField(_("review round"), default=0)
    number = models.CharField(_("number"), max_length=120, blank=True)
    document = models.OneToOneField(
        GeneratedDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("document"),
    )
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("oficio")
        verbose_name_plural = _("oficios")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.number or f"{self.get_kind_display()} (proyecto {self.pk}): {self.subject[:60]}"

    @property
    def document_type(self) -> str:
        return "OFICIO MÚLTIPLE" if self.kind == self.Kind.MULTIPLE else "OFICIO"

    def audit_payload(self) -> dict[str, Any]:
        return {"number": self.number} if self.number else {}

    def no_dispatch_received(self: Any) -> bool:
        received = {Dispatch.State.RECEIVED, Dispatch.State.ANSWERED}
        return not self.dispatches.filter(state__in=received).exists()

    @transition(field=state, source=State.DRAFT, target=State.FOR_DISPATCH)
    def approve(self) -> None:
        """Every visto bueno of the round is given."""

    @transition(field=state, source=State.FOR_DISPATCH, target=State.DRAFT)
    def return_to_author(self) -> None:
        """The signer sends it back before signing."""

    @transition(field=state, source=State.FOR_DISPATCH, target=State.ISSUED)
    def issue(self) -> None:
        """Signed and numbered, in the signing transaction."""

    @transition(field=state, source=[State.DRAFT, State.FOR_DISPATCH], target=State.CANCELLED)
    def cancel(self) -> None:
        """Before issue: the draft is abandoned, no number was used."""

    @transition(
        field=state, source=State.ISSUED, target=State.CANCELLED, conditions=[no_dispatch_received]
    )
    def cancel_issued(self) -> None:
        """Issued but no recipient has received it yet (DOMAIN.md)."""


class Review(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """A visto bueno (V°B°) asked of a named reviewer in one round of review."""

    class State(models.TextChoices):
        PENDING = "pendiente", _("Pending")
        APPROVED = "aprobado", _("Approved")
        OBSERVED = "observado", _("Observed")
        WITHDRAWN = "retirado", _("Withdrawn")

    oficio = models.ForeignKey(
        Oficio, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("oficio")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("reviewer")
    )
    round = models.PositiveSmallIntegerField(_("round"))
    order = models.PositiveSmallIntegerField(_("order"))
    state = FSMField(_("state"), default=State.PENDING, choices=State.choices, protected=True)
    comment = models.TextField(_("observations"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("visto bueno")
        verbose_name_plural = _("vistos buenos")
        ordering = ["oficio", "round", "order"]
        constraints = [
            models.UniqueConstraint(fields=["oficio", "round", "order"], name="corr_review_order")
        ]

    def __str__(self) -> str:
        return f"V°B° {self.order} ({self.reviewer}) — {self.oficio}"

    @transition(field=state, source=State.PENDING, target=State.APPROVED)
    def approve(self) -> None:
        pass

    @transition(field=state, source=State.PENDING, target=State.OBSERVED)
    def observe(self) -> None:
        pass

    @transition(field=state, source=State.PENDING, target=State.WITHDRAWN)
    def withdraw(self) -> None:
        """Another reviewer observed the draft: this round is over."""


class Dispatch(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """The oficio as sent to one recipient entity, and what came back."""

    class State(models.TextChoices):
        PENDING = "pendiente", _("Pending")
        SENT = "enviado", _("Sent")
        RECEIVED = "recibido", _("Received")
        ANSWERED = "atendido", _("Answered")
        OVERDUE = "vencido", _("Overdue")
        ERROR = "error", _("Delivery error")
        RETRY = "reintento", _("Retrying")

    oficio = models.ForeignKey(
        Oficio, on_delete=models.PROTECT, related_name="dispatches", verbose_name=_("oficio")
    )
    entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, related_name="dispatches", verbose_name=_("recipient")
    )
    email = models.EmailField(_("sent to"), blank=True)
    state = FSMField(_("state"), default=State.PENDING, choices=State.choices, protected=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    due_date = models.DateField(_("reply due"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    received_by = models.CharField(_("received by"), max_length=200, blank=True)
    received_from_ip = models.GenericIPAddressField(_("received from"), null=True, blank=True)
    link_used_at = models.DateTimeField(_("link used"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_reminder_on = models.DateField(_("last reminder"), null=True, blank=True)
    last_error = models.TextField(_("last delivery error"), blank=True)

    class Meta:
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        permissions = [("follow_up_dispatch", _("Can follow up overdue dispatches"))]
        constraints = [
            models.UniqueConstraint(fields=["oficio", "entity"], name="corr_dispatch_unique")
        ]

    def __str__(self) -> str:
        return f"{self.oficio} → {self.entity.acronym}"

    @property
    def audit_process_id(self) -> None:
        return None

    @transition(field=state, source=[State.PENDING, State.RETRY], target=State.SENT)
    def send(self) -> None:
        pass

    @transition(field=state, source=[State.PENDING, State.RETRY], target=State.ERROR)
    def fail(self) -> None:
        pass

    @transition(field=state, source=State.ERROR, target=State.RETRY)
    def retry(self) -> None:
        pass

    @transition(field=state, source=[State.SENT, State.OVERDUE], target=State.RECEIVED)
    def receive(self) -> None:
        pass

    @transition(
        field=state, source=[State.SENT, State.RECEIVED, State.OVERDUE], target=State.ANSWERED
    )
    def answer(self) -> None:
        pass

    @transition(field=state, source=State.SENT, target=State.OVERDUE)
    def expire(self) -> None:
        pass


class Reply(models.Model):
    """What a recipient sent back: a document referencing the oficio."""

    dispatch = models.OneToOneField(
        Dispatch, on_delete=models.PROTECT, related_name="reply", verbose_name=_("dispatch")
    )
    their_number = models.CharField(_("their document number"), max_length=120, blank=True)
    note = models.TextField(_("note"), blank=True)
    file = models.FileField(_("file"), upload_to="respuestas/")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    sender = models.CharField(_("sent by"), max_length=200)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")

    def __str__(self) -> str:
        return f"Respuesta a {self.dispatch}"
