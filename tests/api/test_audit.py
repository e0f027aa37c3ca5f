"""The audit log through the API: auditors and observers list, filter, page, export and
verify it; a changed entry is reported."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.db import connection

from audit.models import AuditEntry
from tests.api.conftest import api_client, body

pytestmark = pytest.mark.django_db


def test_list_filter_page_and_export(demo_users: dict[str, User],
                                     chain: Callable[[int], None]) -> None:  # fmt: skip
    chain(60)
    auditor = api_client(demo_users["auditoria"])
    first = body(auditor.get("/api/v1/audit/entries/", {"action": "oficio.emitir"}))
    assert len(first["results"]) == 50 and first["next_before"] is not None
    seqs = [entry["seq"] for entry in first["results"]]
    assert seqs == sorted(seqs, reverse=True)  # newest first
    second = body(auditor.get("/api/v1/audit/entries/",
                              {"action": "oficio.emitir", "before": first["next_before"]}))  # fmt: skip
    assert len(second["results"]) == 10 and second["next_before"] is None
    entry = body(auditor.get(f"/api/v1/audit/entries/{seqs[0]}/"))
    assert entry["object_repr"].endswith("«Año» & <prueba>") and len(entry["hash"]) == 64
    assert auditor.get("/api/v1/audit/entries/99999999/").status_code == 404

    bad = auditor.get("/api/v1/audit/entries/", {"since": "ayer"})
    assert bad.status_code == 400 and "since" in body(bad)["detail"]
    assert "AAAA-MM-DD" in body(bad)["detail"] or "YYYY-MM-DD" in body(bad)["detail"]

    export = auditor.get("/api/v1/audit/export/", {"action": "oficio.emitir", "format": "jsonl"},
                         HTTP_ACCEPT="application/x-ndjson")  # fmt: skip
    assert export["Content-Type"].startswith("application/x-ndjson")
    lines = b"".join(export.streaming_content).decode().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 60 and json.loads(lines[0])["action"] == "oficio.emitir"
    wrong = auditor.get("/api/v1/audit/export/", {"format": "xml"})
    assert (wrong.status_code, body(wrong)["detail"]) == (
        400,
        "Formato no válido: use jsonl o csv.",
    )

    observer = api_client(demo_users["observador"])
    assert observer.get("/api/v1/audit/entries/").status_code == 200
    refused = api_client(demo_users["secretaria"]).get("/api/v1/audit/entries/")
    assert (refused.status_code, body(refused)["detail"]) == (
        403, "Usted no tiene permiso para realizar esta acción.")  # fmt: skip


def test_verify_reports_a_changed_entry(demo_users: dict[str, User],
                                        chain: Callable[[int], None], no_triggers: None) -> None:  # fmt: skip
    chain(5)
    auditor = api_client(demo_users["auditoria"])
    valid = body(auditor.get("/api/v1/audit/verify/"))
    head = AuditEntry.objects.order_by("-seq").first()
    assert head is not None
    assert valid == {"ok": True, "count": AuditEntry.objects.count(), "head": head.hash,
                     "problem": None}  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET to_state = 'anulado' WHERE seq = %s",
                       [head.seq - 2])  # fmt: skip
    broken = body(auditor.get("/api/v1/audit/verify/"))
    assert broken["ok"] is False and f"entrada {head.seq - 2}" in broken["problem"]
