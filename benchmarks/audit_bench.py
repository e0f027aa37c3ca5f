"""Audit log: chain verification speed and the workspace's first page at scale."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django.contrib.auth.models import Permission, User
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from audit.chain import FIELDS, GENESIS, canonical_payload, entry_hash
from audit.verification import stored_records, verify_database
from benchmarks.harness import Figure, p95, timed

FULL = 1_000_000
ACTIONS = ("task.create", "task.assign", "task.complete", "oficio.emitir", "dispatch.recibir")


def _rows(count: int) -> Any:
    """Synthetic but well-formed entries: a valid chain over varied actors."""
    prev = GENESIS
    start = datetime(2014, 1, 6, 13, 0, tzinfo=UTC)
    for seq in range(1, count + 1):
        created = (start + timedelta(seconds=seq * 7)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        user = seq % 50
        values = [
            seq, created, user + 1, f"usuario{user:02d}", f"ENT{seq % 100:03d}", "SGP",
            "Secretaría Técnica", "", ACTIONS[seq % 5], "task", str(seq), f"Tarea {seq}",
            seq // 20 + 1, "NEW", "ASSIGNED", canonical_payload({"node": "review", "n": seq}),
            "", "10.0.0.1", prev,
        ]  # fmt: skip
        prev = entry_hash(values)
        yield values, prev


def populate(count: int) -> None:
    columns = (*FIELDS, "hash")
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY audit_auditentry ({', '.join(columns)}) FROM STDIN") as copy:
                for values, digest in _rows(count):
                    copy.write_row([*values, digest])
            cursor.execute("ANALYZE audit_auditentry")
        return
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO audit_auditentry ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608
    batch: list[list[Any]] = []
    with transaction.atomic(), connection.cursor() as cursor:
        for values, digest in _rows(count):
            row = [*values, digest]
            row[1] = row[1].replace("T", " ").rstrip("Z")  # Django's SQLite storage format
            batch.append(row)
            if len(batch) == 10_000:
                cursor.executemany(sql, batch)
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)


def _read_only() -> int:
    return sum(1 for _ in stored_records())


def _page_times(client: Client, path: str, runs: int) -> tuple[float, int]:
    client.get(path)
    samples = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            seconds, response = timed(lambda: client.get(path))
        assert response.status_code == 200, response.status_code
        samples.append(seconds * 1000)
    return p95(samples), len(queries.captured_queries)


def run(*, scale: float) -> list[Figure]:
    count = max(1000, int(FULL * scale))
    print(f"audit: writing {count:,} chained entries…", flush=True)
    populate(count)
    db = connection.vendor
    figures = []
    seconds, result = timed(verify_database)
    assert result.ok and result.count == count, result
    read_seconds, _ = timed(_read_only)
    figures.append(Figure(
        f"audit: verify {count:,} entries ({db})", count / seconds, "/s",
        "read the same lines without hashing", count / read_seconds,
        target="≥ 250,000/s on one core",
    ))  # fmt: skip
    user = User.objects.create_user("bench-auditor")
    user.user_permissions.add(Permission.objects.get(codename="view_auditentry"))
    client = Client()
    client.force_login(user)
    baseline, _ = _page_times(client, "/accounts/login/", 30)
    pages = {"no filter": "", "by process": "?process=777", "by entity": "?entity=ENT042",
             "by user": "?user=usuario07"}  # fmt: skip
    for label, query in pages.items():
        ms, queries = _page_times(client, f"/audit/{query}", 50)
        name = f"audit: workspace first page, {label}, p95 ({db})"
        figures.append(Figure(
            name, ms, "ms", "login page p95", baseline,
            target="< 50 ms", detail=f"{queries} queries at {count:,} entries",
        ))  # fmt: skip
    return figures
