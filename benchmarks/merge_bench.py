"""Mail merge: ~1,900 individual oficios end to end, against its two slowest stages.

The pipeline figure runs the real thing: ``mail_merge_start`` queues one job per
recipient and two real Celery worker processes (one warm unoserver each, one task at a
time as the launcher's workers run them: see THREADS) number, render, convert, sign and
queue the e-mail of every oficio. Its baselines are measured in the same run on the same
documents: raw docxtpl rendering of the very contexts the pipeline stored (one process),
and raw LibreOffice conversion of those .docx files by the same number of warm
unoservers (one thread per server).

Broker: on PostgreSQL the workers use Redis (db 15). On the embedded default they use
kombu's filesystem broker under VAR_DIR, as a real installation does; the harness set
``memory://`` for this process, which does not cross processes, so the merge's wake-ups
are sent through a small Celery app of its own pointed at the workers' broker (Django
settings and the shared Celery app are left untouched).
"""

from __future__ import annotations

import io
import logging
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from unittest import mock

from celery import Celery
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from docxtpl import DocxTemplate
from jinja2 import Environment
from kombu import Connection

from benchmarks.documents_bench import _unoserver
from benchmarks.harness import Figure, timed
from config.env import broker_config
from documents.context import qr_images
from documents.conversion import converter_port
from documents.filters import FILTERS
from documents.registry import get_kind

RECIPIENTS, WORKERS = 1_900, 2
# BENCH_MERGE_THREADS=2 runs Celery's threads pool, two tasks per worker against its one
# unoserver (one renders and signs while the other waits for its PDF). Measured at full
# size: no gain on PostgreSQL + Redis (0.80 either way), and on the filesystem broker the
# threads sat idle 60% of the time waiting for wake-ups (0.40). Default: the solo pool.
THREADS = int(os.environ.get("BENCH_MERGE_THREADS", "1"))
POOL = f"threads pool, {THREADS} threads" if THREADS > 1 else "solo"
REDIS_URL = "redis://127.0.0.1:6379/15"
PASSWORD = "clave-de-firma-bench"  # noqa: S105
ROOT = Path(__file__).resolve().parent.parent
SUCCEEDED = re.compile(r"Task core\.run_job_task\[[^]]+\] succeeded in ([0-9.]+)s")


# --- set-up -----------------------------------------------------------------------------


def _recipients(count: int) -> list[Any]:
    from directory.models import Entity

    kinds = [Entity.Kind.REGIONAL_GOVERNMENT, Entity.Kind.PROVINCIAL_MUNICIPALITY,
             Entity.Kind.DISTRICT_MUNICIPALITY]  # fmt: skip
    return list(Entity.objects.filter(kind__in=kinds).order_by("kind", "code")[:count])


def _approved_model(count: int) -> tuple[Any, User]:
    from correspondence.models import Oficio
    from correspondence.services import oficio_create, oficio_route
    from directory.actors import actors_load
    from directory.demo import demo_users_load
    from documents.pki import issue_signer, make_demo_ca, save_ca
    from documents.services import templates_load_shipped
    from documents.signatures import credential_upload

    actors_load()
    users = {u.username: u for u in User.objects.filter(username__in=demo_users_load())}
    ca = make_demo_ca()
    save_ca(ca, Path(settings.VAR_DIR) / "pki")
    firmante = users["firmante"]
    p12 = issue_signer(ca, name=firmante.get_full_name(), position="Titular",
                       email=firmante.email, password=PASSWORD)  # fmt: skip
    credential_upload(user=firmante, p12=p12, password=PASSWORD)
    templates_load_shipped()
    recipients = _recipients(count)
    model = oficio_create(
        author=users["secretaria"], kind=Oficio.Kind.MERGE,
        subject="Designación de enlaces para el Plan de Acción de Gobierno Abierto 2014–2016",
        body=["Tengo el agrado de dirigirme a usted para comunicarle el inicio del proceso.",
              "Mucho agradeceré designar un enlace institucional para los talleres."],
        references=["Decreto Supremo N° 003-2013-PCM"], recipients=recipients,
        reviewers=[], signer=firmante,
    )  # fmt: skip
    return oficio_route(oficio=model, actor=users["secretaria"]), firmante


