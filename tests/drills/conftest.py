"""Real processes for the fault drills: Celery workers, gunicorn, a converter, and a
Redis and a PostgreSQL of the drill's own, which it may stop without harming anyone.

The shared PostgreSQL (5432) and Redis (6379) are never stopped: a drill that stops a
server starts its own throwaway one on a free port.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.documents.conftest import media, pki, templates  # noqa: F401 (fixtures)
from tests.server.conftest import database_url, real_broker  # noqa: F401 (fixtures)
from tests.utils import ROOT, child_env, free_port, python


def wait_for(predicate: Any, timeout: float = 60.0, step: float = 0.2, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"not in time: {what}"
        time.sleep(step)


def drill_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """A child process on the test database, sharing the test's keys and media."""
    env = child_env(
        var_dir,
        DATABASE_URL=database_url(),
        SECRET_KEY=settings.SECRET_KEY,
        CREDENTIALS_KEY=settings.CREDENTIALS_KEY,
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        SIGNATURE_TRUST_ROOTS=",".join(settings.SIGNATURE_TRUST_ROOTS),
        UNOSERVER_ADDRESS=settings.UNOSERVER_ADDRESS,
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


class Proc:
    """A child process in its own session, so that ``kill9`` takes its children too."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.args, self.env, self.log = args, env, log
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> Proc:
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                self.args, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        return self

    def text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill9(self) -> None:
        """SIGKILL to the whole process group: the machine lost power, as far as it knows."""
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self) -> None:
        if not self.alive():
            return
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)


def start_worker(var_dir: Path, env: dict[str, str], concurrency: int = 2, name: str = "w") -> Proc:
    log = var_dir / f"worker-{name}.log"
    mark = len(log.read_text()) if log.exists() else 0
    worker = Proc(
        [python(), "-m", "celery", "-A", "config", "worker", "--loglevel", "INFO",
         "--concurrency", str(concurrency), "--hostname", f"drill-{name}-{os.getpid()}@%h",
         "--without-mingle", "--without-gossip"],
        env, log,
    ).start()  # fmt: skip
    wait_for(
        lambda: "ready." in worker.text()[mark:] or not worker.alive(), 90, what="worker ready"
    )
    assert worker.alive(), worker.text()[-3000:]
    return worker


def start_web(var_dir: Path, env: dict[str, str], workers: int = 1, threads: int = 4) -> Any:
    """gunicorn on a free port; returns (process, base URL)."""
    port = free_port()
    web = Proc(
        [str(Path(python()).parent / "gunicorn"), "config.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
         "--timeout", "120", "--graceful-timeout", "5"],
        env, var_dir / "web.log",
    ).start()  # fmt: skip
    base = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        assert web.alive(), web.text()[-3000:]
        try:
            urllib.request.urlopen(base + "/accounts/login/", timeout=2).close()
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False
        return True

    wait_for(answers, 60, what="gunicorn answers")
    return web, base


# --- HTTP as a logged-in user -----------------------------------------------------


@dataclass
class Response:
    status: int
    text: str
    location: str = ""
    headers: dict[str, str] = field(default_factory=dict)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Session:
    """One browser: the session cookie of a user logged in through Django's own login
    (``force_login`` in the test process writes the session row the server reads)."""

    def __init__(self, base: str, user: Any = None) -> None:
        self.base = base
        self.cookies: dict[str, str] = {}
        if user is not None:
            client = Client()
            client.force_login(user)
            self.cookies["sessionid"] = client.cookies["sessionid"].value
        self.opener = urllib.request.build_opener(_NoRedirect)

    def _open(self, request: urllib.request.Request) -> Response:
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            response = self.opener.open(request, timeout=120)
        except urllib.error.HTTPError as exc:
            response = exc
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        body = response.read().decode(errors="replace")
        headers = {k.lower(): v for k, v in response.headers.items()}
        return Response(response.status, body, headers.get("location", ""), headers)

    def get(self, path: str) -> Response:
        return self._open(urllib.request.Request(self.base + path))

    def csrf(self, path: str) -> str:
        page = self.get(path)
        assert page.status == 200, (path, page.status, page.text[:500])
        return self.cookies["csrftoken"]

    def post(self, path: str, data: dict[str, str], token: str) -> Response:
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}).encode()
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        return self._open(request)


# --- servers of the drill's own ---------------------------------------------------


class OwnRedis:
    def __init__(self, folder: Path) -> None:
        self.folder, self.port = folder, free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        wait_for(self.answers, 20, what="redis")

    def answers(self) -> bool:
        return (
            subprocess.run(
                ["redis-cli", "-p", str(self.port), "ping"], capture_output=True, check=False
            ).stdout.strip()
            == b"PONG"
        )

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait(timeout=10)


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[OwnRedis]:
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is not installed")
    server = OwnRedis(tmp_path)
    server.start()
    yield server
    if server.proc is not None and server.proc.poll() is None:
        server.kill()


class OwnPostgres:
    """A throwaway cluster (initdb + pg_ctl) on a free port. PostgreSQL refuses to run as
    root: as root (CI) it runs as the ``postgres`` system user through runuser."""

    def __init__(self) -> None:
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
        if not found:
            pytest.fail("PostgreSQL server binaries not found under /usr/lib/postgresql")
        self.bin = found[-1].parent
        self.folder = Path(tempfile.mkdtemp(prefix="drill-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            self.folder.chmod(0o755)
            shutil.chown(self.folder, "postgres")

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stdout + done.stderr

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "ci", "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8", "-N")  # fmt: skip

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c full_page_writes=off"
        )
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l",
                  str(self.folder / "log"), "-w", "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def url(self, name: str) -> str:
        return f"postgres://ci@127.0.0.1:{self.port}/{name}"

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def own_postgres() -> Iterator[OwnPostgres]:
    cluster = OwnPostgres()
    cluster.init()
    cluster.start()
    yield cluster
    cluster.remove()


@pytest.fixture
def converter_pair(tmp_path: Path) -> Iterator[str]:
    """A second warm converter beside the session's: the workers of a drill convert on
    two LibreOffices at once, one per worker process (as `make run` does)."""
    from documents.conversion import converter_port

    script = str(ROOT / "tools" / "unoserver.sh")
    port = converter_port(3603 + (os.getpid() % 50) * 2)
    env = {**os.environ, "UNOSERVER_STATE": str(tmp_path / "uno")}
    started = subprocess.run([script, "start", str(port)], env=env, capture_output=True,
                             text=True, timeout=180, check=False)  # fmt: skip
    assert started.returncode == 0, started.stderr
    addresses = [a for a in [settings.UNOSERVER_ADDRESS, f"127.0.0.1:{port}"] if a]
    yield ",".join(addresses)
    subprocess.run([script, "stop", str(port)], env=env, capture_output=True, timeout=60,
                   check=False)  # fmt: skip


# --- the correspondence the drills work on ----------------------------------------


def merge_model(users: dict[str, Any], count: int) -> Any:
    """An approved mail-merge text to ``count`` entities with an official e-mail."""
    from correspondence.models import Oficio
    from correspondence.services import oficio_create, oficio_route
    from directory.models import Entity

    recipients = list(Entity.objects.exclude(email="").order_by("code")[:count])
    assert len(recipients) == count
    model = oficio_create(
        author=users["secretaria"], kind=Oficio.Kind.MERGE, subject="Designación de enlaces",
        body=["Solicito designar un enlace institucional para el Plan de Acción."],
        references=["Decreto Supremo N° 003-2013-PCM"], recipients=recipients, reviewers=[],
        signer=users["firmante"],
    )  # fmt: skip
    return oficio_route(oficio=model, actor=users["secretaria"])


def correlatives(numbers: list[str]) -> list[int]:
    """``OFICIO N° 0045-2014-PCM/SGP`` → 45."""
    return sorted(int(n.split(" ")[2].split("-")[0]) for n in numbers)


def oficio_at(users: dict[str, Any], node: str, reviewers: tuple[str, ...] = ()) -> Any:
    """An oficio to two ministries whose OficioFlow waits at ``node`` ("review" or
    "sign"); returns that open task."""
    from django.urls import get_resolver
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    from correspondence.flows import OficioFlow, oficio_start
    from correspondence.models import Oficio
    from correspondence.services import oficio_create
    from directory.models import Entity

    get_resolver().url_patterns  # noqa: B018 (flow URLs need the site's URLconf)
    oficio = oficio_create(
        author=users["secretaria"], kind=Oficio.Kind.MULTIPLE, subject="Inicio del proceso",
        body=["Me dirijo a usted para comunicarle el inicio del proceso."], references=[],
        recipients=list(Entity.objects.filter(code__in=["MINSA", "MTC"])),
        reviewers=[users[name] for name in reviewers], signer=users["firmante"],
    )  # fmt: skip
    process = oficio_start(oficio)
    return Task.objects.get(
        process=process, flow_task=getattr(OficioFlow, node), status=STATUS.ASSIGNED
    )


def execute_path(task: Any) -> str:
    return str(task.flow_task.reverse("execute", args=[task.process_id, task.pk]))
