"""Random sequences of legal and illegal steps on the plan flow's first activity (a).

The technical secretariat records the commission session and the president approves it
or returns it with observations; anyone else who tries is refused. Whatever the order,
a refused step changes nothing, the flow is always at exactly one of the two steps (or
past them), every completed step left its audit entry, and the chain verifies.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from audit.models import AuditEntry
from audit.verification import verify_database
from workflow.flows import PlanFlow, plan_start
from workflow.models import ActionPlan
from workflow.planning import plan_create
from workflow.simulation import content
from workflow.simulation.driver import FlowDriver, StepRefused

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

PEOPLE = ["secretaria", "presidencia", "asesoria", "firmante", "altadireccion"]
DECISIONS = [
    {"decision": "approve"},
    {"decision": "return", "comment": "Precisar las fechas de los talleres."},
    {"decision": "return", "comment": ""},  # refused: an observation needs its text
]
OPEN = [STATUS.NEW, STATUS.ASSIGNED]


class PlanMachine(RuleBasedStateMachine):
    users: dict[str, User]
    plan: ActionPlan

    @initialize()
    def start(self) -> None:
        self.driver = FlowDriver(plan_start(self.plan))
        self.approved = False

    def open_steps(self) -> list[Any]:
        return list(
            Task.objects.filter(process=self.driver.process, status__in=OPEN)
            .filter(flow_task__in=[PlanFlow.define, PlanFlow.approve_definition])
            .values_list("flow_task", flat=True)
        )

    def snapshot(self) -> tuple[Any, ...]:
        tasks = Task.objects.filter(process=self.driver.process).order_by("pk")
        return (list(tasks.values_list("pk", "status", "owner_id")), AuditEntry.objects.count())

    def attempt(self, node: Any, who: str, data: dict[str, Any]) -> None:
        if not self.driver.open_tasks(node):
            return
        before = self.snapshot()
        try:
            self.driver.step(node, who, data)
        except StepRefused:
            # viewflow may have let the user claim the task before the form was refused;
            # nothing else may have changed.
            after = self.snapshot()
            assert [t[1] for t in after[0] if t[1] == STATUS.DONE] == [
                t[1] for t in before[0] if t[1] == STATUS.DONE
            ]
            assert len(after[0]) == len(before[0])
            return
        if node is PlanFlow.approve_definition and data["decision"] == "approve":
            self.approved = True

    @rule(who=st.sampled_from(["secretaria", "secretaria", *PEOPLE]))
    def record_session(self, who: str) -> None:
        self.attempt(PlanFlow.define, who, content.SESSION)

    @rule(who=st.sampled_from(["presidencia", "presidencia", *PEOPLE]),
          data=st.sampled_from(DECISIONS))  # fmt: skip
    def decide(self, who: str, data: dict[str, Any]) -> None:
        self.attempt(PlanFlow.approve_definition, who, data)

    @rule(data=st.sampled_from(DECISIONS[:2]))
    def advance(self, data: dict[str, Any]) -> None:
        """The next step, by whoever it belongs to: runs reach the decision and beyond."""
        if self.driver.open_tasks(PlanFlow.define):
            self.attempt(PlanFlow.define, "secretaria", content.SESSION)
        else:
            self.attempt(PlanFlow.approve_definition, "presidencia", data)

    @invariant()
    def one_step_at_a_time(self) -> None:
        steps = self.open_steps()
        if self.approved:
            assert steps == []
            assert self.driver.open_tasks(PlanFlow.announce)
            assert self.driver.open_tasks(PlanFlow.press)
        else:
            assert len(steps) == 1, steps
            assert not self.driver.open_tasks(PlanFlow.announce)

    @invariant()
    def every_completion_is_audited(self) -> None:
        done = Task.objects.filter(process=self.driver.process, status=STATUS.DONE)
        for pk in done.values_list("pk", flat=True):
            entries = AuditEntry.objects.filter(object_type="task", object_id=str(pk))
            assert entries.filter(to_state=STATUS.DONE).count() == 1, pk

    @invariant()
    def the_chain_verifies(self) -> None:
        assert verify_database().ok


def test_no_sequence_of_steps_breaks_the_plan_flow(pki: dict[str, User], templates: None) -> None:
    from directory.models import Entity, Office

    pcm = Entity.objects.get(code="PCM")
    PlanMachine.users = pki
    PlanMachine.plan = plan_create(
        title="Plan de Acción de Gobierno Abierto del Perú", start_year=2014, end_year=2016,
        entity=pcm, office=Office.objects.get(entity=pcm, acronym="SGP"), actor=pki["secretaria"],
    )  # fmt: skip
    run_state_machine_as_test(
        PlanMachine,
        settings=settings(
            max_examples=6, stateful_step_count=10, deadline=None, derandomize=True,
            suppress_health_check=list(HealthCheck), database=None,
        ),
    )  # fmt: skip
    # The runs went through returns and approvals: some plans reached activities b and c.
    assert AuditEntry.objects.filter(action="plan.decision.definition").count() >= 2
    assert Task.objects.filter(flow_task=PlanFlow.announce).exists()