# --- converters and workers -------------------------------------------------------------


@contextmanager
def _unoservers(count: int) -> Iterator[list[int]]:
    """Up to ``count`` warm unoservers; [] when they cannot run (soffice fallback)."""
    state = Path(settings.VAR_DIR) / "unoserver"
    ports: list[int] = []
    client_log = logging.getLogger("unoserver")
    level = client_log.level
    client_log.setLevel(logging.WARNING)  # the client logs three INFO lines per call
    try:
        import unoserver.client  # noqa: F401
    except ImportError:
        print("merge: the unoserver client is not installed; soffice fallback")
        count = 0
    try:
        for _ in range(count):
            port = converter_port()
            started = _unoserver("start", port, state)
            if started.returncode != 0:
                print(f"merge: unoserver did not start: {started.stderr or started.stdout}")
                break
            ports.append(port)
        if len(ports) < count:  # all or nothing: both workers convert the same way
            for port in ports:
                _unoserver("stop", port, state)
            ports = []
        _warm_up(ports)
        yield ports
    finally:
        client_log.setLevel(level)
        for port in ports:
            _unoserver("stop", port, state)


def _warm_up(ports: list[int]) -> None:
    """The first conversion of a fresh LibreOffice loads its filters (seconds): not timed."""
    from docx import Document
    from unoserver.client import UnoClient

    out = io.BytesIO()
    Document().save(out)
    for port in ports:
        UnoClient(server="127.0.0.1", port=str(port)).convert(
            indata=out.getvalue(), convert_to="pdf"
        )


def _broker() -> tuple[str, dict[str, Any]] | None:
    """The workers' broker: filesystem on the embedded default, Redis on PostgreSQL."""
    if connection.vendor == "sqlite":
        return broker_config("", var_dir=Path(settings.VAR_DIR))
    try:
        answer = subprocess.run(["redis-cli", "-u", REDIS_URL, "ping"], capture_output=True,
                                text=True, timeout=5, check=False)  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return None
    return (
        broker_config(REDIS_URL, var_dir=Path(settings.VAR_DIR))
        if "PONG" in answer.stdout
        else None
    )


@contextmanager
def _workers(
    ports: list[int], broker_url: str
) -> Iterator[tuple[list[Path], list[subprocess.Popen[bytes]]]]:
    """Two real Celery workers (POOL), each with its own unoserver."""
    env = {
        k: v for k, v in os.environ.items() if k not in {"CELERY_BROKER_URL", "UNOSERVER_ADDRESS"}
    }
    env["CELERY_TASK_ALWAYS_EAGER"] = "false"
    if not broker_url.startswith("filesystem"):
        env["CELERY_BROKER_URL"] = broker_url
    processes: list[subprocess.Popen[bytes]] = []
    logs = [Path(settings.VAR_DIR) / f"merge-worker-{i}.log" for i in range(WORKERS)]
    try:
        for i, log in enumerate(logs):
            address = f"127.0.0.1:{ports[i]}" if ports else ""
            # soffice's fallback keeps one profile per process: one conversion at a time.
            pool = ["--pool", "threads", "--concurrency", str(THREADS)] if THREADS > 1 and \
                ports else ["--pool", "solo", "--concurrency", "1"]  # fmt: skip
            command = [sys.executable, "-m", "celery", "-A", "config", "worker", *pool,
                       "--loglevel", "INFO", "--without-gossip",
                       "--without-mingle", "-n", f"bench-merge-{i}@%h"]  # fmt: skip
            with log.open("wb") as out:
                processes.append(subprocess.Popen(
                    command, cwd=ROOT, env={**env, "UNOSERVER_ADDRESS": address},
                    stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                ))  # fmt: skip
        deadline = time.monotonic() + 120
        while not all(" ready." in log.read_text(errors="replace") for log in logs):
            if any(p.poll() is not None for p in processes) or time.monotonic() > deadline:
                tails = "\n".join(log.read_text(errors="replace")[-2000:] for log in logs)
                raise RuntimeError(f"merge: a Celery worker did not start:\n{tails}")
            time.sleep(0.2)
        yield logs, processes
    finally:
        for p in processes:
            p.send_signal(signal.SIGCONT)
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in processes:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(timeout=10)


