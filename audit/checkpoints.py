"""Daily checkpoints: the head of the chain at the end of each day (Lima time)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from audit.models import AuditCheckpoint, AuditEntry


def _end_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


@transaction.atomic
def checkpoint_days(*, today: date | None = None) -> list[AuditCheckpoint]:
    """Publish a checkpoint for every finished day with entries that has none yet."""
    today = today or timezone.localdate()
    created: list[AuditCheckpoint] = []
    last = AuditCheckpoint.objects.order_by("-day").first()
    first_entry = AuditEntry.objects.order_by("seq").only("created_at").first()
    if first_entry is None:
        return created
    day = (last.day + timedelta(days=1)) if last else timezone.localdate(first_entry.created_at)
    while day < today:
        head = (
            AuditEntry.objects.filter(created_at__lt=_end_of_day(day))
            .order_by("-seq")
            .values_list("seq", "hash")
            .first()
        )
        if head is not None:
            checkpoint, made = AuditCheckpoint.objects.get_or_create(
                day=day, defaults={"seq": head[0], "hash": head[1]}
            )
            if made:
                created.append(checkpoint)
        day += timedelta(days=1)
    return created


def latest_checkpoint() -> AuditCheckpoint | None:
    """What documents print in their footer."""
    return AuditCheckpoint.objects.order_by("-day").first()
