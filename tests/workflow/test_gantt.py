"""The cronograma's Gantt chart keeps legible labels whatever the span."""

from __future__ import annotations

from datetime import UTC, date, datetime

from workflow.gantt import MAX_TICKS, gantt
from workflow.models import ScheduleEntry


def entry(code: str, start: date, end: date, actual: datetime | None = None) -> ScheduleEntry:
    return ScheduleEntry(activity=code, name=f"Actividad {code}", planned_start=start,
                         planned_end=end, actual_start=actual, actual_end=actual)  # fmt: skip


def test_a_plan_on_schedule_is_drawn_in_fortnights() -> None:
    chart = gantt([entry("a", date(2013, 12, 2), date(2013, 12, 13)),
                   entry("l", date(2014, 5, 5), date(2014, 5, 30))])  # fmt: skip
    labels = [label for _x, label in chart.weeks]
    assert labels[0] == "02/12" and "16/12" in labels
    assert len(labels) <= MAX_TICKS


def test_activities_run_years_late_are_drawn_in_years() -> None:
    late = datetime(2026, 11, 26, 15, tzinfo=UTC)
    chart = gantt([entry("a", date(2013, 12, 2), date(2013, 12, 13), late)])
    labels = [label for _x, label in chart.weeks]
    assert labels == [str(year) for year in range(2014, 2027)][: len(labels)]
    assert 10 <= len(labels) <= MAX_TICKS
    (bar,) = chart.bars
    assert bar.actual == "26/11/2026 – 26/11/2026" and bar.actual_x is not None
    assert bar.actual_x > bar.planned_x + 500  # drawn where it happened, far right
