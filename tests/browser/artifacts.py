"""Where the browser suite leaves its screenshots (a gitignored folder)."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings


def screenshots_dir() -> Path:
    return Path(os.environ.get("BROWSER_SCREENSHOTS", settings.BASE_DIR / "var" / "screenshots"))


def screenshots_summary(terminalreporter: object) -> None:
    """One line at the end of a run that drove the browser: where its screenshots are."""
    stats = getattr(terminalreporter, "stats", {})
    reports = [report for reports in stats.values() for report in reports]
    browsed = any(str(getattr(r, "nodeid", "")).startswith("tests/browser/") for r in reports)
    folder = screenshots_dir()
    if browsed and folder.exists():
        count = len(list(folder.glob("*.png")))
        terminalreporter.write_line(  # type: ignore[attr-defined]
            f"capturas de pantalla del navegador ({count}): {folder}"
        )