@contextmanager
def _wake_ups_to(broker_url: str, options: dict[str, Any]) -> Iterator[None]:
    """This process's job wake-ups go to the workers' broker, not the harness's memory://.

    The connection is explicit: Celery reads CELERY_BROKER_URL (memory://) from the
    environment over any broker_url given in code.
    """
    launcher = Celery("bench-merge-launcher", set_as_current=False)
    launcher.conf.update(task_serializer="json", accept_content=["json"])
    broker = Connection(broker_url, transport_options=options)

    def delay(job_id: int) -> None:
        launcher.send_task("core.run_job_task", args=(job_id,), connection=broker)

    try:
        # core.jobs imports the task at call time: replace the module attribute.
        with mock.patch("core.tasks.run_job_task", SimpleNamespace(delay=delay)):
            yield
    finally:
        broker.release()
        launcher.close()


# --- 1. the pipeline ---------------------------------------------------------------------


def pipeline(
    model: Any, signer: User, ports: list[int], broker: tuple[str, dict[str, Any]]
) -> tuple[float, Any, str]:
    from correspondence.merge import mail_merge_start, merge_progress

    url, options = broker
    with _workers(ports, url) as (logs, _), _wake_ups_to(url, options):
        started = time.perf_counter()
        merge = mail_merge_start(
            model=model, actor=signer, password=PASSWORD, position="Secretario"
        )
        deadline = time.monotonic() + 3600
        while not (progress := merge_progress(merge)).finished:
            if time.monotonic() > deadline:
                raise RuntimeError(f"merge: not finished after an hour: {progress}")
            time.sleep(0.2)
        seconds = time.perf_counter() - started
        time.sleep(1)  # let the last log lines reach the files
        durations = [
            float(m) for log in logs for m in SUCCEEDED.findall(log.read_text(errors="replace"))
        ]
    tasks = (
        f"{len(durations)} worker tasks (merge items and their e-mails), "
        f"median {statistics.median(durations) * 1000:.0f} ms, "
        f"busy {sum(durations) / (WORKERS * THREADS * seconds):.0%} of the "
        f"{WORKERS * THREADS} task slots' time"
        if durations
        else "no task durations in the worker logs"
    )
    return seconds, progress, tasks


# --- 2. the baselines --------------------------------------------------------------------


def raw_rendering(contexts: list[dict[str, Any]]) -> tuple[float, list[bytes]]:
    """Plain docxtpl with the contexts the pipeline stored (no sandbox, no caches)."""
    path = get_kind("oficio").shipped_template
    env = Environment(autoescape=True)
    env.filters.update(FILTERS)

    def render(context: dict[str, Any]) -> bytes:
        doc = DocxTemplate(path)
        doc.render({**context, **qr_images(context)(doc)}, jinja_env=env)
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()

    render(contexts[0])  # imports and first-use caches
    return timed(lambda: [render(c) for c in contexts])


def _convert_soffice(docx: bytes, slot: int) -> bytes:
    profile = Path(settings.VAR_DIR) / "libreoffice" / f"profile-merge-{slot}"
    with tempfile.TemporaryDirectory(prefix="pdf-") as tmp:
        source = Path(tmp) / "documento.docx"
        source.write_bytes(docx)
        subprocess.run([settings.SOFFICE_BINARY, f"-env:UserInstallation={profile.as_uri()}",
                        "--headless", "--norestore", "--nologo", "--convert-to", "pdf",
                        "--outdir", tmp, str(source)], capture_output=True, timeout=120,
                       check=True)  # fmt: skip
        return source.with_suffix(".pdf").read_bytes()


