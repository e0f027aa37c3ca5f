"""API tokens are credentials: creating or revoking one leaves an audit entry (never the key)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from rest_framework.authtoken.models import Token, TokenProxy

from audit.services import audit_record


def _record(action: str, token: Token) -> None:
    user = token.user
    audit_record(
        action=action, object_type="user", object_id=user.pk, object_repr=user.get_username(),
        standalone=not connection.in_atomic_block,
    )  # fmt: skip


@receiver(post_save, sender=Token)
@receiver(post_save, sender=TokenProxy)  # the admin's
def _token_saved(sender: Any, instance: Token, created: bool, **kwargs: Any) -> None:
    if created:
        _record("token.create", instance)


@receiver(post_delete, sender=Token)
@receiver(post_delete, sender=TokenProxy)
def _token_deleted(sender: Any, instance: Token, **kwargs: Any) -> None:
    _record("token.delete", instance)
