"""Drill: Redis (broker and cache) goes down while people work.

The drill's own Redis, never the shared one. While it is down the staff UI keeps
working: pages load and the signer signs (the number, the document and the e-mail jobs
are rows in PostgreSQL); /healthz says what is wrong. When Redis is back, the sweep
sends the jobs and the worker, which reconnects on its own, delivers every e-mail once.
"""

from __future__ import annotations

import re
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from audit.verification import verify_database
from core.models import Job
from correspondence.models import Dispatch, Oficio
from tests.correspondence.conftest import PASSWORD
from tests.drills.conftest import (
    OwnRedis,
    Session,
    drill_env,
    execute_path,
    oficio_at,
    start_web,
    start_worker,
    wait_for,
)
from tests.utils import ROOT, python

pytestmark = [pytest.mark.drill, pytest.mark.server, pytest.mark.django_db(transaction=True)]

SWEEP = "import django; django.setup(); from core.jobs import jobs_sweep; print(jobs_sweep())"


def _sent(mail_dir: Path) -> Counter[str]:
    mails = "".join(p.read_text(errors="replace") for p in mail_dir.glob("*.log"))
    return Counter(re.findall(r"^To: (.+)$", mails, re.MULTILINE))


def test_redis_down_the_ui_works_and_the_work_waits_for_its_return(
    pki: dict[str, User], templates: None, tmp_path: Path, own_redis: OwnRedis
) -> None:
    task = oficio_at(pki, "sign")
    env = drill_env(tmp_path, CELERY_BROKER_URL=own_redis.url, CACHE_URL=own_redis.url)
    web, base = start_web(tmp_path, env, threads=2)
    worker = start_worker(tmp_path, env, concurrency=1)
    try:
        signer = Session(base, pki["firmante"])
        path = execute_path(task)
        token = signer.csrf(path)
        own_redis.kill()

        assert signer.get("/workflow/inbox/").status == 200
        began = time.monotonic()
        signed = signer.post(path, {"position": "Secretario General", "password": PASSWORD},
                             token)  # fmt: skip
        took = time.monotonic() - began
        assert signed.status == 302, signed.text[:2000]
        assert took < 20, f"signing waited {took:.1f} s for the broker"
        oficio = Oficio.objects.get()
        assert oficio.state == Oficio.State.ISSUED
        author = Session(base, pki["secretaria"])
        page = author.get(f"/correspondence/oficio/{oficio.pk}/")
        assert page.status == 200 and oficio.number in page.text
        health = signer.get("/healthz")
        assert health.status == 503 and '"broker": {"ok": false' in health.text
        # The e-mails wait as rows; nothing was sent.
        jobs = Job.objects.filter(kind="correspondence.send_dispatch")
        assert jobs.count() == 2 and set(jobs.values_list("state", flat=True)) == {"pending"}
        assert not _sent(tmp_path / "mail")

        own_redis.start()
        swept = subprocess.run(
            [python(), "-c", SWEEP], cwd=ROOT, capture_output=True, text=True, timeout=60,
            env={**env, "JOB_RESEND_AFTER_SECONDS": "0"}, check=True,
        )  # fmt: skip
        assert swept.stdout.split()[-1] == "2"
        wait_for(lambda: not jobs.exclude(state=Job.State.DONE).exists(), timeout=120,
                 what="the e-mails after Redis came back")  # fmt: skip
    finally:
        worker.stop()
        web.stop()
    sent = _sent(tmp_path / "mail")
    assert set(sent.values()) == {1}
    assert set(sent) == set(Dispatch.objects.values_list("email", flat=True))
    assert set(Dispatch.objects.values_list("state", flat=True)) == {Dispatch.State.SENT}
    assert verify_database().ok
