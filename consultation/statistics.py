"""Figures for the public statistics page: counts per origin, axis, region, disposition
and day, as bar lengths the template draws without JavaScript."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from consultation.models import Consultation, Disposition, Proposal


@dataclass
class Chart:
    title: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    columns: bool = False  # a time series: drawn as vertical bars (SVG)

    @property
    def total(self) -> int:
        return sum(row["count"] for row in self.rows)


def _chart(title: str, counts: list[tuple[str, int]], *, columns: bool = False) -> Chart:
    top = max((count for _label, count in counts), default=0) or 1
    total = sum(count for _label, count in counts) or 1
    rows = [
        {"label": label, "count": count, "width": round(100 * count / top),
         "percent": round(100 * count / total), "y": 100 - round(100 * count / top)}
        for label, count in counts
    ]  # fmt: skip
    return Chart(title, rows, columns)


def charts(consultation: Consultation) -> list[Chart]:
    shown = consultation.proposals.exclude(state=Proposal.State.HIDDEN)
    origins = dict(Proposal.Origin.choices)
    dispositions = dict(Disposition.choices)
    by_origin = shown.values_list("origin").annotate(n=Count("pk")).order_by("-n")
    by_axis = shown.values_list("axis__name").annotate(n=Count("pk")).order_by("-n")
    by_region = shown.values_list("region").annotate(n=Count("pk")).order_by("-n")
    by_disposition = (
        shown.exclude(published_disposition="")
        .values_list("published_disposition")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    by_day = (
        shown.annotate(day=TruncDate("created_at"))
        .values_list("day")
        .annotate(n=Count("pk"))
        .order_by("day")
    )
    return [
        _chart(_("Proposals by origin"), [(str(origins.get(o, o)), n) for o, n in by_origin]),
        _chart(_("Proposals by axis"), [(a or _("No axis"), n) for a, n in by_axis]),
        _chart(_("Proposals by region"), [(r or _("Not stated"), n) for r, n in by_region]),
        _chart(
            _("Published responses by disposition"),
            [(str(dispositions.get(d, d)), n) for d, n in by_disposition],
        ),
        _chart(
            _("Participation over time"),
            [(day.strftime("%d/%m/%Y"), n) for day, n in by_day],
            columns=True,
        ),
    ]
