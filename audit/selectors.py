"""Reads of the audit log shared by the workspace, the export command and the API."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEntry

PAGE_SIZE = 50


class FilterError(ValueError):
    pass


def _day(value: str, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise FilterError(
            _("Invalid date in “%(name)s”: use YYYY-MM-DD.") % {"name": name}
        ) from None


@dataclass(frozen=True)
class AuditFilter:
    process: str = ""
    entity: str = ""
    user: str = ""
    role: str = ""
    action: str = ""
    since: str = ""
    until: str = ""

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> AuditFilter:
        values = {f.name: str(data.get(f.name) or "").strip()[:150] for f in fields(cls)}
        result = cls(**values)
        if result.process and not result.process.isdigit():
            raise FilterError(_("The process must be a number."))
        _day(result.since, "since")
        _day(result.until, "until")
        return result

    def queryset(self) -> QuerySet[AuditEntry]:
        qs = AuditEntry.objects.all()
        if self.process:
            qs = qs.filter(process_id=int(self.process))
        if self.entity:
            qs = qs.filter(actor_entity=self.entity)
        if self.user:
            qs = qs.filter(actor_username=self.user)
        if self.role:
            qs = qs.filter(actor_role__contains=self.role)
        if self.action:
            qs = qs.filter(action=self.action)
        if since := _day(self.since, "since"):
            qs = qs.filter(created_at__gte=timezone.make_aware(datetime.combine(since, time.min)))
        if until := _day(self.until, "until"):
            end = datetime.combine(until + timedelta(days=1), time.min)
            qs = qs.filter(created_at__lt=timezone.make_aware(end))
        return qs

    def as_query(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


@dataclass(frozen=True)
class Page:
    entries: list[AuditEntry]
    next_before: int | None


def entries_page(filters: AuditFilter, *, before: int | None = None, size: int = PAGE_SIZE) -> Page:
    """Newest first, by keyset (``seq < before``): one query whatever the page number."""
    qs = filters.queryset()
    if before is not None:
        qs = qs.filter(seq__lt=before)
    rows = list(qs.order_by("-seq")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return Page(rows, rows[-1].seq if more and rows else None)


def ordered_for_export(filters: AuditFilter) -> QuerySet[AuditEntry]:
    return filters.queryset().order_by("seq")
