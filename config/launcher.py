"""Start the whole product: migrate, load actors, then web + worker + beat.

Each child runs in its own session so that a Ctrl-C or a SIGTERM to our process
group reaches only this launcher, which then stops the children in order: SIGTERM
to each main PID (gunicorn finishes its requests, the Celery worker finishes its
running tasks and hands back the rest), SIGKILL only after a grace period.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

GRACE_SECONDS = 15


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _preflight(port: str) -> list[str]:
    """Migrate and load the actors; returns the lines to print. Exits on bad config."""
    from django.conf import settings
    from django.core.management import call_command

    from core.health import check_broker, check_database

    for check in (check_database(), check_broker()):
        if not check.ok:
            raise SystemExit(f"Error: {check.name} no disponible — {check.detail}")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_actors", verbosity=0)
    call_command("load_templates", verbosity=0)
    lines = [f"Sitio: http://127.0.0.1:{port}/  (salud: http://127.0.0.1:{port}/healthz)"]
    if not settings.PRODUCTION:
        from directory.demo import DEMO_USERS, demo_password, demo_users_load

        demo_users_load()
        call_command("demo_pki", verbosity=0)
        lines.append(f"Usuarios de demostración, contraseña: {demo_password()}")
        lines += [
            f"  {u.username:<18} {', '.join(r.group_name for r in u.roles)}" for u in DEMO_USERS
        ]
    return lines


def _concurrency() -> str:
    return os.environ.get("WORKER_CONCURRENCY", str(os.cpu_count() or 2))


def _commands(port: str) -> dict[str, list[str]]:
    python = sys.executable
    workers = os.environ.get("WEB_WORKERS", "2")
    concurrency = _concurrency()
    from django.conf import settings

    return {
        "web": [
            python, "-m", "gunicorn", "config.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", workers, "--threads", "4",
            "--worker-class", "gthread", "--graceful-timeout", "10", "--timeout", "60",
        ],
        "worker": [
            python, "-m", "celery", "-A", "config", "worker", "--loglevel", "INFO",
            "--concurrency", concurrency, "--hostname", f"worker-{os.getpid()}@%h",
        ],
        "beat": [
            python, "-m", "celery", "-A", "config", "beat", "--loglevel", "INFO",
            "--schedule", settings.CELERY_BEAT_SCHEDULE_FILENAME,
        ],
    }  # fmt: skip


UNOSERVER_SH = Path(__file__).resolve().parent.parent / "tools" / "unoserver.sh"


def _unoserver(action: str, port: int, state: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "UNOSERVER_STATE": str(state)}
    return subprocess.Popen([str(UNOSERVER_SH), action, str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip


def _start_converters(count: int) -> tuple[list[int], list[str]]:
    """One warm unoserver per worker process (tools/unoserver.sh; on a fresh machine it
    first creates its venv). Returns the ports and the lines to print; no ports when they
    cannot start (no python3-uno, no LibreOffice): the worker then runs soffice per PDF."""
    from django.conf import settings

    from documents.conversion import converter_port

    if count <= 0 or os.environ.get("UNOSERVER_ADDRESS"):
        return [], []
    state = Path(settings.VAR_DIR) / "unoserver"
    # The venv first, once (starting N servers at once must not create it N times).
    install = _unoserver("install", 0, state)
    install.communicate(timeout=600)
    if install.returncode != 0:
        return [], ["Conversión a PDF: soffice por documento (unoserver no disponible)"]
    ports: list[int] = []
    try:
        for _ in range(count):
            ports.append(converter_port((ports[-1] + 1) if ports else 2003))
    except OSError:
        ports = []
    starting = [(port, _unoserver("start", port, state)) for port in ports]
    failed = [port for port, proc in starting if proc.wait(timeout=300) != 0]
    if failed or not ports:
        _stop_converters(ports)
        return [], ["Conversión a PDF: soffice por documento (unoserver no arrancó)"]
    return ports, [
        f"Conversión a PDF: {len(ports)} unoserver en 127.0.0.1:{', '.join(map(str, ports))}"
    ]


def _stop_converters(ports: list[int]) -> None:
    from django.conf import settings

    state = Path(settings.VAR_DIR) / "unoserver"
    for proc in [_unoserver("stop", port, state) for port in ports]:
        proc.wait(timeout=60)


def _stop(children: dict[str, subprocess.Popen[Any]]) -> None:
    for proc in children.values():
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + GRACE_SECONDS
    for name, proc in children.items():
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            print(f"{name} no se detuvo en {GRACE_SECONDS} s; se fuerza el cierre", flush=True)
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def main() -> int:
    from config.env import ConfigError

    port = os.environ.get("PORT", "8000")
    converters: list[int] = []
    try:
        _setup()
        lines = _preflight(port)
        commands = _commands(port)
        count = os.environ.get("UNOSERVER_COUNT", _concurrency())
        converters, converter_lines = _start_converters(int(count) if count.isdigit() else 0)
        lines += converter_lines
    except ConfigError as exc:
        print(f"Error de configuración: {exc}", file=sys.stderr)
        return 2
    except SystemExit as exc:
        print(exc.code, file=sys.stderr)
        return 1
    stopping = False

    def request_stop(signum: int, frame: Any) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    env = dict(os.environ)
    if converters:  # each worker process takes a free one of these (documents.conversion)
        env["UNOSERVER_ADDRESS"] = ",".join(f"127.0.0.1:{p}" for p in converters)
    children = {
        name: subprocess.Popen(cmd, start_new_session=True, env=env)
        for name, cmd in commands.items()
    }
    print("\n".join(lines), flush=True)
    exit_code = 0
    while not stopping:
        dead = [name for name, proc in children.items() if proc.poll() is not None]
        if dead:
            print(f"El proceso {dead[0]} terminó inesperadamente; deteniendo todo", flush=True)
            exit_code = 1
            break
        time.sleep(0.5)
    _stop(children)
    _stop_converters(converters)
    print("Detenido.", flush=True)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
