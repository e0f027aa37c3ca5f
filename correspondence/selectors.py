"""Reads for the correspondence dashboard."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from correspondence.models import Dispatch, Oficio
from directory.models import Entity

State = Dispatch.State
WAITING = [State.PENDING, State.SENT, State.RECEIVED, State.RETRY]


@dataclass(frozen=True)
class GroupCounts:
    group: str
    total: int
    waiting: int
    overdue: int
    answered: int
    errors: int


def dispatch_counts(dispatches: QuerySet[Dispatch]) -> list[GroupCounts]:
    """Pending, overdue and answered dispatches per recipient group (kind of entity)."""
    labels = dict(Entity.Kind.choices)
    rows = (
        dispatches.values("entity__kind")
        .annotate(
            total=Count("pk"),
            waiting=Count("pk", filter=Q(state__in=WAITING)),
            overdue=Count("pk", filter=Q(state=State.OVERDUE)),
            answered=Count("pk", filter=Q(state=State.ANSWERED)),
            errors=Count("pk", filter=Q(state=State.ERROR)),
        )
        .order_by("entity__kind")
    )
    return [
        GroupCounts(
            str(labels.get(r["entity__kind"], r["entity__kind"])),
            r["total"],
            r["waiting"],
            r["overdue"],
            r["answered"],
            r["errors"],
        )
        for r in rows
    ]


def issued_oficios() -> QuerySet[Oficio]:
    return (
        Oficio.objects.filter(state=Oficio.State.ISSUED)
        .annotate(
            total=Count("dispatches"),
            answered=Count("dispatches", filter=Q(dispatches__state=State.ANSWERED)),
            overdue=Count("dispatches", filter=Q(dispatches__state=State.OVERDUE)),
        )
        .order_by("-issued_at")
    )
