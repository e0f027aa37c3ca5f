"""Beat task: open scheduled consultations when their window starts."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from consultation.models import Consultation
from consultation.services import consultation_open_due


@shared_task(name="consultation.open_due_task")
def open_due_task() -> int:
    """Idempotent: each consultation is re-checked under its row lock."""
    due = Consultation.objects.filter(
        state=Consultation.State.SCHEDULED, opens_at__lte=timezone.now(), plan__state="consulta"
    )
    return sum(consultation_open_due(consultation=c) for c in due)
