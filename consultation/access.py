"""Who may see what of the consultation: staff by permission, a citizen by tracking code.
Asked by the staff pages, the public pages and the API alike."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from consultation.models import Proposal
from consultation.permissions import STAFF
from consultation.selectors import proposal_by_code


def may_work_on(user: Any, *permissions: str) -> bool:
    """Any one of ``permissions`` (all the staff permissions when none is named)."""
    if not user.is_authenticated:
        return False
    return any(user.has_perm(permission) for permission in permissions or STAFF)


def check_staff(user: Any, *permissions: str) -> None:
    if not may_work_on(user, *permissions):
        raise PermissionDenied


def proposal_by_tracking_code(code: str) -> Proposal:
    """The proposal of a tracking code (whoever holds the code may follow it), or 404."""
    proposal = proposal_by_code(code[:40]) if code else None
    if proposal is None:
        raise Http404
    return proposal


def public_author(proposal: Proposal) -> str:
    """Ley 29733: the name only with consent to publish it; the e-mail never."""
    return proposal.public_author()
