"""Who counts as staff: anyone holding a role (a group)."""

from __future__ import annotations

from typing import Any


def holds_a_role(user: Any) -> bool:
    """Whether ``user`` belongs to any group, asked once per user object.

    The workflow app and each flow ask it several times while one page renders (menu,
    permission checks, the task lists); ``request.user`` lives for one request, so the
    answer cached on it is never stale for longer than that.
    """
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_holds_a_role", None)
    if cached is None:
        # Every role grants permissions, which the permission checks of the same
        # request have already loaded; only a user without any asks the database.
        cached = bool(user.get_group_permissions()) or user.groups.exists()
        user._holds_a_role = cached
    return bool(cached)
