"""Who may read the audit log: auditors and observers (the permission is granted to those
two roles). Asked by the auditor workspace and by the API alike."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

VIEW_PERMISSION = "audit.view_auditentry"


def may_read_audit(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm(VIEW_PERMISSION))


def check_audit(user: Any) -> None:
    if not may_read_audit(user):
        raise PermissionDenied
