"""PlanFlow's steps through chromium: the simulation's per-node data, typed into the forms
of the task pages by the users who own the tasks."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from workflow.simulation.driver import FlowDriver, StepRefused


def form_fill(form: Any, data: dict[str, Any]) -> None:
    """Type ``data`` into ``form`` as a person would: text typed, options picked, boxes ticked."""
    for name, value in data.items():
        fields = form.locator(f':is(input, textarea, select)[name="{name}"]')
        if fields.count() == 0:
            raise StepRefused(f"El formulario no tiene el campo {name!r}")
        first = fields.first
        tag = first.evaluate("e => e.tagName.toLowerCase()")
        kind = (first.get_attribute("type") or "").lower()
        values = [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
        if kind == "hidden":
            _pick(form, name, first, values[0])
        elif tag == "select":
            first.select_option(value=values, force=True)
        elif kind == "radio":
            fields.and_(form.locator(f'[value="{values[0]}"]')).check(force=True)
        elif kind == "checkbox" and fields.count() > 1:
            for box in fields.all():
                box.set_checked(box.get_attribute("value") in values, force=True)
        elif kind == "checkbox":
            first.set_checked(bool(value) and value != "false", force=True)
        else:
            first.fill(_as_shown(form, name, values[0]))


def _pick(form: Any, name: str, control: Any, value: str) -> None:
    """Viewflow's Material select: open the menu, click the option."""
    component = form.locator(f'vf-field-select[name="{name}"]')
    if not component.count():
        raise StepRefused(f"El campo {name!r} no se puede llenar en el formulario")
    if control.input_value() != value:
        component.locator(".mdc-select__anchor").click()
        component.locator(f'li[data-value="{value}"]').click()
        if control.input_value() != value:
            raise StepRefused(f"No se pudo elegir {value!r} en {name!r}")


def _as_shown(form: Any, name: str, value: str) -> str:
    """A date the way its field shows it (``format`` of viewflow's date component)."""
    component = form.locator(f'vf-field-date[name="{name}"]')
    native = form.locator(f'input[type="date"][name="{name}"]')
    if component.count() and not native.count() and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        fmt = component.first.get_attribute("format") or "%Y-%m-%d"
        return datetime.strptime(value, "%Y-%m-%d").strftime(fmt)
    return value


class BrowserDriver(FlowDriver):
    """The FlowDriver's steps, each done in the browser: inbox (or queue) → task → form."""

    def __init__(self, process: Any, site: Any, log: Any = lambda line: None) -> None:
        super().__init__(process, log=log)
        self.site = site
        self.steps = 0

    def post(self, task: Task, username: str, data: dict[str, Any]) -> Any:
        page = self.site.as_user(username)
        queued = task.status == STATUS.NEW
        page.goto("/workflow/queue/" if queued else "/workflow/inbox/")
        page.get_by_role("link", name=f"#{task.process_id}/{task.pk}", exact=True).click()
        if queued:
            page.locator('form button[name="_continue"]').click()
        page.wait_for_url(re.compile(rf".*/{task.pk}/execute/.*"))
        page.wait_for_load_state()
        try:
            form = page.locator("form.vf-form").first
            form_fill(form, data)
            form.locator("button:not([name])").last.click()
            page.wait_for_url(lambda url: f"/{task.pk}/execute/" not in url, timeout=30_000)
        except Exception as exc:
            self.site.shot(page, f"refused-{task.flow_task.name}")
            (self.site.screenshots / f"refused-{task.flow_task.name}.html").write_text(
                page.content()
            )
            raise StepRefused(f"{username} en {task.flow_task}: {page.url}") from exc
        self.steps += 1
        self.log(f"  {task.flow_task.task_title or task.flow_task.name} — {username} (navegador)")
        return page
