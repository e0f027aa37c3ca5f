"""schemathesis against the running API: every operation of the published schema, as the
technical secretariat with a token, with generated valid and invalid input; no 500, and
every answer matches the schema (status code, content type, body).

The API is served over HTTP by Django's live-server thread, sharing the test's database
connection (as LiveServerTestCase does for SQLite), so it serves the test's objects and
everything it writes is rolled back with the test: no flush, which the append-only audit
log would refuse."""

from __future__ import annotations

import json
import re
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


def config(world: World) -> str:
    """Real objects for the path parameters, so that operations reach past their 404."""
    ids = {
        "/api/v1/plans/": world.plan.pk, "/api/v1/processes/": world.plan_process.pk,
        "/api/v1/tasks/": world.define.pk, "/api/v1/oficios/": world.issued.pk,
        "/api/v1/dispatches/": world.minedu.pk, "/api/v1/documents/": world.code,
        "/api/v1/consultation/proposals/": world.proposal, "/api/v1/audit/entries/": world.seq,
    }  # fmt: skip
    blocks = []
    for prefix, value in ids.items():
        name = "seq" if "audit" in prefix else "code" if isinstance(value, str) else "id"
        blocks.append(f'[[operations]]\ninclude-path-regex = "^{prefix}{{{name}}}"\n'
                      f'parameters = {{ "path.{name}" = {json.dumps(value)} }}\n')  # fmt: skip
    return "\n".join(blocks)


def schemathesis(server: str, key: str, folder: Path, *options: str) -> tuple[int, str]:
    options = options if "--max-examples" in options else (*options, "--max-examples", "6")
    command = [
        str(Path(sys.executable).with_name("schemathesis")), "--config-file",
        str(folder / "schemathesis.toml"), "run", f"{server}/api/schema/", "--url", server,
        "--checks", CHECKS, "--header", f"Authorization: Token {key}",
        "--phases", "examples,fuzzing", "--seed", "2014",
        "--workers", "1", "--no-color", "--generation-database", "none",
        "--suppress-health-check", "all", "--request-timeout", "20", *options,
    ]  # fmt: skip
    run = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=folder,
                         check=False)  # fmt: skip
    return run.returncode, run.stdout[-6000:] + run.stderr[-2000:]


def test_schemathesis_finds_no_failure(api_server: str, world: World, tmp_path: Path) -> None:
    (tmp_path / "schemathesis.toml").write_text(config(world))
    secretariat = Token.objects.create(user=world.users["secretaria"])
    code, report = schemathesis(api_server, secretariat.key, tmp_path)
    assert code == 0, report
    assert re.search(r"Tested: 29\b", report) and re.search(r"(\d+) generated, \1 passed", report)
    # The audit endpoints answer the secretariat 403: run them again as an auditor.
    auditor = Token.objects.create(user=world.users["auditoria"])
    code, report = schemathesis(api_server, auditor.key, tmp_path, "--include-tag", "audit",
                                "--max-examples", "4")  # fmt: skip
    assert code == 0, report
    assert re.search(r"Tested: 4\b", report) and re.search(r"(\d+) generated, \1 passed", report)
