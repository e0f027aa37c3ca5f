"""Public consultation intake: proposals accepted per second on gunicorn (2 workers) +
PostgreSQL against a trivial Django view in the same run, no proposal lost over a
60-second load; and similar-proposal suggestions for 10,000 proposals.

The load comes from one process of keep-alive http.client threads (light enough not to
starve a 2-core server); every thread first GETs the form for its CSRF cookie and token,
as a browser does, then POSTs the same urlencoded form again and again.
"""

from __future__ import annotations

import http.client
import os
import random
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.utils import timezone

from benchmarks.harness import Figure, timed
from benchmarks.servers import free_port, wait_for_port

# Keep-alive client connections and gunicorn threads per worker (the same for both sides).
THREADS = int(os.environ.get("BENCH_INTAKE_CLIENTS", "8"))
SERVER_THREADS = int(os.environ.get("BENCH_INTAKE_SERVER_THREADS", "4"))
FORM = "application/x-www-form-urlencoded"


def _setup() -> Any:
    from django.contrib.auth.models import User

    from consultation.services import consultation_open
    from directory.actors import actors_load
    from directory.demo import demo_users_load
    from directory.models import Entity, Office
    from workflow.planning import plan_create

    actors_load()
    demo_users_load()
    secretariat = User.objects.get(username="secretaria")
    pcm = Entity.objects.get(code="PCM")
    plan = plan_create(
        title="Plan de carga", start_year=2014, end_year=2016, entity=pcm,
        office=Office.objects.get(entity=pcm, acronym="SGP"), actor=secretariat,
    )  # fmt: skip
    now = timezone.now()
    return consultation_open(plan=plan, opens_at=now - timedelta(hours=1),
                             closes_at=now + timedelta(days=1), actor=secretariat)  # fmt: skip


