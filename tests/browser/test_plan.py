"""The whole plan, a–l, in chromium: every task opened from the inbox (or the role's queue)
of the demo user who owns it, its form filled with the simulation's data and submitted;
the due and overdue badges in the task lists; the approved plan's page."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from directory.models import Entity, Office
from documents.models import GeneratedDocument
from tests.browser.conftest import PASSWORD, Site, spanish_only
from tests.browser.driver import BrowserDriver, through_turbo
from workflow.flows import PlanFlow, plan_start
from workflow.models import ActionPlan
from workflow.planning import plan_create
from workflow.simulation.driver import FlowDriver
from workflow.simulation.run import PlanSimulation

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("plan"),  # the longest: a worker of its own (make pytest-browser)
]


class BrowserSimulation(PlanSimulation):
    """The simulation, each step in the browser; before the first, the task lists."""

    def __init__(self, site: Site, on_start: Any) -> None:
        super().__init__(password=PASSWORD, log=print)
        self.site, self.on_start = site, on_start

    def driver_for(self, process: Any) -> FlowDriver:
        return BrowserDriver(process, self.site, log=self.log)

    def definition(self) -> None:
        self.on_start(self.driver)
        super().definition()


def _future_plan(actor: User) -> ActionPlan:
    """A plan of coming years: its first task is due, not overdue."""
    pcm = Entity.objects.get(code="PCM")
    year = timezone.localdate().year + 1
    plan = plan_create(title="Plan de Acción de Gobierno Abierto (siguiente)", start_year=year,
                       end_year=year + 2, entity=pcm,
                       office=Office.objects.get(entity=pcm, acronym="SGP"), actor=actor)  # fmt: skip
    plan_start(plan)
    return plan


def _task_lists_show_due_dates(site: Site, driver: FlowDriver) -> None:
    """The queue marks the 2013 task overdue (in red) and the coming plan's task due."""
    (overdue,) = driver.open_tasks(PlanFlow.define)
    page = site.as_user("secretaria")
    page.goto("/workflow/queue/")
    row = page.locator(
        "tr", has=page.get_by_role("link", name=f"#{overdue.process_id}/{overdue.pk}")
    )
    badge = row.locator(".due--overdue")
    assert badge.inner_text().startswith("Vencido ")
    assert badge.evaluate("e => getComputedStyle(e).color") == "rgb(176, 0, 32)"
    due = page.locator(".due:not(.due--overdue)")
    assert due.count() == 1 and due.inner_text().startswith("Vence ")
    spanish_only(page)
    site.shot(page, "tareas-disponibles")
    # Both taken: they wait in the inbox with their badges (the walk goes on from there).
    for taken in (page.locator("tr", has=due), row):
        through_turbo(page, taken.locator("a").first.click)
        through_turbo(page, page.locator('form button[name="_continue"]').click)
        page.goto("/workflow/queue/")
    page.goto("/workflow/inbox/")
    assert page.locator(".due--overdue").count() == 1
    assert page.locator(".due:not(.due--overdue)").count() == 1
    spanish_only(page)
    site.shot(page, "bandeja")


def test_plan_is_approved_through_the_browser(site: Site, pki: dict[str, User]) -> None:
    _future_plan(pki["secretaria"])
    simulation = BrowserSimulation(site, lambda driver: _task_lists_show_due_dates(site, driver))
    plan = simulation.run()
    assert plan.state == ActionPlan.State.APPROVED
    assert simulation.driver.steps == 38  # type: ignore[attr-defined]

    page = site.as_user("secretaria")
    page.goto(f"/plans/{plan.pk}/")
    body = page.inner_text("main")
    assert plan.instrument_number in body
    resolution = GeneratedDocument.objects.get(key__startswith=f"plan:{plan.pk}:",
                                               kind="resolucion_ministerial")  # fmt: skip
    assert resolution.signed_pdf
    link = page.locator(f'a[href*="{resolution.verification_code}"]')
    assert link.count() >= 1
    assert page.locator('svg[aria-labelledby="gantt-title"]').is_visible()
    spanish_only(page)
    site.shot(page, "plan", until='svg[aria-labelledby="gantt-title"]')
    # The resolution's public verification page: signed, valid.
    link.first.click()
    page.wait_for_url(f"**/verificar/{resolution.verification_code}**")
    assert "VÁLIDO" in page.inner_text("body")
    spanish_only(page)
