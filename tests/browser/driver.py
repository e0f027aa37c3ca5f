"""PlanFlow's steps through chromium: the simulation's per-node data, typed into the forms
of the task pages by the users who own the tasks."""

from __future__ import annotations

import time
from typing import Any

from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from tests.browser.language import spanish_only
from workflow.simulation.driver import FlowDriver, StepRefused


def through_turbo(page: Any, action: Any) -> None:
    """Do ``action`` (a click) and wait until its page is drawn for good. Viewflow navigates
    with Turbo, which pushes the new address before drawing, sometimes over a cached preview:
    ``turbo:load`` comes once, after the final page (a full page load starts afresh)."""
    page.evaluate(
        "() => { window.__turboLoaded = false; document.addEventListener("
        "'turbo:load', () => { window.__turboLoaded = true }, {once: true}) }"
    )
    action()
    # The oficio forms carry every entity as an option (~2 MB of DOM): on a loaded
    # 2-core machine chromium has taken over a minute to draw them.
    page.wait_for_function(
        "() => window.__turboLoaded !== false && document.readyState === 'complete'",
        timeout=180_000,
    )


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
            first.fill(values[0])  # dates too: chromium's date input takes YYYY-MM-DD


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


class BrowserDriver(FlowDriver):
    """The FlowDriver's steps, each done in the browser: inbox (or queue) → task → form."""

    def __init__(self, process: Any, site: Any, log: Any = lambda line: None) -> None:
        super().__init__(process, log=log)
        self.site = site
        self.steps = 0
        self.messages: list[str] = []

    def post(self, task: Task, username: str, data: dict[str, Any]) -> Any:
        started = time.monotonic()
        page = self.site.as_user(username)
        queued = task.status == STATUS.NEW
        page.goto("/workflow/queue/" if queued else "/workflow/inbox/")
        link = page.get_by_role("link", name=f"#{task.process_id}/{task.pk}", exact=True)
        through_turbo(page, link.click)
        if queued:
            through_turbo(page, page.locator('form button[name="_continue"]').click)
        try:
            if f"/{task.pk}/execute/" not in page.url:
                raise StepRefused(f"{username} no llegó al formulario de {task.flow_task}")
            if self.site.check_language:
                spanish_only(page)
            form = page.locator("form.vf-form").first
            form_fill(form, data)
            through_turbo(page, form.locator("button:not([name])").last.click)
            if f"/{task.pk}/execute/" in page.url:
                raise StepRefused(f"{username} en {task.flow_task}: el formulario no se aceptó")
            # Every action ends with a message (viewflow's snackbar shows the last one).
            message = (page.locator("vf-snackbar").first.text_content() or "").strip()
            if not message:
                raise StepRefused(f"{task.flow_task}: ningún mensaje tras la acción")
            self.messages.append(message)
        except Exception as exc:
            self.site.shot(page, f"refused-{task.flow_task.name}")
            (self.site.screenshots / f"refused-{task.flow_task.name}.html").write_text(
                page.content()
            )
            raise StepRefused(f"{username} en {task.flow_task}: {page.url}") from exc
        self.steps += 1
        self.log(
            f"  {task.flow_task.task_title or task.flow_task.name} — {username} ({time.monotonic() - started:.1f} s)"
        )
        return page
