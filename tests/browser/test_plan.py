"""The whole plan, a–l, in chromium: every task opened from the inbox of the demo user who
owns it, its form filled with the simulation's data and submitted."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import PASSWORD, Site
from tests.browser.driver import BrowserDriver
from workflow.models import ActionPlan
from workflow.simulation.driver import FlowDriver
from workflow.simulation.run import PlanSimulation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class BrowserSimulation(PlanSimulation):
    def __init__(self, site: Site) -> None:
        super().__init__(password=PASSWORD, log=print)
        self.site = site

    def driver_for(self, process: Any) -> FlowDriver:
        return BrowserDriver(process, self.site, log=self.log)


def test_plan_is_approved_through_the_browser(site: Site) -> None:
    simulation = BrowserSimulation(site)
    plan = simulation.run()
    assert plan.state == ActionPlan.State.APPROVED
    page = site.as_user("secretaria")
    page.goto(f"/plans/{plan.pk}/")
    site.shot(page, "plan")
    assert plan.instrument_number in page.inner_text("body")
