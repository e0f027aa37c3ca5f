"""The audit log on PostgreSQL: triggers, tamper detection, and concurrent writers."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from audit.models import AuditEntry
from audit.verification import verify_database
from tests.audit.test_canonical import (  # noqa: F401 (collected here as server tests)
    test_the_database_renders_the_same_line,
)
from tests.audit.test_chain import (  # noqa: F401 (collected here as server tests)
    test_a_rolled_back_change_leaves_no_entry,
    test_an_inserted_entry_is_detected,
    test_tampering_is_detected_by_both_verifiers,
    test_the_triggers_refuse_update_and_delete,
)
from tests.server.conftest import run_at_once

pytestmark = [pytest.mark.server, pytest.mark.django_db]

WRITER = textwrap.dedent(
    """
    import os, sys, time, django
    django.setup()
    from django.db import transaction
    from audit.services import audit_record
    go = sys.argv[1]
    open(f"{go}.ready.{os.getpid()}", "w").close()
    while not os.path.exists(go):
        time.sleep(0.01)
    for number in range(int(sys.argv[2])):
        with transaction.atomic():
            audit_record(action="oficio.emitir", object_type="oficio",
                         object_id=f"{os.getpid()}-{number}")
    """
)


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_produce_one_linear_chain(tmp_path: Path) -> None:
    writers, each = 6, 40
    run_at_once(WRITER, [[str(each)] for _ in range(writers)], tmp_path)
    seqs = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, writers * each + 1))
    pids = {e.split("-")[0] for e in AuditEntry.objects.values_list("object_id", flat=True)}
    assert len(pids) == writers
    result = verify_database()
    assert result.ok and result.count == writers * each


@pytest.mark.django_db(transaction=True)
def test_an_audited_change_outside_a_transaction_is_refused() -> None:
    from django.contrib.auth.models import Group

    from audit.services import audit_record

    with pytest.raises(RuntimeError, match="must run inside the change's transaction"):
        audit_record(action="x", object_type="t")
    with pytest.raises(RuntimeError):
        Group.objects.create(name="Sin transacción")  # its role.create entry cannot be written
    assert not AuditEntry.objects.filter(action="x").exists()
