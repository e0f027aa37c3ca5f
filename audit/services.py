"""Recording audit entries: one function, inside the caller's transaction."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from audit.chain import GENESIS, canonical_payload, entry_hash
from audit.context import current
from audit.models import AuditEntry

SYSTEM_USERNAME = "sistema"  # work done outside any request (Celery, commands)
ANONYMOUS_USERNAME = "anónimo"  # a request without a logged-in user
# Arbitrary constant naming the chain's advisory lock on PostgreSQL.
_CHAIN_LOCK_KEY = 0x4155444954  # "AUDIT"


def _chain_locked() -> None:
    """Marker kept among the transaction's on-commit hooks while it holds the lock."""


def _lock_chain() -> None:
    """Serialize writers until the transaction ends, so the chain stays linear.

    The advisory lock lasts until the transaction ends, or until the savepoint it was
    taken in rolls back; Django forgets on-commit hooks at exactly those moments, so a
    marker hook tells whether this transaction still holds it and the lock is asked for
    once per transaction, not once per entry.

    SQLite needs nothing: IMMEDIATE transactions already admit one writer at a time.
    """
    if connection.vendor != "postgresql":
        return
    if any(hook[1] is _chain_locked for hook in connection.run_on_commit):
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
    transaction.on_commit(_chain_locked)


class _ChainHead:
    """A no-op on-commit hook remembering the last entry this transaction appended.

    While the transaction holds the chain (SQLite's IMMEDIATE write lock, PostgreSQL's
    advisory lock) nobody else appends, so the next entry links to this one without
    reading it back. Django drops the hook with the savepoint it was registered in, so
    a rolled-back entry is never linked to; entries appended bypassing audit_record in
    the same transaction would be (nothing does that)."""

    def __init__(self, seq: int, hash: str) -> None:
        self.seq, self.hash = seq, hash

    def __call__(self) -> None:
        pass


def _chain_head() -> tuple[int, str] | None:
    for hook in reversed(connection.run_on_commit):
        if isinstance(hook[1], _ChainHead):
            return hook[1].seq, hook[1].hash
    last = AuditEntry.objects.order_by("-seq").values_list("seq", "hash").first()
    return (last[0], last[1]) if last else None


# Bumped whenever what an actor's fields read may change (roles, profile, entity,
# office): cached fields of an older generation are read again.
_generation = 0


def actors_changed() -> None:
    global _generation
    _generation += 1


def _actor_fields(user: Any, delegator: Any, role: str) -> dict[str, Any]:
    if user is not None and hasattr(user, "resolve"):
        user = user.resolve()
    if user is None or not getattr(user, "is_authenticated", False):
        return {
            "actor_user_id": None,
            "actor_username": SYSTEM_USERNAME if user is None else ANONYMOUS_USERNAME,
            "actor_entity": "", "actor_office": "", "actor_role": role,
        }  # fmt: skip
    # A request or task records several entries as the same user: read their profile
    # and roles once (cached on the user object, so for one request at most).
    cache = user.__dict__.setdefault("_audit_actor", {})
    key = (_generation, role)
    fields = cache.get(key)  # one read: a worker's threads may share the user object
    if fields is None:
        fields = _read_actor_fields(user, role)
        cache.clear()
        cache[key] = fields
    return dict(fields)


def _read_actor_fields(user: Any, role: str) -> dict[str, Any]:
    profile = getattr(user, "profile", None)
    if not role:
        role = ", ".join(sorted(user.groups.values_list("name", flat=True)))
    return {
        "actor_user_id": user.pk,
        "actor_username": user.get_username(),
        "actor_entity": profile.entity.code if profile else "",
        "actor_office": profile.office.code if profile and profile.office else "",
        "actor_role": role,
    }


def _label(value: Any) -> str:
    return "" if value is None else str(value)


def audit_record(
    *,
    action: str,
    object_type: str,
    object_id: Any = "",
    object_repr: str = "",
    process_id: int | None = None,
    from_state: Any = "",
    to_state: Any = "",
    payload: dict[str, Any] | None = None,
    actor: Any = None,
    username: str = "",
    standalone: bool = False,
) -> AuditEntry:
    """Append one entry to the chain, in the current transaction.

    If the surrounding transaction rolls back, the entry goes with it; if writing
    the entry fails, the exception fails the change it describes. Outside a
    transaction that promise cannot hold (the change is already committed), so it
    is refused unless the entry is an event of its own (``standalone``: logins).
    """
    if not standalone and not connection.in_atomic_block:
        raise RuntimeError(f"audit_record({action!r}) must run inside the change's transaction")
    ctx = current()
    fields = _actor_fields(actor if actor is not None else ctx.user, ctx.delegator, ctx.role)
    if username:
        fields["actor_username"] = username
    delegator = ctx.delegator.get_username() if ctx.delegator is not None else ""
    # No savepoint: a failed insert must fail the enclosing change anyway.
    with transaction.atomic(savepoint=False):
        _lock_chain()
        last = _chain_head()
        seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
        created_at = timezone.now().astimezone(UTC).replace(tzinfo=UTC)
        entry = AuditEntry(
            seq=seq,
            created_at=created_at,
            delegator_username=delegator,
            action=action,
            object_type=object_type,
            object_id=_label(object_id)[:64],
            object_repr=_label(object_repr)[:255],
            process_id=process_id,
            from_state=_label(from_state)[:64],
            to_state=_label(to_state)[:64],
            payload=canonical_payload(payload or {}),
            request_id=ctx.request_id,
            client_ip=ctx.client_ip,
            prev_hash=prev_hash,
            **fields,
        )
        entry.hash = entry_hash(entry_values(entry))
        entry.save(force_insert=True)
        transaction.on_commit(_ChainHead(entry.seq, entry.hash))
    return entry


def format_time(value: Any) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_values(entry: AuditEntry) -> list[Any]:
    """The entry in FIELDS order (audit/chain.py), as hashed and exported."""
    return [
        entry.seq, format_time(entry.created_at), entry.actor_user_id, entry.actor_username,
        entry.actor_entity, entry.actor_office, entry.actor_role, entry.delegator_username,
        entry.action, entry.object_type, entry.object_id, entry.object_repr, entry.process_id,
        entry.from_state, entry.to_state, entry.payload, entry.request_id, entry.client_ip,
        entry.prev_hash,
    ]  # fmt: skip
