"""Drill: every Celery message delivered twice (and again after the work is done).

A real worker with two processes on Redis: the copies of a message run at the same time
in both processes, and once more after the job finished. Nothing may happen twice: no
second number, document, e-mail or audit entry.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from audit.models import AuditEntry
from audit.verification import verify_database
from core.models import Job
from core.tasks import run_job_task
from correspondence.merge import mail_merge_start
from correspondence.models import Dispatch, MailMergeItem, Oficio
from documents.models import GeneratedDocument
from tests.correspondence.conftest import PASSWORD
from tests.drills.conftest import correlatives, drill_env, merge_model, start_worker, wait_for

pytestmark = [pytest.mark.drill, pytest.mark.server, pytest.mark.django_db(transaction=True)]

RECIPIENTS = 12


def _runs(worker_log: str) -> int:
    return len(re.findall(r"Task core\.run_job_task\[[^\]]+\] succeeded", worker_log))


def test_a_message_delivered_twice_has_no_duplicate_effect(
    pki: dict[str, User], templates: None, tmp_path: Path, real_broker: None
) -> None:
    model = merge_model(pki, RECIPIENTS)
    worker = start_worker(tmp_path, drill_env(tmp_path))
    try:
        merge = mail_merge_start(
            model=model, actor=pki["firmante"], password=PASSWORD, position="Secretario General"
        )
        # The launch sent one message per job; the broker delivers each once more.
        for job_id in Job.objects.filter(kind="correspondence.merge_item").values_list(
            "pk", flat=True
        ):
            run_job_task.delay(job_id)
        wait_for(
            lambda: not Job.objects.exclude(state=Job.State.DONE).exists()
            and Job.objects.filter(kind="correspondence.send_dispatch").count() == RECIPIENTS,
            timeout=180, what="the batch and its e-mails",
        )  # fmt: skip
        # Late copies of every message, merge items and e-mails alike, after the work.
        mark = len(worker.text())
        jobs = list(Job.objects.values_list("pk", flat=True))
        for job_id in jobs:
            run_job_task.delay(job_id)
            run_job_task.delay(job_id)
        wait_for(lambda: _runs(worker.text()[mark:]) >= 2 * len(jobs), timeout=60,
                 what="the late copies")  # fmt: skip
    finally:
        worker.stop()
    # Each late copy found its job done and did nothing.
    assert worker.text()[mark:].count(": 'skipped'") == 2 * len(jobs)
    assert MailMergeItem.objects.filter(merge=merge, state=MailMergeItem.State.DONE).count() == (
        RECIPIENTS
    )
    oficios = Oficio.objects.filter(kind=Oficio.Kind.OFICIO)
    assert oficios.count() == RECIPIENTS
    assert correlatives(list(oficios.values_list("number", flat=True))) == list(
        range(1, RECIPIENTS + 1)
    )
    assert GeneratedDocument.objects.filter(kind=Oficio.Kind.OFICIO).count() == RECIPIENTS
    assert Dispatch.objects.count() == RECIPIENTS
    assert AuditEntry.objects.filter(action="document.issue").count() == RECIPIENTS
    mails = "".join(p.read_text(errors="replace") for p in (tmp_path / "mail").glob("*.log"))
    sent_to = Counter(re.findall(r"^To: (.+)$", mails, re.MULTILINE))
    assert set(sent_to.values()) == {1}
    assert len(sent_to) == Dispatch.objects.filter(state=Dispatch.State.SENT).count()
    assert verify_database().ok
