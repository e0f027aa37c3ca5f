"""Concurrency drills on PostgreSQL, through a real gunicorn serving many requests at once.

Each client is its own browser session (its own cookies and CSRF token); the server runs
them in parallel threads, each with its own database connection.
"""

from __future__ import annotations

import textwrap
import threading
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from viewflow.workflow.status import STATUS

from audit.models import AuditEntry
from audit.verification import verify_database
from correspondence.models import NumberCounter, Oficio, Review
from directory.models import Entity, Office
from documents.models import GeneratedDocument
from tests.correspondence.conftest import PASSWORD
from tests.drills.conftest import (
    Proc,
    Response,
    Session,
    drill_env,
    execute_path,
    oficio_at,
    start_web,
    wait_for,
)
from tests.utils import python
from workflow.flows import PlanFlow, plan_start
from workflow.planning import plan_create

pytestmark = [pytest.mark.drill, pytest.mark.server, pytest.mark.django_db(transaction=True)]

ALREADY_DONE = "Esta tarea ya fue atendida"
BUSY = "Otra persona está atendiendo este proceso"
TAKEN = "Otra persona tomó esta tarea de la cola"


def all_at_once(sessions: list[Session], path: str, data: dict[str, str]) -> list[Response]:
    """Every session opens the form, then all submit together."""
    tokens = [s.csrf(path) for s in sessions]
    barrier = threading.Barrier(len(sessions))
    results: list[Response | None] = [None] * len(sessions)

    def submit(index: int) -> None:
        barrier.wait()
        results[index] = sessions[index].post(path, data, tokens[index])

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(len(sessions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert all(r is not None for r in results)
    return [r for r in results if r is not None]


def one_winner(results: list[Response]) -> None:
    statuses = sorted(r.status for r in results)
    assert statuses == [302] + [409] * (len(results) - 1), statuses
    for lost in (r for r in results if r.status == 409):
        assert ALREADY_DONE in lost.text or BUSY in lost.text, lost.text[:500]
        assert "Traceback" not in lost.text


def test_twenty_clients_complete_the_same_task_once(
    pki: dict[str, User], templates: None, tmp_path: Path
) -> None:
    """The reviewer's visto bueno, submitted from twenty browsers at the same moment."""
    task = oficio_at(pki, "review", reviewers=("secretaria2",))
    web, base = start_web(tmp_path, drill_env(tmp_path), workers=2, threads=10)
    try:
        sessions = [Session(base, pki["secretaria2"]) for _ in range(20)]
        results = all_at_once(sessions, execute_path(task), {"decision": "approve"})
    finally:
        web.stop()
    one_winner(results)
    task.refresh_from_db()
    assert task.status == STATUS.DONE
    review = Review.objects.get()
    assert review.state == Review.State.APPROVED
    assert Oficio.objects.get().state == Oficio.State.FOR_DISPATCH
    completed = AuditEntry.objects.filter(action="task.complete", object_id=str(task.pk))
    assert completed.count() == 1
    assert AuditEntry.objects.filter(object_type="review", to_state="aprobado").count() == 1
    assert verify_database().ok


def test_twenty_windows_claim_the_same_queue_task_once(
    pki: dict[str, User], templates: None, tmp_path: Path
) -> None:
    """Both secretariat members take the plan's first task from the queue, ten windows each."""
    pcm = Entity.objects.get(code="PCM")
    plan = plan_create(
        title="Plan de prueba", start_year=2014, end_year=2016, entity=pcm,
        office=Office.objects.get(entity=pcm, acronym="SGP"), actor=pki["secretaria"],
    )  # fmt: skip
    process = plan_start(plan)
    task = process.task_set.get(flow_task=PlanFlow.define)
    path = str(task.flow_task.reverse("assign", args=[task.process_id, task.pk]))
    web, base = start_web(tmp_path, drill_env(tmp_path), workers=2, threads=10)
    try:
        sessions = [Session(base, pki[name]) for name in ("secretaria", "secretaria2") * 10]
        results = all_at_once(sessions, path, {})
    finally:
        web.stop()
    statuses = sorted(r.status for r in results)
    assert statuses == [302] + [409] * 19, statuses
    for lost in (r for r in results if r.status == 409):
        assert TAKEN in lost.text or BUSY in lost.text, lost.text[:500]
    task.refresh_from_db()
    assert task.status == STATUS.ASSIGNED
    assert task.owner in (pki["secretaria"], pki["secretaria2"])
    assert AuditEntry.objects.filter(action="task.assign", object_id=str(task.pk)).count() == 1
    assert verify_database().ok


def test_two_signers_at_once_make_one_number_and_one_document(
    pki: dict[str, User], templates: None, tmp_path: Path
) -> None:
    """The signer signs from two browsers at the same moment."""
    task = oficio_at(pki, "sign")
    web, base = start_web(tmp_path, drill_env(tmp_path), workers=2, threads=2)
    try:
        sessions = [Session(base, pki["firmante"]) for _ in range(2)]
        data = {"position": "Secretario General", "password": PASSWORD}
        results = all_at_once(sessions, execute_path(task), data)
    finally:
        web.stop()
    one_winner(results)
    oficio = Oficio.objects.get()
    assert oficio.state == Oficio.State.ISSUED
    assert oficio.number.startswith("OFICIO MÚLTIPLE N° 0001-")
    assert NumberCounter.objects.get().last == 1
    assert GeneratedDocument.objects.count() == 1
    assert AuditEntry.objects.filter(action="document.issue").count() == 1
    assert verify_database().ok


SIGNER = textwrap.dedent(
    """
    import os, sys, time, django
    django.setup()
    from correspondence.dispatching import oficio_sign
    from correspondence.models import Oficio
    from correspondence.services import CorrespondenceError
    from documents.signatures import signer_load
    go, oficio_id, password = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    oficio = Oficio.objects.get(pk=oficio_id)
    signer = signer_load(user=oficio.signer, password=password)
    open(f"{go}.ready.{os.getpid()}", "w").close()
    while not os.path.exists(go):
        time.sleep(0.01)
    try:
        print("signed", oficio_sign(oficio=oficio, actor=oficio.signer, signer=signer,
                                    position="Secretario General").number)
    except CorrespondenceError as exc:
        print("refused", exc.messages[0])
    """
)


def test_two_signing_processes_on_one_oficio_take_one_number(
    pki: dict[str, User], templates: None, tmp_path: Path
) -> None:
    """Below the workflow's lock: two processes call the signing service at once; the
    oficio's row lock lets one sign and the other find it already issued."""
    task = oficio_at(pki, "sign")
    oficio_id = task.process.artifact_object_id
    go = tmp_path / "go"
    env = drill_env(tmp_path)
    signers = [
        Proc([python(), "-c", SIGNER, str(go), str(oficio_id), PASSWORD], env,
             tmp_path / f"signer{n}.log").start()
        for n in range(2)
    ]  # fmt: skip
    wait_for(lambda: len(list(tmp_path.glob("go.ready.*"))) == 2, 120, what="signers ready")
    go.touch()
    wait_for(lambda: not any(s.alive() for s in signers), 120, what="signers done")
    outcomes = sorted(s.text().strip().splitlines()[-1] for s in signers)
    assert outcomes[0].startswith("refused El oficio no puede firmarse"), outcomes
    assert outcomes[1].startswith("signed OFICIO MÚLTIPLE N° 0001-"), outcomes
    assert NumberCounter.objects.get().last == 1
    assert GeneratedDocument.objects.count() == 1
    assert verify_database().ok