@contextmanager
def _gunicorn() -> Iterator[int]:
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.intake_settings",
        "ALLOWED_HOSTS": "127.0.0.1",
        "CACHE_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"),
        # Limits are still counted in Redis on every request, never reached here.
        "CONSULTATION_RATE_PER_IP": "1000000000",
        "CONSULTATION_RATE_PER_EMAIL": "1000000000",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "-w", "2", "-k", "gthread",
         "--threads", str(SERVER_THREADS), "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
        env=env,
    )  # fmt: skip
    try:
        wait_for_port(port, pause=0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def _session(port: int) -> tuple[http.client.HTTPConnection, str, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/consulta/aportar/")
    response = conn.getresponse()
    page = response.read().decode()
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert cookie and token, f"no CSRF token in the form ({response.status})"
    return conn, cookie.group(1), token.group(1)


def _load(port: int, path: str, seconds: float, ok: int) -> Counter[str]:
    """POST the form to ``path`` from THREADS keep-alive connections for ``seconds``."""
    counts: Counter[str] = Counter()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker(number: int) -> None:
        conn, cookie, token = _session(port)
        local: Counter[str] = Counter()
        sent = 0
        while time.monotonic() < deadline:
            sent += 1
            body = urlencode({
                "csrfmiddlewaretoken": token, "region": "Cusco", "author_name": "Carga",
                "data_consent": "on",
                "text": f"Aporte {number}-{sent}: publicar los contratos en datos abiertos.",
            })  # fmt: skip
            headers = {"Content-Type": FORM, "Cookie": f"csrftoken={cookie}"}
            try:
                conn.request("POST", path, body, headers)
                response = conn.getresponse()
                response.read()
                local["accepted" if response.status == ok else f"http {response.status}"] += 1
            except (OSError, http.client.HTTPException):
                local["connection error"] += 1
                conn.close()
                conn, cookie, token = _session(port)
        with lock:
            counts.update(local)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return counts


def _texts(count: int) -> list[str]:
    """Proposals as people write them: a few themes, many wordings, some near-copies."""
    rng = random.Random(2014)  # noqa: S311 (test data, not secrets)
    verbs = ["publicar", "crear", "fortalecer", "ampliar", "implementar", "difundir", "mejorar"]
    objects = ["los contratos del Estado", "un portal de obras públicas", "datos abiertos de salud",
               "la declaración jurada de intereses", "el presupuesto participativo regional",
               "los registros de visitas", "la información de programas sociales",
               "el acceso a la información pública", "mecanismos de denuncia anónima"]  # fmt: skip
    extras = ["en formato abierto", "con actualización mensual", "en lenguas originarias",
              "para las municipalidades", "con participación de la sociedad civil",
              "en la región", "con indicadores verificables",
              "y rendir cuentas cada año"]  # fmt: skip
    texts: list[str] = []
    while len(texts) < count:
        if texts and rng.random() < 0.1:  # a near-copy of an earlier proposal
            base = rng.choice(texts)
            texts.append(base.replace("los", "las", 1) + rng.choice([".", " por favor.", ""]))
            continue
        words = [rng.choice(verbs), rng.choice(objects), *rng.sample(extras, rng.randint(1, 4)),
                 f"(propuesta {len(texts)})"]  # fmt: skip
        texts.append(" ".join(words).capitalize())
    return texts


def run(*, scale: float) -> list[Figure]:
    from django.db import connection

    from consultation.models import Proposal
    from consultation.suggestions import suggestions_for

    consultation = _setup()
    load_seconds = max(10.0, 60.0 * scale)
    figures = []
    with _gunicorn() as port:
        _load(port, "/bench/trivial/", 3, 200)  # warm both workers up
        print(f"intake: trivial view, {THREADS} connections, {load_seconds / 3:.0f} s…", flush=True)
        trivial = _load(port, "/bench/trivial/", load_seconds / 3, 200)
        print(f"intake: proposals, {THREADS} connections, {load_seconds:.0f} s…", flush=True)
        before = Proposal.objects.count()
        intake = _load(port, "/consulta/aportar/", load_seconds, 302)
    stored = Proposal.objects.count() - before
    trivial_rate = trivial["accepted"] / (load_seconds / 3)
    intake_rate = intake["accepted"] / load_seconds
    failures = {k: v for k, v in intake.items() if k != "accepted"}
    figures.append(Figure(
        f"intake: proposals accepted/s, gunicorn 2 workers ({connection.vendor})", intake_rate,
        "/s", "trivial Django view (same middleware, same POST)", trivial_rate,
        target="≥ 0.5× the trivial view",
        detail=f"{intake['accepted']:,} accepted in {load_seconds:.0f} s; trivial "
               f"{trivial['accepted']:,} in {load_seconds / 3:.0f} s; failures {failures or 0}; "
               f"CONN_MAX_AGE={os.environ.get('BENCH_CONN_MAX_AGE', '60')}",
    ))  # fmt: skip
    figures.append(Figure(
        "intake: proposals lost over the load (rows vs 302 responses)",
        float(intake["accepted"] - stored), "", target="0",
        detail=f"{stored:,} rows for {intake['accepted']:,} accepted responses",
    ))  # fmt: skip

    count = max(1000, int(10_000 * scale))
    print(f"intake: suggestions for {count:,} proposals…", flush=True)
    Proposal.objects.bulk_create(
        (Proposal(consultation=consultation, origin="paper", text=text, data_consent=False,
                  state=Proposal.State.VISIBLE) for text in _texts(count)), batch_size=2000,
    )  # fmt: skip
    # The load's proposals are near-copies of one text: measure on the synthetic set only.
    Proposal.objects.filter(consultation=consultation, origin="web").delete()
    seconds, suggestions = timed(lambda: suggestions_for(consultation, limit=200))
    figures.append(Figure(
        f"consultation: similar-proposal suggestions, {count:,} proposals", seconds, "s",
        target="< 30 s", detail=f"{len(suggestions)} pairs ≥ 80 % shown; rapidfuzz cdist, "
                                f"{os.cpu_count()} cores",
    ))  # fmt: skip
    return figures
