"""Verify the chain stored in the database, fast enough for millions of entries."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from django.db import connection

from audit.chain import FIELDS, Problem, Result, verify
from audit.models import AuditCheckpoint, AuditEntry

CHUNK = 5000


def _time_text(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    # SQLite hands back the stored text, UTC, without ".000000" on whole seconds.
    text = str(value).replace(" ", "T")
    return (text if "." in text else text + ".000000") + "Z"


def stored_rows(where: str = "", params: tuple[Any, ...] = ()) -> Iterator[tuple[list[Any], str]]:
    """Entries in storage (primary-key) order, as (values in FIELDS order, hash).

    Storage order, not seq order: swapping two entries' numbers must show up as
    numbers going backwards.
    """
    table = AuditEntry._meta.db_table
    columns = ", ".join(FIELDS)
    sql = f"SELECT {columns}, hash FROM {table} {where} ORDER BY id"  # noqa: S608 (constants)
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(CHUNK):
            for row in batch:
                values = list(row[:-1])
                values[1] = _time_text(values[1])
                if values[17] is not None:
                    values[17] = str(values[17])
                yield values, row[-1]


def verify_database(progress: Callable[[int], None] | None = None, every: int = 100_000) -> Result:
    """Recompute the whole chain, then compare it with the published checkpoints."""
    result = verify(stored_rows(), progress=progress, every=every)
    if not result.ok:
        return result
    for checkpoint in AuditCheckpoint.objects.order_by("day"):
        stored = (
            AuditEntry.objects.filter(seq=checkpoint.seq).values_list("hash", flat=True).first()
        )
        if stored != checkpoint.hash:
            problem = Problem(
                checkpoint.seq,
                "changed",
                f"no coincide con el punto de control del {checkpoint.day}",
            )
            return Result(result.count, result.head, problem)
    return result
