#!/usr/bin/env python3
r"""The audit chain: canonical form, hashing and verification.

Standard library only, so that this one file is also the standalone verifier an
external auditor runs on an export, without the application:

    python3 audit/chain.py export.jsonl [--checkpoint SEQ:HASH ...] [--partial]

``--checkpoint`` takes a head published on /transparencia/auditoria (or printed on
a document): history rewritten after it shows even if every hash was recomputed.

Canonical form of an entry (see README, "Audit log"): one line of text, UTF-8, the
fields below in this order separated by TAB characters:

    seq, created_at, actor_user_id, actor_username, actor_entity, actor_office,
    actor_role, delegator_username, action, object_type, object_id, object_repr,
    process_id, from_state, to_state, payload, request_id, client_ip, prev_hash

Each field is its text (integers in decimal; ``created_at`` in UTC as
``YYYY-MM-DDTHH:MM:SS.ffffffZ``; ``payload`` is canonical JSON text,
``json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))``),
with backslash, backspace, form feed, newline, carriage return, tab and vertical
tab written as ``\\``, ``\b``, ``\f``, ``\n``, ``\r``, ``\t`` and ``\v``;
a null value is written ``\N``. That is PostgreSQL's COPY text format,
so the database can hand the verifier each line ready to hash. ``hash`` is the hex
SHA-256 of the line, and ``prev_hash`` the previous entry's ``hash`` (64 zeros for
the first).

Exit status: 0 when the chain verifies, 1 when it does not, 2 on unreadable input.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64
FIELDS = (
    "seq", "created_at", "actor_user_id", "actor_username", "actor_entity", "actor_office",
    "actor_role", "delegator_username", "action", "object_type", "object_id", "object_repr",
    "process_id", "from_state", "to_state", "payload", "request_id", "client_ip", "prev_hash",
)  # fmt: skip

_dumps_sorted = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode
_ESCAPES = str.maketrans(
    {"\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}
)


def _field(value: Any) -> str:
    if value is None:
        return "\\N"
    if type(value) is int:
        return str(value)
    return str(value).translate(_ESCAPES)


def canonical(values: Sequence[Any]) -> bytes:
    """The line that is hashed, for values in FIELDS order."""
    return "\t".join(map(_field, values)).encode("utf-8")


def canonical_payload(payload: Any) -> str:
    return _dumps_sorted(payload)


def entry_hash(values: Sequence[Any]) -> str:
    """SHA-256 of the canonical form of ``values`` (in FIELDS order)."""
    return hashlib.sha256(canonical(values)).hexdigest()


# A record to verify: (seq, prev_hash, canonical line, stored hash).
Record = tuple[int, str, bytes, str]


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
    records: Iterable[Record],
    progress: Callable[[int], None] | None = None,
    every: int = 100_000,
    partial: bool = False,
) -> Result:
    """Verify records in storage order; stop at the first problem and name it.

    - changed: the stored hash does not match the entry's content;
    - missing: a sequence number was skipped and is nowhere (an entry was deleted);
    - reordered: a number is out of its place (it appears later, or goes backwards);
    - inserted: the entry is self-consistent but does not link to its predecessor
      (an entry was forged in between and re-hashed).

    ``partial`` checks a filtered export: gaps are expected, each entry's hash is
    checked, and the link only where two consecutive entries are both present.
    """
    expected_seq, prev, count = 1, GENESIS, 0
    records = iter(records)
    sha256 = hashlib.sha256
    for seq, prev_hash, line, stored in records:
        if partial and (seq > expected_seq or not count):
            expected_seq, prev = seq, prev_hash
        if seq < expected_seq:
            return Result(count, prev, Problem(seq, "reordered", f"se esperaba {expected_seq}"))
        if seq > expected_seq:
            return Result(count, prev, _gap(expected_seq, seq, records))
        if sha256(line).hexdigest() != stored:
            return Result(
                count, prev, Problem(seq, "changed", "el contenido no coincide con su hash")
            )
        if prev_hash != prev:
            return Result(
                count, prev, Problem(seq, "inserted", "no enlaza con la entrada anterior")
            )
        prev, expected_seq, count = stored, seq + 1, count + 1
        if progress is not None and count % every == 0:
            progress(count)
    return Result(count, prev, None)


def _gap(expected: int, found: int, rest: Iterable[Record]) -> Problem:
    """A number was skipped: it is elsewhere (reordered) or nowhere (missing)."""
    if any(record[0] == expected for record in rest):
        return Problem(expected, "reordered", f"aparece más adelante; en su lugar está la {found}")
    return Problem(expected, "missing", f"no existe; le sigue la {found}")


def records_from_values(rows: Iterable[tuple[Sequence[Any], str]]) -> Iterator[Record]:
    """(values in FIELDS order, stored hash) → records, canonical line computed here."""
    for values, stored in rows:
        yield values[0], values[-1], canonical(values), stored


def _jsonl_rows(lines: Iterable[str]) -> Iterator[tuple[list[Any], str]]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            yield [record[name] for name in FIELDS], record["hash"]
        except (ValueError, KeyError) as exc:
            raise ValueError(f"línea {number}: {exc}") from exc


def check_checkpoints(records: Iterable[Record], checkpoints: dict[int, str]) -> Iterator[Record]:
    """Pass records through, raising CheckpointMismatch where a published head differs."""
    for record in records:
        wanted = checkpoints.get(record[0])
        if wanted is not None and wanted != record[3]:
            problem = Problem(record[0], "changed", "no coincide con el punto de control publicado")
            raise CheckpointMismatch(problem)
        yield record


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
            records = records_from_values(_jsonl_rows(handle))
            result = verify(check_checkpoints(records, checkpoints), partial=partial)
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
