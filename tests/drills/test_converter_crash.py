"""Drill: the LibreOffice behind the warm converter is killed while it converts.

unoserver stops for good when its LibreOffice dies, so the conversion in progress fails
and the warm converter is gone: the conversion is retried with a LibreOffice of its own
(documents.conversion) and every oficio of the batch is still produced and signed.
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from audit.verification import verify_database
from core.models import Job
from correspondence.merge import mail_merge_start, merge_progress
from correspondence.models import MailMergeItem, Oficio
from documents.conversion import converter_port
from documents.models import Signature
from tests.correspondence.conftest import PASSWORD
from tests.drills.conftest import correlatives, drill_env, merge_model, start_worker, wait_for
from tests.utils import ROOT

pytestmark = [pytest.mark.drill, pytest.mark.server, pytest.mark.django_db(transaction=True)]

RECIPIENTS = 8


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            found.append(int(entry.name))
    return found


def _libreoffice_of(pid: int) -> list[int]:
    """The soffice.bin processes under a unoserver (it starts oosplash, which starts them)."""
    below, queue = [], [pid]
    while queue:
        for child in _children(queue.pop()):
            queue.append(child)
            try:
                if (Path("/proc") / str(child) / "comm").read_text().strip() == "soffice.bin":
                    below.append(child)
            except OSError:
                pass
    return below


def _converting(log: Path) -> int:
    return log.read_text(errors="replace").count("POST /RPC2") if log.exists() else 0


def _request_open(port: int) -> bool:
    """A client is connected to the converter right now: a conversion is under way."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            if state == "01" and int(local.rsplit(":", 1)[1], 16) == port:
                return True
    return False


def test_libreoffice_killed_mid_conversion_is_retried_and_the_documents_made(
    pki: dict[str, User], templates: None, tmp_path: Path, real_broker: None
) -> None:
    model = merge_model(pki, RECIPIENTS)
    script, state = str(ROOT / "tools" / "unoserver.sh"), tmp_path / "uno"
    port = converter_port(3803 + (os.getpid() % 50) * 2)
    uno_env = {**os.environ, "UNOSERVER_STATE": str(state)}
    subprocess.run([script, "start", str(port)], env=uno_env, check=True, capture_output=True,
                   timeout=180)  # fmt: skip
    server = int((state / f"{port}.pid").read_text())
    worker = start_worker(
        tmp_path, drill_env(tmp_path, UNOSERVER_ADDRESS=f"127.0.0.1:{port}"), concurrency=1
    )
    try:
        log, answered = state / f"{port}.log", _converting(state / f"{port}.log")
        merge = mail_merge_start(
            model=model, actor=pki["firmante"], password=PASSWORD, position="Secretario General"
        )
        # The first conversion answered; kill LibreOffice while the next one runs.
        wait_for(lambda: _converting(log) > answered, 120, 0.02, "a first conversion")
        wait_for(lambda: _request_open(port), 60, 0.005, "a conversion under way")
        office = _libreoffice_of(server)
        assert office, "no LibreOffice under the converter"
        for pid in office:
            os.kill(pid, signal.SIGKILL)
        wait_for(lambda: not Job.objects.exclude(state=Job.State.DONE).exists(), timeout=240,
                 what="the batch after LibreOffice died")  # fmt: skip
    finally:
        worker.stop()
        subprocess.run([script, "stop", str(port)], env=uno_env, capture_output=True,
                       timeout=60, check=False)  # fmt: skip
    assert "warm converter failed, converting with soffice" in worker.text()
    progress = merge_progress(merge)
    assert (progress.done, progress.failed) == (RECIPIENTS, 0)
    oficios = Oficio.objects.filter(kind=Oficio.Kind.OFICIO)
    assert correlatives(list(oficios.values_list("number", flat=True))) == list(
        range(1, RECIPIENTS + 1)
    )
    assert Signature.objects.filter(document__oficio__in=oficios).count() == RECIPIENTS
    assert not MailMergeItem.objects.exclude(state=MailMergeItem.State.DONE).exists()
    assert verify_database().ok
