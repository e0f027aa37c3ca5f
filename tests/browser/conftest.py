"""The browser suite: Debian's chromium driven by Playwright against pytest-django's live
server (in this process, so e-mails land in ``mail.outbox`` and Celery runs inline).

One chromium per test process; one browser context per demo user per test, logged in
through the login form the first time the test needs that user.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from django.contrib.auth.models import User

from directory.demo import demo_password
from tests.browser.artifacts import screenshots_dir
from tests.browser.language import spanish_only  # noqa: F401 (for the tests)
from tests.documents.conftest import PASSWORD, media, pki, templates  # noqa: F401 (fixtures)

T = TypeVar("T")
CHROMIUM = Path(os.environ.get("BROWSER_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = screenshots_dir()
# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
# test itself (fixtures, assertions) are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        reason = f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--lang=es-PE"]
        )
        yield chromium
        chromium.close()


def off_the_browser_thread(work: Callable[[], T]) -> T:
    """Run ``work`` in another thread on this thread's database connection (as the live
    server does): Playwright keeps an event loop running here, and pyHanko's signing calls
    ``asyncio.run``, which refuses to start inside one."""
    from django.db import connections

    connection, result = connections["default"], []

    def run() -> None:
        connections["default"] = connection
        result.append(work())

    thread = threading.Thread(target=run)
    connection.inc_thread_sharing()
    try:
        thread.start()
        thread.join()
    finally:
        connection.dec_thread_sharing()
    if not result:
        raise RuntimeError("the work failed in its thread (see the log above)")
    return result[0]


class Site:
    """The live site as seen by the demo users: one logged-in page per user."""

    def __init__(self, browser: Any, base_url: str) -> None:
        self.browser, self.base_url = browser, base_url.rstrip("/")
        self.pages: dict[str, Any] = {}
        self.contexts: list[Any] = []
        self.password = demo_password()
        self.screenshots = SCREENSHOTS
        self.check_language = True

    def new_page(self) -> Any:
        context = self.browser.new_context(
            base_url=self.base_url, locale="es-PE", accept_downloads=True,
            viewport={"width": 1280, "height": 900},
        )  # fmt: skip
        context.set_default_timeout(60_000)  # a loaded 2-core machine
        self.contexts.append(context)
        return context.new_page()

    def as_user(self, username: str) -> Any:
        """The page of ``username``, logged in through the login form on first use."""
        if username not in self.pages:
            page = self.new_page()
            page.goto("/accounts/login/")
            page.fill('input[name="username"]', username)
            page.fill('input[name="password"]', self.password)
            page.locator('form button[type="submit"], form input[type="submit"]').first.click()
            page.wait_for_url(re.compile(r".*/workflow/inbox/.*"))
            self.pages[username] = page
        return self.pages[username]

    def shot(self, page: Any, name: str, until: str = "") -> Path:
        """The whole page, or from its top down to the element ``until`` selects."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        clip = None
        if until:
            box = page.locator(until).first.bounding_box()
            width = page.viewport_size["width"]
            clip = {"x": 0, "y": 0, "width": width, "height": box["y"] + box["height"] + 16}
        page.screenshot(path=str(path), full_page=True, clip=clip)
        return path

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def _audit_emptied(live_server: Any) -> Iterator[None]:
    """The live server needs committed data, so the tables are emptied after each test;
    the audit log refuses DELETE: empty it with its triggers lifted, then put them back."""
    yield
    from importlib import import_module

    from django.db import connection

    from audit.models import AuditCheckpoint, AuditEntry

    triggers = import_module("audit.migrations.0002_append_only_triggers")
    drop, create = {
        "sqlite": (triggers.SQLITE_DROP, triggers.SQLITE),
        "postgresql": (triggers.POSTGRES_DROP, triggers.POSTGRES),
    }[connection.vendor]
    with connection.cursor() as cursor:
        for sql in drop:
            cursor.execute(sql)
        for table in (AuditEntry._meta.db_table, AuditCheckpoint._meta.db_table):
            cursor.execute(f"DELETE FROM {table}")
        for sql in create:
            cursor.execute(sql)


@pytest.fixture
def site(
    browser: Any,
    live_server: Any,
    _audit_emptied: None,
    pki: dict[str, User],  # noqa: F811
    templates: None,  # noqa: F811
) -> Iterator[Site]:
    opened = Site(browser, live_server.url)
    yield opened
    opened.close()
