"""Reads shared by the views, the workflow and the exports."""

from __future__ import annotations

import time

from django.db.models import QuerySet

from consultation.models import Consultation, Proposal
from workflow.models import Commitment, Workshop


def proposals_for_workshop(workshop: Workshop) -> QuerySet[Proposal]:
    return Proposal.objects.filter(workshop=workshop).select_related("axis").order_by("pk")


def consultation_settled(consultation: Consultation) -> bool:
    """Closed, and every proposal not hidden by moderation has a published answer."""
    if consultation.state != Consultation.State.CLOSED:
        return False
    unanswered = consultation.proposals.exclude(state=Proposal.State.HIDDEN).filter(
        published_disposition=""
    )
    return not unanswered.exists()


_OPEN_CACHE: dict[str, tuple[float, Consultation | None]] = {}
OPEN_CACHE_SECONDS = 5.0


def open_consultation_cached() -> Consultation | None:
    """The open consultation, remembered by each process for a few seconds: the citizen's
    hot path then costs one INSERT. A stale answer is harmless: the intake still checks
    the window's dates, and a window only closes by its timer after its end."""
    now = time.monotonic()
    hit = _OPEN_CACHE.get("open")
    if hit is not None and now - hit[0] < OPEN_CACHE_SECONDS:
        return hit[1]
    consultation = (
        Consultation.objects.select_related("plan")
        .filter(state=Consultation.State.OPEN)
        .order_by("-opens_at")
        .first()
    )
    _OPEN_CACHE["open"] = (now, consultation)
    return consultation


def forget_open_consultation() -> None:
    _OPEN_CACHE.clear()


def current_consultation() -> Consultation | None:
    """The consultation the public site shows: the open one, else the latest."""
    queryset = Consultation.objects.select_related("plan")
    return (
        queryset.filter(state=Consultation.State.OPEN).order_by("-opens_at").first()
        or queryset.order_by("-opens_at").first()
    )


def published_proposals(consultation: Consultation) -> QuerySet[Proposal]:
    """The rendición de cuentas: answered proposals once the answers are published."""
    return (
        consultation.proposals.exclude(state=Proposal.State.HIDDEN)
        .exclude(published_disposition="")
        .select_related("axis", "commitment", "assigned_commitment", "cluster", "workshop")
        .prefetch_related("assigned_commitment__final_versions")
        .order_by("pk")
    )


def proposal_by_code(code: str) -> Proposal | None:
    code = "".join(code.split()).upper()[:16]
    return (
        Proposal.objects.select_related("consultation", "assigned_commitment", "commitment")
        .filter(code=code)
        .first()
    )


def draft_commitments(plan_id: int | None) -> QuerySet[Commitment]:
    """The plan's draft commitments, built once per plan and process: the form field's
    setter and ``.filter()`` clone it (no rows are shared), so each request skips building
    the same filter."""
    queryset = _DRAFTS.get(plan_id)
    if queryset is None:
        queryset = Commitment.objects.filter(
            plan_id=plan_id, stage=Commitment.Stage.DRAFT
        ).select_related("axis")
        _DRAFTS[plan_id] = queryset
    return queryset


_DRAFTS: dict[int | None, QuerySet[Commitment]] = {}
