"""Drill: PostgreSQL stops in the middle of a workflow transition.

The drill's own cluster (never the shared one) holds a copy of the test database with
an oficio waiting for its signature. The signer submits; the drill holds the audit
chain's lock, so the signing transaction stops half-way (number taken, document
rendered, converted, signed and its files written, audit entry not yet) and PostgreSQL
is stopped right then. The request must fail cleanly (503, Spanish, no traceback),
leave nothing behind, and the same submission must work once PostgreSQL is back.
"""

from __future__ import annotations

import os
import subprocess
import threading
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.contrib.auth.models import User

from audit.services import _CHAIN_LOCK_KEY
from tests.correspondence.conftest import PASSWORD
from tests.drills.conftest import (
    OwnPostgres,
    Response,
    Session,
    drill_env,
    execute_path,
    oficio_at,
    start_web,
    wait_for,
)
from tests.server.conftest import database_url
from tests.utils import ROOT, python

pytestmark = [pytest.mark.drill, pytest.mark.server, pytest.mark.django_db(transaction=True)]

UNAVAILABLE = "Servicio no disponible por el momento"


def _copy_test_database(cluster: OwnPostgres, dump: Path) -> str:
    source = psycopg.conninfo.conninfo_to_dict(database_url())
    env = {**os.environ, "PGPASSWORD": str(source.get("password", ""))}
    subprocess.run(
        ["pg_dump", "--no-owner", "--no-privileges", "-Fc", "-f", str(dump),
         "-h", str(source["host"]), "-p", str(source.get("port", 5432)),
         "-U", str(source["user"]), str(source["dbname"])],
        env=env, check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    target = cluster.url("drill")
    with psycopg.connect(cluster.url("postgres"), autocommit=True) as conn:
        conn.execute("CREATE DATABASE drill")
    subprocess.run(
        ["pg_restore", "--no-owner", "--no-privileges", "-d", target, str(dump)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return target


def _state(url: str, task_id: int) -> dict[str, Any]:
    """What a transition could have half-written, read straight from the tables."""
    with psycopg.connect(url) as conn:

        def one(sql: str) -> Any:
            row = conn.execute(sql).fetchone()
            return row[0] if row else None

        return {
            "oficio": one("SELECT state || ' ' || number FROM correspondence_oficio"),
            "task": one(f"SELECT status FROM viewflow_task WHERE id = {task_id}"),
            "counter": one("SELECT coalesce(max(last), 0) FROM correspondence_numbercounter"),
            "documents": one("SELECT count(*) FROM documents_generateddocument"),
            "dispatches": one("SELECT count(*) FROM correspondence_dispatch"),
            "jobs": one("SELECT count(*) FROM core_job"),
            "audit": one("SELECT count(*) FROM audit_auditentry"),
        }


def _written_files() -> list[Path]:
    return [p for p in (Path(settings.MEDIA_ROOT) / "documentos").rglob("*") if p.is_file()]


def test_postgres_stopped_mid_transition_leaves_nothing_and_the_flow_resumes(
    pki: dict[str, User], templates: None, tmp_path: Path, own_postgres: OwnPostgres
) -> None:
    task = oficio_at(pki, "sign")
    signer = Session("", pki["firmante"])  # its session row is copied with the database
    url = _copy_test_database(own_postgres, tmp_path / "dump")
    web, base = start_web(tmp_path, drill_env(tmp_path, DATABASE_URL=url), threads=2)
    signer.base = base
    path = execute_path(task)
    data = {"position": "Secretario General", "password": PASSWORD}
    token = signer.csrf(path)
    before = _state(url, task.pk)
    assert before["oficio"] == "para_despacho " and before["counter"] == 0

    holder = psycopg.connect(url, autocommit=True)
    holder.execute("SELECT pg_advisory_lock(%s)", [_CHAIN_LOCK_KEY])
    outcome: list[Response] = []
    request = threading.Thread(target=lambda: outcome.append(signer.post(path, data, token)))
    request.start()

    def signing_waits_for_the_audit_lock() -> bool:
        row = holder.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND wait_event = 'advisory' AND pid <> pg_backend_pid()"
        ).fetchone()
        return bool(row and row[0])

    wait_for(signing_waits_for_the_audit_lock, 120, what="the signing transaction to block")
    assert len(_written_files()) == 3  # .docx, .pdf and signed .pdf: half-way indeed
    own_postgres.stop("fast")  # the holder's connection goes with it
    request.join(timeout=60)
    assert outcome, "the request did not come back"
    failed = outcome[0]
    try:
        assert failed.status == 503, failed.text[:2000]
        assert UNAVAILABLE in failed.text and "Traceback" not in failed.text
        assert failed.headers.get("retry-after") == "30"
        # While it is down every page says the same, in Spanish.
        down = signer.get("/workflow/inbox/")
        assert down.status == 503 and UNAVAILABLE in down.text
    finally:
        own_postgres.start()
    assert _state(url, task.pk) == before  # no number, document, dispatch, job or entry
    assert _written_files() == []  # the files of the failed signature were removed

    # The same submission, once PostgreSQL is back, goes through.
    retried = signer.post(path, data, token)
    web.stop()
    assert retried.status == 302, retried.text[:2000]
    after = _state(url, task.pk)
    assert after["oficio"].startswith("emitido OFICIO MÚLTIPLE N° 0001-")
    assert (after["task"], after["counter"], after["documents"], after["dispatches"]) == (
        "DONE", 1, 1, 2,
    )  # fmt: skip
    verified = subprocess.run(
        [python(), "manage.py", "verify_audit"], cwd=ROOT, capture_output=True, text=True,
        env=drill_env(tmp_path, DATABASE_URL=url), timeout=120, check=False,
    )  # fmt: skip
    assert verified.returncode == 0, verified.stdout + verified.stderr
