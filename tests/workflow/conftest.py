from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from directory.models import Entity, Office
from tests.documents.conftest import PASSWORD, media, pki, templates  # noqa: F401 (fixtures)
from workflow.flows import plan_start
from workflow.models import ActionPlan
from workflow.planning import plan_create
from workflow.simulation.driver import FlowDriver


@pytest.fixture
def plan(pki: dict[str, User], templates: None) -> ActionPlan:  # noqa: F811
    pcm = Entity.objects.get(code="PCM")
    return plan_create(
        title="Plan de Acción de Gobierno Abierto del Perú", start_year=2014, end_year=2016,
        entity=pcm, office=Office.objects.get(entity=pcm, acronym="SGP"),
        actor=pki["secretaria"],
    )  # fmt: skip


@pytest.fixture
def driver(plan: ActionPlan) -> Any:
    return FlowDriver(plan_start(plan))
