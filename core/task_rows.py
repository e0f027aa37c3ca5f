"""One table row of a task list, computed once per step instead of once per row.

Viewflow compiles the summary templates and resolves each link's URL for every row;
both depend only on the step (and the language), so a page of 25 tasks of the same
few steps compiles each template and reverses each URL pattern once.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.template import Context, Template
from django.utils.encoding import force_str
from django.utils.html import format_html

# Stand-ins for the ids while a URL is reversed once; replaced per row.
_PROCESS, _TASK = 987_654_321, 987_654_322


@lru_cache(maxsize=512)
def _compiled(source: str) -> Template:
    return Template(source)


def _task_source(task: Any) -> str:
    node = task.flow_task
    for source in (
        node.task_result_template if task.finished else "",
        node.task_summary_template,
        node.task_description,
        node.task_title,
    ):
        if source:
            return force_str(source)
    return "{{ flow_task }}/{{ task.get_status_display }}"


def _process_source(process: Any) -> str:
    flow_class = process.flow_class
    for source in (
        flow_class.process_result_template if process.finished else "",
        flow_class.process_summary_template,
        flow_class.process_description,
    ):
        if source:
            return force_str(source)
    return "{{ flow_class.process_title }} - {{ process.get_status_display }}"


def task_brief(task: Any) -> str:
    """What ``Task.brief`` renders, with the template compiled once."""
    context = {"process": task.process, "task": task, "flow_class": task.flow_task.flow_class,
               "flow_task": task.flow_task}  # fmt: skip
    return _compiled(_task_source(task)).render(Context(context))


def process_brief(process: Any) -> str:
    """What ``Process.brief`` renders, with the template compiled once."""
    context = {"process": process, "flow_class": process.flow_class}
    return _compiled(_process_source(process)).render(Context(context))


class RowLinks:
    """Per request: each step's URL pattern reversed once, filled in for every row."""

    def __init__(self) -> None:
        self._patterns: dict[tuple[Any, str], str] = {}

    def _url(self, owner: Any, name: str, args: list[int]) -> str:
        key = (owner, name)
        if key not in self._patterns:
            self._patterns[key] = owner.reverse(name, args=[_PROCESS, _TASK][: len(args)])
        url = self._patterns[key].replace(str(_PROCESS), str(args[0]))
        return url.replace(str(_TASK), str(args[1])) if len(args) > 1 else url

    def task(self, task: Any) -> str:
        url = self._url(task.flow_task, "index", [task.process_id, task.pk])
        return format_html('<a href="{}">#{}/{}</a>', url, task.process_id, task.pk)

    def process(self, task: Any) -> str:
        viewset = task.flow_task.flow_class.parent
        url = self._url(viewset, "process_detail", [task.process_id])
        return format_html('<a href="{}">{}</a>', url, process_brief(task.process))
