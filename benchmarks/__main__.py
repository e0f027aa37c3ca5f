"""Run the benchmarks: ``python -m benchmarks [--only NAME] [--scale F] [--postgres URL]``.

Every benchmark runs by default, each with its baseline, on a fresh PostgreSQL database:
on the server given by ``--postgres`` (or BENCH_POSTGRES_URL), else on a throwaway
cluster started for the run, next to a throwaway Redis (``benchmarks/servers.py``).
``--sqlite`` runs on a temporary SQLite file instead (the PostgreSQL-only figures are then
skipped). The run prints a table and merges its figures into ``benchmarks/results.json``
after each benchmark.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
import uuid
from urllib.parse import urlsplit, urlunsplit

from benchmarks.servers import throwaway_postgres, throwaway_redis

BENCHMARKS = ("audit", "documents", "merge", "inbox", "intake")
# All of them; inbox (a million tasks by generate_series) and intake (gunicorn + Redis)
# need PostgreSQL and are skipped on --sqlite.
DEFAULT = BENCHMARKS


def _fresh_postgres(url: str) -> str:
    import psycopg

    parts = urlsplit(url)
    name = f"bench_{uuid.uuid4().hex[:8]}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def _drop_postgres(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--only", action="append", choices=BENCHMARKS)
    parser.add_argument("--table", action="store_true", help="print the README table and exit")
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full sizes")
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL", ""),
                        help="PostgreSQL server URL (default: a throwaway cluster)")  # fmt: skip
    parser.add_argument("--sqlite", action="store_true",
                        help="run on a temporary SQLite file, start no servers")  # fmt: skip
    args = parser.parse_args()
    if args.table:
        from benchmarks.harness import markdown_table

        print(markdown_table())
        return 0
    var_dir = tempfile.mkdtemp(prefix="bench-")
    os.environ.update({"VAR_DIR": var_dir, "DJANGO_SETTINGS_MODULE": "benchmarks.settings"})
    os.environ.update({"CELERY_BROKER_URL": "memory://", "ALLOWED_HOSTS": "testserver"})
    with contextlib.ExitStack() as servers:
        server = "" if args.sqlite else args.postgres
        if not args.sqlite and not server:
            server = servers.enter_context(throwaway_postgres()) or ""
        if server and not os.environ.get("BENCH_REDIS_URL"):
            redis = servers.enter_context(throwaway_redis())
            if redis:
                os.environ["BENCH_REDIS_URL"] = f"{redis}/13"
        database = _fresh_postgres(server) if server else ""
        os.environ["DATABASE_URL"] = database or f"sqlite:///{var_dir}/bench.sqlite3"
        try:
            return _run(args)
        finally:
            if database:
                from django.db import connections

                connections.close_all()
                _drop_postgres(database)


def _run(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from benchmarks import (
        audit_bench,
        documents_bench,
        inbox_bench,
        intake_bench,
        merge_bench,
    )
    from benchmarks.harness import Figure, print_table, write_results

    call_command("migrate", verbosity=0)
    redis = os.environ.get("BENCH_REDIS_URL", "")
    if redis and hasattr(merge_bench, "REDIS_URL"):  # the merge's workers use the same Redis
        merge_bench.REDIS_URL = redis.rsplit("/", 1)[0] + "/15"
    selected = [name for name in BENCHMARKS if name in (args.only or DEFAULT)]
    runners = {
        "audit": audit_bench.run, "documents": documents_bench.run, "merge": merge_bench.run,
        "inbox": inbox_bench.run, "intake": intake_bench.run,
    }  # fmt: skip
    figures: list[Figure] = []
    started = time.monotonic()
    context = {"database": connection.vendor, "scale": args.scale}
    for name in selected:
        print(f"\n[{_clock(started)}] {name}: started (scale {args.scale:g}, load average "
              f"{os.getloadavg()[0]:.1f})", flush=True)  # fmt: skip
        phase = time.monotonic()
        produced = runners[name](scale=args.scale)
        write_results(produced, context)  # kept even if a later benchmark fails
        figures += produced
        print(f"[{_clock(started)}] {name}: {len(produced)} figures in "
              f"{time.monotonic() - phase:.0f} s", flush=True)  # fmt: skip
    print()
    print_table(figures)
    print(f"\n{len(figures)} figures in {_clock(started)} on {connection.vendor}, load average "
          f"{os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)")  # fmt: skip
    return 0


def _clock(started: float) -> str:
    seconds = int(time.monotonic() - started)
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


if __name__ == "__main__":
    sys.exit(main())
