"""schemathesis against the running API: every operation of the published schema, as the
technical secretariat with a token, with generated valid and invalid input; no 500, and
every answer matches the schema (status code, content type, body).

The API is served over HTTP by Django's live-server thread, sharing the test's database
connection (as LiveServerTestCase does for SQLite), so it serves the test's objects and
everything it writes is rolled back with the test: no flush, which the append-only audit
log would refuse."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token

from tests.api.world import World

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CHECKS = ("not_a_server_error,status_code_conformance,content_type_conformance,"
          "response_schema_conformance")  # fmt: skip


@pytest.fixture
def api_server(world: World) -> Iterator[str]:
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.db import connections
    from django.test.testcases import LiveServerThread

    connection = connections["default"]  # the object itself, not the thread-local proxy
    connection.inc_thread_sharing()
    thread = LiveServerThread("127.0.0.1", StaticFilesHandler, {"default": connection}, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    try:
        yield f"http://127.0.0.1:{thread.port}"
    finally:
        thread.terminate()
        connection.dec_thread_sharing()


def test_schemathesis_finds_no_failure(api_server: str, world: World, tmp_path: Path) -> None:
    live_server = api_server
    token = Token.objects.create(user=world.users["secretaria"])
    command = [
        str(Path(sys.executable).with_name("schemathesis")), "run",
        f"{live_server}/api/schema/", "--url", f"{live_server}",
        "--checks", CHECKS, "--header", f"Authorization: Token {token.key}",
        "--max-examples", "8", "--phases", "examples,fuzzing", "--seed", "2014",
        "--workers", "1", "--no-color", "--generation-database", "none",
        "--suppress-health-check", "all", "--request-timeout", "20",
    ]  # fmt: skip
    run = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=tmp_path,
                         check=False)  # fmt: skip
    report = run.stdout[-6000:] + run.stderr[-2000:]
    assert run.returncode == 0, report
    assert "No issues found" in run.stdout or " passed" in run.stdout, report