def raw_conversion(docs: list[bytes], ports: list[int]) -> float:
    """The same documents through the same number of converters, one thread each."""
    slots = len(ports) or WORKERS
    results: list[list[bytes]] = [[] for _ in range(slots)]

    def convert(slot: int) -> None:
        if ports:
            from unoserver.client import UnoClient

            client = UnoClient(server="127.0.0.1", port=str(ports[slot]))
            results[slot] = [client.convert(indata=d, convert_to="pdf") for d in docs[slot::slots]]
        else:
            results[slot] = [_convert_soffice(d, slot) for d in docs[slot::slots]]

    def run_all() -> None:
        threads = [threading.Thread(target=convert, args=(s,)) for s in range(slots)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    seconds, _ = timed(run_all)
    pdfs = [p for part in results for p in part]
    assert len(pdfs) == len(docs) and all(bytes(p).startswith(b"%PDF-") for p in pdfs)
    return seconds


def run(*, scale: float) -> list[Figure]:
    from correspondence.models import MailMergeItem

    db = connection.vendor
    count = max(20, round(RECIPIENTS * scale))
    broker = _broker()
    if broker is None:
        print(f"merge: Redis does not answer at {REDIS_URL}; the distributed figure is skipped")
        return []
    print(
        f"merge: loading the directory, demo PKI and an approved model for {count:,}…", flush=True
    )
    model, signer = _approved_model(count)
    count = model.recipients.count()
    with _unoservers(WORKERS) as ports:
        converter = f"{WORKERS} warm unoservers"
        if not ports:
            converter = f"{WORKERS} soffice processes (unoserver unavailable: cold per document)"
        print(
            f"merge: {count:,} oficios through {WORKERS} Celery workers, {converter}…", flush=True
        )
        seconds, progress, tasks = pipeline(model, signer, ports, broker)
        load_pipeline = os.getloadavg()[0]
        items = MailMergeItem.objects.filter(merge__model=model, state=MailMergeItem.State.DONE)
        contexts = [c for c in items.values_list("oficio__document__context", flat=True)]
        print(
            f"merge: raw docxtpl rendering and raw conversion of the same {len(contexts):,}…",
            flush=True,
        )
        render_seconds, docs = raw_rendering(contexts)
        convert_seconds = raw_conversion(docs, ports)
        load_raw = os.getloadavg()[0]
    pipeline_rate = count / seconds
    render_rate, convert_rate = len(docs) / render_seconds, len(docs) / convert_seconds
    stages = [("raw docxtpl rendering", render_rate), ("raw LibreOffice conversion", convert_rate)]
    slowest = min(stages, key=lambda stage: stage[1])
    broker_name = "filesystem broker" if broker[0].startswith("filesystem") else "Redis"
    failed = f"; {progress.failed} FAILED" if progress.failed else ""
    return [
        Figure(
            f"merge: {count:,} individual oficios end to end ({db})",
            pipeline_rate,
            "/s",
            f"slowest stage alone: {slowest[0]} of the same {len(docs):,}",
            slowest[1],
            target="≥ 0.77 (pipeline adds ≤ 30% over its slowest stage)",
            detail=f"number, render, PDF, sign, e-mail queued; {WORKERS} Celery workers ({POOL}) "
            f"on the {broker_name}, {converter}; {seconds:.0f} s wall, "
            f"{progress.done:,} done{failed}; {tasks}; baseline = the slower of raw "
            f"rendering ({render_rate:.1f}/s, 1 process) and raw conversion "
            f"({convert_rate:.1f}/s, {WORKERS} servers in parallel); 1-min load average "
            f"{load_pipeline:.1f} after the pipeline, {load_raw:.1f} after the raw conversion "
            f"({os.cpu_count()} CPUs, shared machine)",
        ),
        Figure(
            f"merge: raw docxtpl rendering of the merged oficios ({db})",
            render_rate,
            "/s",
            "end-to-end pipeline",
            pipeline_rate,
            detail=f"{len(docs):,} stored contexts, one process, "
            f"{render_seconds * 1000 / len(docs):.1f} ms/doc",
        ),
        Figure(
            f"merge: raw LibreOffice conversion of the merged oficios ({db})",
            convert_rate,
            "/s",
            "end-to-end pipeline",
            pipeline_rate,
            detail=f"{len(docs):,} documents, {converter}, one thread per converter, "
            f"{convert_seconds * WORKERS * 1000 / len(docs):.0f} ms/doc per converter",
        ),
    ]
