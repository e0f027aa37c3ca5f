"""Helpers for tests that start real processes."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def child_env(var_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update({"VAR_DIR": str(var_dir), "PYTHONUNBUFFERED": "1", **extra})
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return env


def python() -> str:
    return sys.executable


class Browser:
    """A tiny cookie-keeping HTTP client for a server running in another process."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def post_form(self, path: str, data: dict[str, str | list[str]]) -> tuple[int, str]:
        """GET the form for its CSRF token, then POST ``data``; returns (status, final URL)."""
        _status, page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, f"no CSRF token on {path}"
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), **data}, doseq=True)
        request = urllib.request.Request(
            self.base + path, data=body.encode(), headers={"Referer": self.base + path}
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.geturl()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()[:3000]

    def login(self, username: str, password: str) -> tuple[int, str]:
        _status, page = self.get("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, "login form without CSRF token"
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password}
        ).encode()
        request = urllib.request.Request(
            self.base + "/accounts/login/", data=data, headers={"Referer": self.base + "/"}
        )
        with self.opener.open(request, timeout=10) as response:
            return response.status, response.geturl()


def wait_for_health(base: str, timeout: float = 90.0) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=3) as response:
                return dict(json.loads(response.read()))
        except urllib.error.HTTPError as exc:
            last = exc.read().decode()
        except OSError as exc:
            last = exc
        time.sleep(0.5)
    raise AssertionError(f"/healthz never answered 200: {last}")
