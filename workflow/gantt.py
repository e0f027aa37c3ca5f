"""The cronograma as a Gantt chart (planned against actual), drawn as inline SVG."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from workflow.models import ScheduleEntry

ROW, LABEL, WIDTH = 26, 330, 560


@dataclass(frozen=True)
class Bar:
    code: str
    name: str
    y: int
    planned_x: float
    planned_w: float
    actual_x: float | None
    actual_w: float
    planned: str
    actual: str


@dataclass(frozen=True)
class Gantt:
    bars: list[Bar]
    weeks: list[tuple[float, str]]
    height: int
    width: int = LABEL + WIDTH + 10
    label: int = LABEL


def gantt(entries: list[ScheduleEntry]) -> Gantt:
    if not entries:
        return Gantt([], [], ROW)
    today = timezone.localdate()
    actual_days = [e.actual_start.date() for e in entries if e.actual_start]
    actual_days += [e.actual_end.date() for e in entries if e.actual_end]
    first = min([e.planned_start for e in entries] + actual_days)
    last = max([e.planned_end for e in entries] + actual_days) + timedelta(days=1)
    scale = WIDTH / max((last - first).days, 1)

    def x(day: date) -> float:
        return LABEL + (day - first).days * scale

    bars = []
    for row, entry in enumerate(entries):
        start = entry.actual_start.date() if entry.actual_start else None
        end = entry.actual_end.date() if entry.actual_end else (today if start else None)
        bars.append(Bar(
            code=entry.activity, name=entry.name, y=ROW * (row + 1),
            planned_x=x(entry.planned_start),
            planned_w=max((entry.planned_end - entry.planned_start).days + 1, 1) * scale,
            actual_x=x(start) if start else None,
            actual_w=max(((end or first) - (start or first)).days + 1, 1) * scale,
            planned=f"{entry.planned_start:%d/%m/%Y} – {entry.planned_end:%d/%m/%Y}",
            actual=f"{start:%d/%m/%Y} – {end:%d/%m/%Y}" if start and end else "—",
        ))  # fmt: skip
    weeks = _ticks(first, last, x)
    return Gantt(bars, weeks, ROW * (len(entries) + 2))


MAX_TICKS = 14


def _ticks(first: date, last: date, x: Callable[[date], float]) -> list[tuple[float, str]]:
    """Grid lines every two weeks; every month, quarter or year when the span is long (a
    plan whose activities ran far from their planned dates), so labels never overlap."""
    span = (last - first).days
    if span <= MAX_TICKS * 14:
        monday = first - timedelta(days=first.weekday())
        days = [monday + timedelta(weeks=2 * n) for n in range(span // 14 + 2)]
        return [(x(d), f"{d:%d/%m}") for d in days if first <= d < last]
    months = next(m for m in (1, 3, 6, 12, 24, 60) if span / (30.4 * m) <= MAX_TICKS)
    ticks = []
    year, month = first.year, first.month
    while (day := date(year, month, 1)) < last:
        if day >= first:
            ticks.append((x(day), f"{day:%m/%Y}" if months < 12 else f"{day:%Y}"))
        month += months
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return ticks
