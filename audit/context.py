"""Who is acting, from where: set per request (middleware) or per task (``acting_as``)."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class ActorContext:
    user: Any = None
    delegator: Any = None
    role: str = ""
    request_id: str = ""
    client_ip: str | None = None


_current: contextvars.ContextVar[ActorContext] = contextvars.ContextVar(
    "audit_actor",
    default=ActorContext(),  # noqa: B039 (frozen dataclass: immutable)
)


def current() -> ActorContext:
    return _current.get()


@contextmanager
def acting_as(**changes: Any) -> Iterator[ActorContext]:
    """Record what happens inside as done by ``user`` (optionally for ``delegator``,
    in ``role``); used by services run outside a request, e.g. Celery tasks."""
    token = _current.set(replace(_current.get(), **changes))
    try:
        yield _current.get()
    finally:
        _current.reset(token)
