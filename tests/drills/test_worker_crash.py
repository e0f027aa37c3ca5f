"""Drill: a Celery worker killed with -9 in the middle of a 500-oficio mail merge.

Real worker processes on Redis and PostgreSQL, real LibreOffice, real signatures. The
worker (main process and its children) gets SIGKILL while oficios are being converted
and signed, then starts again; the periodic sweep (beat's ``jobs_sweep``, called here
every few seconds instead of every 30) re-sends what the dead worker held.
"""

from __future__ import annotations

import os
import random
import re
import time
from collections import Counter
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Count
from django.test import override_settings
from viewflow.workflow.models import Process

from audit.models import AuditEntry
from audit.verification import verify_database
from core.jobs import jobs_sweep
from core.models import Job
from correspondence.flows import ReceiptFlow
from correspondence.merge import mail_merge_start, merge_progress
from correspondence.models import Dispatch, MailMergeItem, Oficio
from documents.models import GeneratedDocument, Signature
from documents.services import sha256
from documents.signing import validate_pdf
from tests.correspondence.conftest import PASSWORD
from tests.drills.conftest import correlatives, drill_env, merge_model, start_worker, wait_for

pytestmark = [pytest.mark.drill, pytest.mark.server, pytest.mark.django_db(transaction=True)]

# Issue 9 asks for 500; at ~5 oficios/s on two cores that alone is about two minutes, more
# than the drills' share of CI, so CI runs 150 and `DRILL_MERGE_SIZE=500` the full drill.
BATCH = int(os.environ.get("DRILL_MERGE_SIZE", "150"))


def _done(merge_pk: int) -> int:
    return MailMergeItem.objects.filter(merge_id=merge_pk, state=MailMergeItem.State.DONE).count()


def _all_work_finished() -> bool:
    jobs_sweep()  # what beat runs every 30 s
    return not Job.objects.exclude(state=Job.State.DONE).exists()


def test_a_worker_killed_mid_batch_loses_and_duplicates_nothing(
    pki: dict[str, User], templates: None, tmp_path: Path, real_broker: None,
    converter_pair: str,
) -> None:  # fmt: skip
    model = merge_model(pki, BATCH)
    # A short lease: the jobs the dead worker held come back after 15 s, not 5 minutes.
    env = drill_env(tmp_path, UNOSERVER_ADDRESS=converter_pair, JOB_LEASE_SECONDS="15")
    sessions_before = _sessions_opened()
    worker = start_worker(tmp_path, env)
    began = time.monotonic()
    merge = mail_merge_start(
        model=model, actor=pki["firmante"], password=PASSWORD, position="Secretario General"
    )
    wait_for(lambda: _done(merge.pk) >= BATCH // 4, timeout=300, what="a quarter of the batch")
    worker.kill9()
    held = Job.objects.filter(kind="correspondence.merge_item", state=Job.State.RUNNING).count()
    done_at_kill = _done(merge.pk)
    assert held >= 1, "the worker was killed while it held no job"
    assert done_at_kill < BATCH
    worker = start_worker(tmp_path, env)
    try:
        with override_settings(JOB_RESEND_AFTER_SECONDS=60):  # the production default
            wait_for(_all_work_finished, timeout=900, step=5, what="the batch after the crash")
    finally:
        worker.stop()
    elapsed = time.monotonic() - began
    # Workers keep their database connections between tasks: a few sessions per worker
    # process, not one per task (Celery's fixup used to close them after each of the
    # ~2 tasks per oficio).
    assert _sessions_opened() - sessions_before < BATCH // 5
    print(f"\n{BATCH} oficios, worker killed at {done_at_kill} holding {held}: {elapsed:.1f} s")

    progress = merge_progress(merge)
    assert (progress.done, progress.failed, progress.finished) == (BATCH, 0, True)
    oficios = Oficio.objects.filter(kind=Oficio.Kind.OFICIO)
    # Every recipient exactly once…
    assert oficios.count() == BATCH
    per_entity = oficios.values("recipients").annotate(n=Count("pk")).values_list("n", flat=True)
    assert set(per_entity) == {1} and len(per_entity) == BATCH
    # …numbers consecutive, without gap or duplicate…
    assert correlatives(list(oficios.values_list("number", flat=True))) == list(range(1, BATCH + 1))
    assert all(o.state == Oficio.State.ISSUED for o in oficios)
    # …each with one signed document whose file is the one recorded…
    documents = GeneratedDocument.objects.filter(kind=Oficio.Kind.OFICIO)
    assert documents.count() == BATCH
    assert Signature.objects.filter(document__in=documents).count() == BATCH
    for document in documents:
        with document.signed_pdf.open("rb") as handle:
            assert sha256(handle.read()) == document.signed_sha256
    # …whose signature a validator accepts (a sample: each validation takes a while).
    trust = [Path(p).read_bytes() for p in pki_roots()]
    for document in random.sample(list(documents), min(10, BATCH)):
        with document.signed_pdf.open("rb") as handle:
            assert [r.status for r in validate_pdf(handle.read(), trust)] == ["valid"]
    # One dispatch and one e-mail per oficio, one audit entry per document.
    assert Dispatch.objects.filter(oficio__in=oficios).count() == BATCH
    assert not Dispatch.objects.filter(oficio__in=oficios, state=Dispatch.State.PENDING).exists()
    assert AuditEntry.objects.filter(action="document.issue").count() == BATCH
    mails = "".join(p.read_text(errors="replace") for p in (tmp_path / "mail").glob("*.log"))
    sent_to = Counter(re.findall(r"^To: (.+)$", mails, re.MULTILINE))
    assert set(sent_to.values()) <= {1}  # nobody got the same oficio twice
    in_inbox = Process.objects.filter(flow_class=ReceiptFlow).count()  # liaisons with accounts
    assert len(sent_to) + in_inbox == BATCH
    assert verify_database().ok


def _sessions_opened() -> int:
    """PostgreSQL sessions ever opened on the test database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT sessions FROM pg_stat_database WHERE datname = current_database()")
        return int(cursor.fetchone()[0])


def pki_roots() -> list[str]:
    from django.conf import settings

    return list(settings.SIGNATURE_TRUST_ROOTS)
