"""The consultation's permissions (granted to roles in directory/roles.py)."""

from contextlib import nullcontext
from typing import Any

MODERATE = "consultation.moderate_proposals"
SYSTEMATIZE = "consultation.systematize_proposals"
IMPORT = "consultation.import_proposals"
PUBLISH = "consultation.publish_responses"
STAFF = (MODERATE, SYSTEMATIZE, IMPORT, PUBLISH)


def acting(actor: object) -> Any:
    """Attribute automatic audit entries (FSM transitions) to ``actor`` when given."""
    from audit.context import acting_as

    if actor is None:
        return nullcontext()
    return acting_as(user=actor.resolve() if hasattr(actor, "resolve") else actor)


def require(actor: object, permission: str) -> None:
    """Refuse a staff action to an actor without the permission (None = the system)."""
    from django.core.exceptions import PermissionDenied

    if actor is None:
        return
    if hasattr(actor, "resolve"):
        actor = actor.resolve()
    if not actor.has_perm(permission):  # type: ignore[attr-defined]
        raise PermissionDenied
