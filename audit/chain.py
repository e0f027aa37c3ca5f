#!/usr/bin/env python3
"""The audit chain: canonical form, hashing and verification.

Standard library only, so that this one file is also the standalone verifier an
external auditor runs on an export, without the application:

    python3 audit/chain.py export.jsonl [--checkpoint SEQ:HASH ...] [--partial]

``--checkpoint`` takes a head published on /transparencia/auditoria (or printed on
a document): history rewritten after it shows even if every hash was recomputed.

Canonical form of an entry (see README, "Audit log"): the JSON array

    [seq, created_at, actor_user_id, actor_username, actor_entity, actor_office,
     actor_role, delegator_username, action, object_type, object_id, object_repr,
     process_id, from_state, to_state, payload, request_id, client_ip, prev_hash]

serialized with ``json.dumps(..., ensure_ascii=False, separators=(",", ":"))`` and
encoded as UTF-8. ``created_at`` is UTC, ``YYYY-MM-DDTHH:MM:SS.ffffffZ``;
``payload`` is itself canonical JSON text (sorted keys, same separators);
``actor_user_id``, ``process_id`` and ``client_ip`` may be null; the other fields
are strings or, for ``seq``, an integer. ``hash`` is the hex SHA-256 of those
bytes, and ``prev_hash`` is the previous entry's ``hash`` (64 zeros for the first).
Exit status: 0 when the chain verifies, 1 when it does not, 2 on unreadable input.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64
FIELDS = (
    "seq", "created_at", "actor_user_id", "actor_username", "actor_entity", "actor_office",
    "actor_role", "delegator_username", "action", "object_type", "object_id", "object_repr",
    "process_id", "from_state", "to_state", "payload", "request_id", "client_ip", "prev_hash",
)  # fmt: skip

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_dumps_sorted = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode


def canonical_payload(payload: Any) -> str:
    return _dumps_sorted(payload)


def entry_hash(values: Sequence[Any]) -> str:
    """SHA-256 of the canonical form of ``values`` (in FIELDS order)."""
    return hashlib.sha256(_dumps(list(values)).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Problem:
    seq: int
    kind: str  # changed, missing, reordered, inserted
    detail: str

    def __str__(self) -> str:
        return f"entrada {self.seq}: {self.kind} — {self.detail}"


@dataclass(frozen=True)
class Result:
    count: int
    head: str
    problem: Problem | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def verify(
    rows: Iterable[tuple[Sequence[Any], str]],
    progress: Callable[[int], None] | None = None,
    every: int = 100_000,
    partial: bool = False,
) -> Result:
    """Verify rows of (values in FIELDS order, stored hash), in storage order.

    ``partial`` checks a filtered export: gaps are expected, each entry's hash is
    checked, and the link only where two consecutive entries are both present.

    Stops at the first problem and names it:
    - changed: the stored hash does not match the entry's content;
    - missing: a sequence number was skipped (an entry was deleted);
    - reordered: sequence numbers go backwards or repeat;
    - inserted: the entry's content is self-consistent but does not link to its
      predecessor (an entry was forged in between and re-hashed).
    """
    expected_seq, prev, count = 1, GENESIS, 0
    rows_iter = iter(rows)
    for values, stored in rows_iter:
        seq = values[0]
        if (partial and seq > expected_seq and count) or (partial and not count):
            expected_seq, prev = seq, values[-1]
        if seq < expected_seq:
            return Result(count, prev, Problem(seq, "reordered", f"se esperaba {expected_seq}"))
        if seq > expected_seq:
            return Result(count, prev, _gap(expected_seq, seq, rows_iter))
        if entry_hash(values) != stored:
            return Result(
                count, prev, Problem(seq, "changed", "el contenido no coincide con su hash")
            )
        if values[-1] != prev:
            return Result(
                count, prev, Problem(seq, "inserted", "no enlaza con la entrada anterior")
            )
        prev, expected_seq, count = stored, seq + 1, count + 1
        if progress is not None and count % every == 0:
            progress(count)
    return Result(count, prev, None)


def _gap(expected: int, found: int, rest: Iterable[tuple[Sequence[Any], str]]) -> Problem:
    """A number was skipped: it is elsewhere (reordered) or nowhere (missing)."""
    if any(values[0] == expected for values, _stored in rest):
        return Problem(expected, "reordered", f"aparece más adelante; en su lugar está la {found}")
    return Problem(expected, "missing", f"no existe; le sigue la {found}")


def _jsonl_rows(lines: Iterable[str]) -> Iterable[tuple[list[Any], str]]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            yield [record[name] for name in FIELDS], record["hash"]
        except (ValueError, KeyError) as exc:
            raise ValueError(f"línea {number}: {exc}") from exc


def check_checkpoints(
    rows: Iterable[tuple[Sequence[Any], str]], checkpoints: dict[int, str]
) -> Iterable[tuple[Sequence[Any], str]]:
    """Pass rows through, raising CheckpointMismatch where a published head differs."""
    for values, stored in rows:
        wanted = checkpoints.get(values[0])
        if wanted is not None and wanted != stored:
            raise CheckpointMismatch(
                Problem(values[0], "changed", "no coincide con el punto de control publicado")
            )
        yield values, stored


class CheckpointMismatch(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _parse_args(argv: list[str]) -> tuple[str, bool, dict[int, str]]:
    path, partial, checkpoints = "", False, {}
    args = iter(argv[1:])
    for arg in args:
        if arg == "--partial":
            partial = True
        elif arg == "--checkpoint":
            seq, _, head = next(args, "").partition(":")
            if not seq.isdigit() or len(head) != 64:
                raise ValueError("--checkpoint espera SEQ:HASH")
            checkpoints[int(seq)] = head
        elif not path:
            path = arg
        else:
            raise ValueError(f"argumento inesperado: {arg}")
    if not path:
        raise ValueError("falta el archivo de exportación")
    return path, partial, checkpoints


def main(argv: list[str]) -> int:
    try:
        path, partial, checkpoints = _parse_args(argv)
    except ValueError as exc:
        usage = "uso: python3 chain.py EXPORTACION.jsonl [--checkpoint SEQ:HASH] [--partial]"
        print(f"{usage} ({exc})", file=sys.stderr)
        return 2
    try:
        with open(path, encoding="utf-8") as handle:
            result = verify(check_checkpoints(_jsonl_rows(handle), checkpoints), partial=partial)
    except CheckpointMismatch as exc:
        print(f"CADENA NO VÁLIDA: {exc.problem}")
        return 1
    except (OSError, ValueError) as exc:
        print(f"no se pudo leer la exportación: {exc}", file=sys.stderr)
        return 2
    if result.problem is not None:
        print(f"CADENA NO VÁLIDA: {result.problem}")
        return 1
    print(f"cadena válida: {result.count} entradas, hash final {result.head}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
