from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from consultation.models import Consultation
from consultation.selectors import forget_open_consultation
from consultation.services import consultation_open
from directory.models import Entity, Office
from workflow.models import ActionPlan, Commitment
from workflow.planning import plan_create
from workflow.services import commitment_create

PASSWORD = "demo-consulta-2014"


@pytest.fixture(autouse=True)
def _clean_cache() -> None:
    cache.clear()  # rate-limit counters must not leak between tests
    forget_open_consultation()


@pytest.fixture
def users(demo_users: dict[str, User]) -> dict[str, User]:
    return demo_users


@pytest.fixture
def plan(users: dict[str, User]) -> ActionPlan:
    pcm = Entity.objects.get(code="PCM")
    plan = plan_create(
        title="Plan de Acción de Gobierno Abierto del Perú", start_year=2014, end_year=2016,
        entity=pcm, office=Office.objects.get(entity=pcm, acronym="SGP"),
        actor=users["secretaria"],
    )  # fmt: skip
    for axis, name in zip(plan.axes.order_by("number")[:2], ("transparencia", "participación"),
                          strict=True):  # fmt: skip
        commitment_create(
            plan=plan, actor=users["secretaria"], axis=axis, lead=pcm,
            title=f"Compromiso sobre {name}", start_date=date(2014, 7, 1),
            end_date=date(2016, 6, 30), problem="Problema público descrito.",
            description="Descripción del compromiso.", solution="Cómo lo resuelve.",
            values=["transparency"],
        )  # fmt: skip
    return plan


@pytest.fixture
def consultation(plan: ActionPlan, users: dict[str, User]) -> Consultation:
    now = timezone.now()
    return consultation_open(
        plan=plan, opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=21),
        actor=users["secretaria"],
    )  # fmt: skip


@pytest.fixture
def drafts(plan: ActionPlan) -> list[Commitment]:
    return list(plan.commitments.filter(stage=Commitment.Stage.DRAFT).order_by("number"))


def staff_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client
