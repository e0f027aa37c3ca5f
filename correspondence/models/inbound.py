"""Mesa de partes: documents received from other entities."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMModelMixin, transition

from correspondence.models.oficios import Oficio
from directory.models import Entity, Office


class InboundDocument(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """A received document: No leído → Recibido → Atendido, with a due date (DOMAIN.md)."""

    class State(models.TextChoices):
        UNREAD = "no_leido", _("Unread")
        RECEIVED = "recibido", _("Received")
        ATTENDED = "atendido", _("Attended")

    sender = models.ForeignKey(Entity, on_delete=models.PROTECT, verbose_name=_("sender"))
    their_number = models.CharField(_("their document number"), max_length=120)
    their_date = models.DateField(_("their date"))
    subject = models.CharField(_("subject"), max_length=500)
    file = models.FileField(_("file"), upload_to="mesa-de-partes/")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    filed_at = models.DateTimeField(_("filed"))
    office = models.ForeignKey(Office, on_delete=models.PROTECT, verbose_name=_("routed to"))
    due_date = models.DateField(_("due date"))
    in_reply_to = models.ForeignKey(
        Oficio, on_delete=models.PROTECT, null=True, blank=True, related_name="inbound_replies",
        verbose_name=_("answers the oficio"),
    )  # fmt: skip
    state = FSMField(_("state"), default=State.UNREAD, choices=State.choices, protected=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("registered by")
    )

    class Meta:
        verbose_name = _("received document")
        verbose_name_plural = _("received documents")
        ordering = ["-filed_at"]

    def __str__(self) -> str:
        return f"{self.their_number} ({self.sender.acronym})"

    @transition(field=state, source=State.UNREAD, target=State.RECEIVED)
    def open(self) -> None:
        """The office it was routed to has read it."""

    @transition(field=state, source=[State.UNREAD, State.RECEIVED], target=State.ATTENDED)
    def attend(self) -> None:
        """Answered or otherwise dealt with."""
