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


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Any:
    report = yield
    # A server test that is skipped in CI hides a missing service: count it as failed.
    if IN_CI and report.skipped and "server" in item.keywords:
        report.outcome = "failed"
        report.longrepr = f"server test skipped in CI: {report.longrepr}"
    return report


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
