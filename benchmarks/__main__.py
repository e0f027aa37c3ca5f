"""Run the benchmarks: ``python -m benchmarks [--only NAME] [--scale F] [--postgres URL]``.

Each run uses a fresh database (a temporary SQLite file, or a new PostgreSQL
database created on the server given by ``--postgres``), prints a table and merges
its figures into ``benchmarks/results.json``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from urllib.parse import urlsplit, urlunsplit

BENCHMARKS = ("audit", "documents", "merge", "inbox", "intake")
# The mail-merge run (real workers, ~15 min at full size) runs only when asked for with
# --only merge: on SQLite its workers still serialize on the write lock (see issue 5's note).
# The inbox run needs PostgreSQL (--postgres URL): a million tasks by generate_series.
# The intake load (gunicorn, 80 s) runs with --only intake --postgres URL.
DEFAULT = ("audit", "documents")


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
                        help="PostgreSQL server URL for the figures that need it")  # fmt: skip
    args = parser.parse_args()
    if args.table:
        from benchmarks.harness import markdown_table

        print(markdown_table())
        return 0
    var_dir = tempfile.mkdtemp(prefix="bench-")
    os.environ.update({"VAR_DIR": var_dir, "DJANGO_SETTINGS_MODULE": "benchmarks.settings"})
    os.environ.update({"CELERY_BROKER_URL": "memory://", "ALLOWED_HOSTS": "testserver"})
    database = _fresh_postgres(args.postgres) if args.postgres else ""
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
    from benchmarks.harness import print_table, write_results

    call_command("migrate", verbosity=0)
    selected = args.only or list(DEFAULT)
    figures = []
    started = time.monotonic()
    if "audit" in selected:
        figures += audit_bench.run(scale=args.scale)
    if "documents" in selected:
        figures += documents_bench.run(scale=args.scale)
    if "merge" in selected:
        figures += merge_bench.run(scale=args.scale)
    if "inbox" in selected:
        figures += inbox_bench.run(scale=args.scale)
    if "intake" in selected:
        figures += intake_bench.run(scale=args.scale)
    print_table(figures)
    context = {"database": connection.vendor, "scale": args.scale}
    write_results(figures, context)
    print(f"\n{len(figures)} figures in {time.monotonic() - started:.0f} s on {connection.vendor}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
