"""Bad configuration gives one clear line and a non-zero exit, not a traceback."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.utils import ROOT, child_env, python


def run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [python(), *args],
        cwd=ROOT,
        env=child_env(tmp_path, **env),
        capture_output=True,
        text=True,
        timeout=60,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], expected: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert expected in lines[0]


def test_unparsable_database_url(tmp_path: Path) -> None:
    result = run(["manage.py", "check"], tmp_path, DATABASE_URL="not a url at all")
    assert_one_line_error(result, "DATABASE_URL")


def test_unsupported_database_engine(tmp_path: Path) -> None:
    result = run(["manage.py", "check"], tmp_path, DATABASE_URL="mysql://u:p@localhost/db")
    assert_one_line_error(result, "motor no soportado")


def test_production_without_secret_key(tmp_path: Path) -> None:
    result = run(["manage.py", "check"], tmp_path, APP_ENV="production", SECRET_KEY="")
    assert_one_line_error(result, "SECRET_KEY es obligatoria en producción")


def test_bad_broker_scheme(tmp_path: Path) -> None:
    result = run(["manage.py", "check"], tmp_path, CELERY_BROKER_URL="carrier-pigeon://x")
    assert_one_line_error(result, "CELERY_BROKER_URL")


@pytest.mark.slow
def test_launcher_refuses_an_unreachable_broker(tmp_path: Path) -> None:
    result = run(["-m", "config.launcher"], tmp_path, CELERY_BROKER_URL="redis://127.0.0.1:9/0")
    assert_one_line_error(result, "broker no disponible")


def test_development_secret_key_is_generated_once_and_not_in_the_repo(tmp_path: Path) -> None:
    for _ in range(2):
        result = run(["manage.py", "check"], tmp_path, SECRET_KEY="")
        assert result.returncode == 0, result.stderr
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    tracked = subprocess.run(
        ["git", "grep", "-l", key], cwd=ROOT, capture_output=True, text=True
    ).stdout
    assert tracked == ""
