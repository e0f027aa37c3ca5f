"""The audit log. Rows are never updated or deleted: database triggers refuse it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    seq = models.BigIntegerField(_("sequence number"), unique=True)
    created_at = models.DateTimeField(_("time"))
    actor_user_id = models.BigIntegerField(_("user id"), null=True, blank=True)
    actor_username = models.CharField(_("user"), max_length=150, blank=True)
    actor_entity = models.CharField(_("entity"), max_length=32, blank=True)
    actor_office = models.CharField(_("office"), max_length=40, blank=True)
    actor_role = models.CharField(_("role"), max_length=255, blank=True)
    delegator_username = models.CharField(_("on behalf of"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=32)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    process_id = models.BigIntegerField(_("process"), null=True, blank=True)
    from_state = models.CharField(_("from state"), max_length=64, blank=True)
    to_state = models.CharField(_("to state"), max_length=64, blank=True)
    # Canonical JSON text, hashed as stored (see audit/chain.py).
    payload = models.TextField(_("changes"), default="{}")
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    # Text, not an inet column: the value stored must be the value hashed, byte for byte.
    # Null (no request) and "" are different values in the canonical form.
    client_ip = models.CharField(_("client IP"), max_length=45, null=True, blank=True)  # noqa: DJ001
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        default_permissions = ("view",)
        indexes = [
            # Keyset pagination: every filter is an equality plus "seq < cursor".
            models.Index(fields=["process_id", "-seq"], name="audit_process_seq"),
            models.Index(fields=["actor_entity", "-seq"], name="audit_entity_seq"),
            models.Index(fields=["actor_username", "-seq"], name="audit_user_seq"),
            models.Index(fields=["action", "-seq"], name="audit_action_seq"),
            models.Index(fields=["created_at"], name="audit_created_at"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class AuditCheckpoint(models.Model):
    """The head of the chain at the end of a day, published on /transparencia/auditoria."""

    day = models.DateField(_("day"), unique=True)
    seq = models.BigIntegerField(_("last sequence number"))
    hash = models.CharField(_("head hash"), max_length=64)
    created_at = models.DateTimeField(_("published"), auto_now_add=True)

    class Meta:
        verbose_name = _("audit checkpoint")
        verbose_name_plural = _("audit checkpoints")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day}: {self.seq} {self.hash}"
