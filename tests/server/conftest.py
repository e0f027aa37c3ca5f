from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from config.celery import app as celery_app
from tests.utils import ROOT, child_env, python


def database_url() -> str:
    s = connection.settings_dict
    host, port = s["HOST"] or "127.0.0.1", s["PORT"] or 5432
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{host}:{port}/{s['NAME']}"


@pytest.fixture(scope="module")
def worker(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """A real Celery worker on Redis and the test database; yields its VAR_DIR."""
    var_dir = tmp_path_factory.mktemp("worker-var")
    with django_db_blocker.unblock():
        url = database_url()
    celery_app.control.purge()
    log = (var_dir / "worker.log").open("w")
    proc = subprocess.Popen(
        [python(), "-m", "celery", "-A", "config", "worker", "--loglevel", "INFO",
         "--concurrency", "2", "--hostname", "test-worker@%h"],
        cwd=ROOT, env=child_env(var_dir, DATABASE_URL=url), stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while "ready." not in (var_dir / "worker.log").read_text():
        assert proc.poll() is None, (var_dir / "worker.log").read_text()[-3000:]
        assert time.monotonic() < deadline, "worker did not start"
        time.sleep(0.3)
    yield var_dir
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)
    log.close()


@pytest.fixture
def real_broker() -> Iterator[None]:
    """Send tasks through the broker instead of running them inline."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = previous


def wait_until(predicate: Any, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.2)


def run_at_once(
    script: str, arguments: list[list[str]], tmp_path: Path, timeout: float = 300
) -> None:
    """One process per argument list, on the test database, released together.

    Each script receives the start-line path as its first argument; it must create
    ``<path>.ready.<pid>`` once Django is set up, then wait for the path to exist.
    """
    go = tmp_path / "go"
    env = child_env(tmp_path, DATABASE_URL=database_url())
    procs = [
        subprocess.Popen(
            [python(), "-c", script, str(go), *args],
            cwd=ROOT,
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for args in arguments
    ]
    wait_until(lambda: len(list(tmp_path.glob("go.ready.*"))) == len(procs), timeout=120)
    go.touch()
    for proc in procs:
        _out, err = proc.communicate(timeout=timeout)
        assert proc.returncode == 0, err[-2000:]
