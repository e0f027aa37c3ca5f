"""`make run` calls config.launcher: it must come up, serve a login and stop cleanly."""

from __future__ import annotations

import re
import signal
import subprocess
from pathlib import Path

import pytest

from tests.utils import ROOT, Browser, child_env, free_port, python, wait_for_health


def _signer_id(browser: Browser) -> str:
    """The option value of the demo signer in the drafting form."""
    page = browser.get("/correspondence/nuevo/")[1]
    select = page[page.index('name="signer"') :]
    match = re.search(r'<option value="(\d+)"[^>]*>\s*firmante\s*</option>', select)
    assert match, "demo signer not offered"
    return match.group(1)


pytestmark = pytest.mark.slow


def test_launcher_serves_health_login_and_inbox_then_stops(tmp_path: Path) -> None:
    port = free_port()
    # One warm converter is enough to prove that the launcher starts and stops them.
    env = child_env(tmp_path, PORT=str(port), DEMO_PASSWORD="demo-clave-larga",
                    UNOSERVER_COUNT="1")  # fmt: skip
    env.pop("UNOSERVER_ADDRESS", None)
    env.pop("DATABASE_URL", None)
    env.pop("CELERY_BROKER_URL", None)
    log = (tmp_path / "run.log").open("w")
    proc = subprocess.Popen(
        [python(), "-m", "config.launcher"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        base = f"http://127.0.0.1:{port}"
        health = wait_for_health(base)
        assert health["status"] == "ok"
        browser = Browser(base)
        status, final_url = browser.login("secretaria", "demo-clave-larga")
        assert status == 200
        assert final_url.endswith("/workflow/inbox/")
        status, page = browser.get("/workflow/inbox/")
        assert status == 200
        assert "Bandeja de entrada" in page
        # A real request outside any test transaction: drafting starts the flow, and every
        # audited change runs inside its own transaction.
        status, final = browser.post_form("/correspondence/nuevo/", {
            "kind": "oficio_multiple", "group": "ministries", "subject": "Inicio del proceso",
            "body": "Comunico el inicio.", "review_mode": "sequential",
            "signer": _signer_id(browser), "reply_days": "10",
        })  # fmt: skip
        assert status == 200 and "/correspondence/oficio/" in final, final
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=30)
        log.close()
    output = (tmp_path / "run.log").read_text()
    assert code == 0, output[-3000:]
    assert f"http://127.0.0.1:{port}/" in output
    assert "secretaria" in output and "demo-clave-larga" in output
    assert "Warm shutdown" in output
    assert "Conversión a PDF: 1 unoserver en 127.0.0.1:" in output, output[-3000:]
    assert output.rstrip().endswith("Detenido.")
    assert (tmp_path / "db.sqlite3").exists()
