"""The auditor workspace: read-only, for auditors and observers only."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from audit.checkpoints import checkpoint_days, latest_checkpoint
from audit.context import acting_as
from audit.models import AuditCheckpoint, AuditEntry
from directory.demo import DEMO_USERS
from tests.audit.flows import AuditProbeFlow
from tests.utils import ROOT

pytestmark = pytest.mark.django_db
ALLOWED = {"auditoria", "observador"}
PAGES = ["/audit/", "/audit/entry/1/", "/audit/process/1/", "/audit/export/?format=csv"]


@pytest.fixture
def process_id(demo_users: dict[str, User]) -> int:
    with acting_as(user=demo_users["secretaria"]):
        return int(AuditProbeFlow.start.run().pk)


@pytest.mark.parametrize("username", sorted(d.username for d in DEMO_USERS))
def test_everyone_but_auditors_and_observers_gets_403(
    username: str, client: Client, demo_users: dict[str, User], process_id: int
) -> None:
    client.force_login(demo_users[username])
    expected = 200 if username in ALLOWED else 403
    for page in PAGES:
        assert client.get(page).status_code == expected, page


def test_anonymous_is_sent_to_login(client: Client) -> None:
    response = client.get("/audit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_workspace_is_read_only(client: Client, demo_users: dict[str, User]) -> None:
    client.force_login(demo_users["auditoria"])
    assert client.post("/audit/").status_code == 405
    assert client.post("/audit/export/?format=csv").status_code == 405


def test_filters_and_keyset_pages(
    client: Client, demo_users: dict[str, User], process_id: int
) -> None:
    client.force_login(demo_users["auditoria"])
    page = client.get("/audit/", {"process": process_id}).content.decode()
    assert "process.create" in page and "task.create" in page
    assert "role.create" not in page
    page = client.get("/audit/", {"user": "secretaria", "entity": "PCM"}).content.decode()
    assert "secretaria" in page
    newest = AuditEntry.objects.order_by("-seq").first()
    assert newest is not None
    older = client.get("/audit/", {"before": newest.seq}).context["entries"]
    assert older[0].seq == newest.seq - 1


def test_bad_filter_is_a_clear_400(client: Client, demo_users: dict[str, User]) -> None:
    client.force_login(demo_users["auditoria"])
    response = client.get("/audit/", {"since": "20/01/2014"})
    assert response.status_code == 400
    assert "Fecha no válida" in response.content.decode()


def test_first_page_uses_a_constant_number_of_queries(
    client: Client, demo_users: dict[str, User], chain: Callable[[int], None],
    django_assert_max_num_queries: Any,
) -> None:  # fmt: skip
    client.force_login(demo_users["auditoria"])
    client.get("/audit/")  # warm the session and permission caches
    chain(5)
    with django_assert_max_num_queries(100) as few:
        client.get("/audit/")
    chain(200)
    with django_assert_max_num_queries(100) as many:
        client.get("/audit/")
    assert len(many.captured_queries) == len(few.captured_queries)


def test_timeline_and_entry_detail(
    client: Client, demo_users: dict[str, User], process_id: int
) -> None:
    client.force_login(demo_users["observador"])
    timeline = client.get(f"/audit/process/{process_id}/")
    seqs = [e.seq for e in timeline.context["entries"]]
    assert seqs == sorted(seqs) and len(seqs) >= 3
    entry = AuditEntry.objects.get(
        process_id=process_id, action="task.create", object_repr__contains="Review"
    )
    detail = client.get(f"/audit/entry/{entry.seq}/").content.decode()
    assert entry.hash in detail and entry.prev_hash in detail
    assert client.get("/audit/process/999999/").status_code == 404


def test_export_of_a_filtered_set_verifies_offline(
    client: Client, demo_users: dict[str, User], process_id: int, tmp_path: Path
) -> None:
    client.force_login(demo_users["auditoria"])
    response = client.get("/audit/export/", {"format": "jsonl", "process": str(process_id)})
    assert response["Content-Disposition"].startswith('attachment; filename="auditoria-')
    body = response.getvalue().decode()
    records = [json.loads(line) for line in body.splitlines()]
    assert {r["process_id"] for r in records} == {process_id}
    path = tmp_path / "proceso.jsonl"
    path.write_text(body, encoding="utf-8")
    verifier = [sys.executable, "-I", str(ROOT / "audit" / "chain.py")]
    result = subprocess.run([*verifier, str(path), "--partial"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    csv_body = client.get("/audit/export/", {"format": "csv"}).getvalue().decode()
    assert csv_body.splitlines()[0].startswith("seq,created_at,actor_user_id")
    assert client.get("/audit/export/", {"format": "xml"}).status_code == 400


def test_daily_checkpoints_are_published(client: Client, chain: Callable[[int], None]) -> None:
    chain(3)
    today = timezone.localdate()
    assert checkpoint_days(today=today) == []  # the day is not over yet
    made = checkpoint_days(today=today + timedelta(days=1))
    head = AuditEntry.objects.order_by("-seq").first()
    assert head is not None
    assert [(c.day, c.seq, c.hash) for c in made] == [(today, head.seq, head.hash)]
    assert checkpoint_days(today=today + timedelta(days=1)) == []
    assert latest_checkpoint() == made[0]
    page = client.get("/transparencia/auditoria")
    assert page.status_code == 200
    assert head.hash in page.content.decode()


def test_public_page_without_checkpoints(client: Client) -> None:
    page = client.get("/transparencia/auditoria").content.decode()
    assert "Aún no se ha publicado ningún punto de control." in page
    assert AuditCheckpoint.objects.count() == 0
