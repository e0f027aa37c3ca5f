"""Mail merge: one approved text issued as N individual oficios, in the background."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from correspondence.models.oficios import Oficio
from directory.models import Entity


class MailMerge(models.Model):
    """A signing batch. Its worker needs the signer's key, so the certificate password is
    held encrypted (CREDENTIALS_KEY) while the batch runs, and erased when it ends."""

    model = models.OneToOneField(
        Oficio, on_delete=models.PROTECT, related_name="merge", verbose_name=_("approved text")
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("signer")
    )
    position = models.CharField(_("position"), max_length=120)
    secret = models.BinaryField(_("encrypted password"), blank=True, default=b"")
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("mail merge")
        verbose_name_plural = _("mail merges")

    def __str__(self) -> str:
        return f"{self.model.subject[:60]} ({self.items.count()})"


class MailMergeItem(models.Model):
    class State(models.TextChoices):
        PENDING = "pendiente", _("Pending")
        DONE = "hecho", _("Done")
        FAILED = "fallido", _("Failed")
        CANCELLED = "anulado", _("Cancelled")

    merge = models.ForeignKey(
        MailMerge, on_delete=models.CASCADE, related_name="items", verbose_name=_("mail merge")
    )
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, verbose_name=_("recipient"))
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.PENDING
    )
    oficio = models.OneToOneField(
        Oficio,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("oficio"),
    )
    error = models.TextField(_("error"), blank=True)
    # Reserved for this item when the batch starts (the signer's act), kept through
    # retries; a cancelled item's number stays on its cancelled oficio (no gap).
    number = models.CharField(_("number"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("mail merge item")
        verbose_name_plural = _("mail merge items")
        constraints = [
            models.UniqueConstraint(fields=["merge", "entity"], name="corr_merge_item_unique")
        ]
        indexes = [models.Index(fields=["merge", "state"], name="corr_merge_item_state")]

    def __str__(self) -> str:
        return f"{self.merge_id} → {self.entity.acronym}: {self.state}"
