"""The chain verifies, and every kind of tampering is caught by both verifiers."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from io import StringIO
from itertools import pairwise
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, connection, transaction

from audit.chain import GENESIS
from audit.exports import write_export
from audit.models import AuditEntry
from audit.selectors import AuditFilter
from audit.verification import verify_database
from tests.utils import ROOT

pytestmark = pytest.mark.django_db
TABLE = "audit_auditentry"


def standalone(path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """The external auditor's verifier: one stdlib-only file, outside Django."""
    return subprocess.run(
        [sys.executable, "-I", str(ROOT / "audit" / "chain.py"), str(path), *extra],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def export_to(tmp_path: Path) -> Path:
    path = tmp_path / "export.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        write_export(handle, "jsonl", AuditFilter())
    return path


def verify_command() -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=StringIO())
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue()
    return 0, out.getvalue()


def sql(statement: str, params: tuple[int | str, ...] = ()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_a_fresh_chain_verifies_in_both_verifiers(
    chain: Callable[[int], None], tmp_path: Path
) -> None:
    chain(5)
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in pairwise(entries))
    code, out = verify_command()
    assert code == 0
    assert out.strip() == f"cadena válida: 5 entradas, hash final {entries[-1].hash}"
    result = standalone(export_to(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"5 entradas, hash final {entries[-1].hash}" in result.stdout


def test_values_with_markup_and_accents_survive(chain: Callable[[int], None]) -> None:
    chain(1)
    entry = AuditEntry.objects.get()
    assert entry.object_repr == "OFICIO N° 0000-2014-PCM/SGP — «Año» & <prueba>"
    assert verify_database().ok


def test_a_rolled_back_change_leaves_no_entry(db: None) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        Group.objects.create(name="Rol efímero")  # audited: role.create
        assert AuditEntry.objects.filter(action="role.create").exists()
        raise RuntimeError("the change fails after its entry was written")
    assert not Group.objects.filter(name="Rol efímero").exists()
    assert not AuditEntry.objects.filter(action="role.create").exists()


def test_a_failure_to_write_the_entry_fails_the_change(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(values: object) -> str:
        raise OSError("disk full")

    monkeypatch.setattr("audit.services.entry_hash", broken)
    with pytest.raises(OSError, match="disk full"), transaction.atomic():
        Group.objects.create(name="Rol sin auditoría")
    assert not Group.objects.filter(name="Rol sin auditoría").exists()


def test_the_triggers_refuse_update_and_delete(chain: Callable[[int], None]) -> None:
    chain(2)
    for statement in (f"UPDATE {TABLE} SET action = 'x'", f"DELETE FROM {TABLE} WHERE seq = 1"):
        with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic():
            sql(statement)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(seq=2).update(action="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(seq=2).delete()
    assert AuditEntry.objects.count() == 2
    assert verify_database().ok


SWAP_3_AND_4 = [  # unique(seq) refuses a direct swap
    f"UPDATE {TABLE} SET seq = -3 WHERE seq = 3",
    f"UPDATE {TABLE} SET seq = 3 WHERE seq = 4",
    f"UPDATE {TABLE} SET seq = 4 WHERE seq = -3",
]
TAMPERING = {
    "changed": ([f"UPDATE {TABLE} SET to_state = 'cancelado' WHERE seq = 3"], "entrada 3: changed"),
    "deleted": ([f"DELETE FROM {TABLE} WHERE seq = 3"], "entrada 3: missing"),
    # Storage order then reads 1, 2, 4, 3.
    "reordered": (SWAP_3_AND_4, "entrada 3: reordered"),
}


@pytest.mark.parametrize("kind", sorted(TAMPERING))
def test_tampering_is_detected_by_both_verifiers(
    kind: str, chain: Callable[[int], None], no_triggers: None, tmp_path: Path
) -> None:
    chain(6)
    statements, expected = TAMPERING[kind]
    for statement in statements:
        sql(statement)
    code, out = verify_command()
    assert code == 1
    assert out.startswith("CADENA NO VÁLIDA: ")
    assert expected in out
    result = standalone(export_to(tmp_path))
    assert result.returncode == 1
    assert result.stdout.startswith("CADENA NO VÁLIDA: entrada ")


def test_an_inserted_entry_is_detected(
    chain: Callable[[int], None], no_triggers: None, tmp_path: Path
) -> None:
    from audit.chain import GENESIS, entry_hash
    from audit.services import entry_values

    chain(4)
    # A forged entry, well numbered and self-consistent, that does not link to the chain.
    forged = AuditEntry.objects.get(seq=4)
    forged.pk, forged.seq, forged.hash = None, 5, ""
    forged.object_repr, forged.prev_hash = "OFICIO N° 9999-2014-PCM/SGP", GENESIS
    forged.hash = entry_hash(entry_values(forged))
    sql(
        f"INSERT INTO {TABLE} (seq, created_at, actor_username, actor_entity, actor_office,"
        " actor_role, delegator_username, action, object_type, object_id, object_repr, from_state,"
        " to_state, payload, request_id, prev_hash, hash) SELECT 5, created_at, actor_username,"
        " actor_entity, actor_office, actor_role, delegator_username, action, object_type,"
        " object_id, %s, from_state, to_state, payload, request_id, %s, %s"
        f" FROM {TABLE} WHERE seq = 4",
        (forged.object_repr, GENESIS, forged.hash),
    )
    result = verify_database()
    assert result.problem is not None
    assert (result.problem.seq, result.problem.kind) == (5, "inserted")
    code, out = verify_command()
    assert code == 1 and "entrada 5: inserted" in out
    assert "entrada 5: inserted" in standalone(export_to(tmp_path)).stdout


@pytest.mark.parametrize("seq", [1, 6])
def test_the_first_and_last_entries_are_protected_too(
    seq: int, chain: Callable[[int], None], no_triggers: None, tmp_path: Path
) -> None:
    chain(6)
    sql(f"UPDATE {TABLE} SET actor_username = 'otro' WHERE seq = %s", (seq,))
    problem = verify_database().problem
    assert problem is not None and (problem.seq, problem.kind) == (seq, "changed")
    assert standalone(export_to(tmp_path)).returncode == 1


def test_a_fully_rehashed_rewrite_is_caught_by_a_published_checkpoint(
    chain: Callable[[int], None], no_triggers: None, tmp_path: Path
) -> None:
    from audit.chain import entry_hash
    from audit.models import AuditCheckpoint
    from audit.services import entry_values

    chain(5)
    head = AuditEntry.objects.get(seq=5)
    AuditCheckpoint.objects.create(day="2014-01-20", seq=5, hash=head.hash)
    published = f"5:{head.hash}"
    # The attacker changes entry 2 and recomputes every hash after it.
    prev = AuditEntry.objects.get(seq=1).hash
    for entry in AuditEntry.objects.filter(seq__gte=2).order_by("seq"):
        if entry.seq == 2:
            entry.to_state = "anulado"
        entry.prev_hash = prev
        entry.hash = entry_hash(entry_values(entry))
        sql(f"UPDATE {TABLE} SET to_state = %s, prev_hash = %s, hash = %s WHERE id = %s",
            (entry.to_state, entry.prev_hash, entry.hash, entry.pk))  # fmt: skip
        prev = entry.hash
    path = export_to(tmp_path)
    assert standalone(path).returncode == 0  # internally consistent…
    result = standalone(path, "--checkpoint", published)
    assert result.returncode == 1  # …but not what was published
    assert "punto de control" in result.stdout
    code, out = verify_command()
    assert code == 1 and "punto de control del 2014-01-20" in out


def test_progress_is_shown_on_long_runs(chain: Callable[[int], None]) -> None:
    chain(5)
    err = StringIO()
    call_command("verify_audit", "--progress-every", "2", stdout=StringIO(), stderr=err)
    assert "2/5 entradas (40 %" in err.getvalue()
    assert "4/5 entradas (80 %" in err.getvalue()


def test_standalone_verifier_reports_unreadable_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    result = standalone(bad)
    assert result.returncode == 2
    assert "no se pudo leer" in result.stderr
