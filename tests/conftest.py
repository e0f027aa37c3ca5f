from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection

from audit.services import audit_record
from config.celery import app as celery_app

IN_CI = os.environ.get("CI") == "true"


def servers_configured() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get(
        "CELERY_BROKER_URL", ""
    ).startswith("redis")


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    # Password hashing is deliberately slow; tests log in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if servers_configured():
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL + Redis (TEST_POSTGRES_URL, TEST_REDIS_URL)")
    for item in items:
        if "server" in item.keywords:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    # Here, not in tests/browser/conftest.py: under xdist the controller loads only this one.
    from tests.browser.artifacts import screenshots_summary

    screenshots_summary(terminalreporter)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Any:
    report = yield
    # A server test that is skipped in CI hides a missing service: count it as failed.
    if IN_CI and report.skipped and "server" in item.keywords:
        report.outcome = "failed"
        report.longrepr = f"server test skipped in CI: {report.longrepr}"
    return report


@pytest.fixture(scope="session", autouse=True)
def _warm_converter(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """One warm LibreOffice (unoserver) per test process, as in production: a cold
    ``soffice`` costs about a second per PDF. Without Debian's python3-uno the tests
    convert with ``soffice`` instead (TEST_COLD_SOFFICE=1 forces it)."""
    import subprocess
    import warnings

    from django.conf import settings

    if os.environ.get("TEST_COLD_SOFFICE") == "1" or settings.UNOSERVER_ADDRESS:
        yield
        return
    from documents.conversion import converter_port

    # Above the launcher's range (2003+), one range per xdist worker.
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    port = converter_port(3103 + 100 * worker)
    script = str(settings.BASE_DIR / "tools" / "unoserver.sh")
    env = {**os.environ, "UNOSERVER_STATE": str(tmp_path_factory.mktemp("unoserver"))}
    started = subprocess.run([script, "start", str(port)], env=env, capture_output=True,
                             text=True, timeout=180, check=False)  # fmt: skip
    if started.returncode != 0:
        warnings.warn(f"no warm converter, soffice per PDF: {started.stderr[-300:]}", stacklevel=1)
        yield
        return
    settings.UNOSERVER_ADDRESS = f"127.0.0.1:{port}"
    try:
        yield
    finally:
        settings.UNOSERVER_ADDRESS = ""
        subprocess.run([script, "stop", str(port)], env=env, capture_output=True, timeout=60,
                       check=False)  # fmt: skip


@pytest.fixture(autouse=True)
def _no_remembered_consultation() -> None:
    """Each process remembers the open consultation for a few seconds; a test must not see
    the one (or the absence) remembered while another test's transaction was alive."""
    from consultation.selectors import forget_open_consultation

    forget_open_consultation()


@pytest.fixture(autouse=True)
def _celery_inline() -> Iterator[None]:
    """Tasks run inline in the test process, unless a test starts a real worker."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def actors(db: None) -> None:
    from directory.actors import actors_load

    actors_load()


@pytest.fixture
def demo_users(actors: None) -> dict[str, User]:
    from directory.demo import demo_users_load

    names = demo_users_load()
    return {user.username: user for user in User.objects.filter(username__in=names)}


def _drop_triggers() -> None:
    """What an attacker with database rights does first."""
    with connection.cursor() as cursor:
        for table in ("audit_auditentry", "audit_auditcheckpoint"):
            if connection.vendor == "postgresql":
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            else:
                cursor.execute(f"DROP TRIGGER {table}_no_update")
                cursor.execute(f"DROP TRIGGER {table}_no_delete")


@pytest.fixture
def no_triggers(db: None) -> Iterator[None]:
    # Inside the test's transaction: rolled back with it.
    _drop_triggers()
    yield


@pytest.fixture
def chain(db: None) -> Callable[[int], None]:
    def make(count: int) -> None:
        for number in range(count):
            audit_record(
                action="oficio.emitir",
                object_type="oficio",
                object_id=number,
                object_repr=f"OFICIO N° {number:04d}-2014-PCM/SGP — «Año» & <prueba>",
                from_state="para_despacho",
                to_state="emitido",
                payload={"sha256": f"{number:064x}", "destinatarios": ["GR-05", "GR-20"]},
            )

    return make
