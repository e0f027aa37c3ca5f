"""Inbox, queue and archive pages whose cost does not grow with the number of tasks.

Viewflow's lists count every matching task twice per page (the paginator and the menu),
list every process of the queue in the filter form and ask the database for the distinct
steps. At a million tasks those are the slow parts, so here:

- a page fetches ``page_size + 1`` rows and knows from the extra row whether there is a
  next page, instead of counting the whole list;
- the menu's badges count at most ``MENU_CAP`` tasks ("99+" beyond);
- the step filter offers the flows' human steps, known without a query; the process
  filter (one option per process in the queue) is left out.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connection
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter, DateRangeFilter, FilterSet
from viewflow.workflow.fields import get_task_ref
from viewflow.workflow.models import Task

MENU_CAP = 99


class _LookaheadPage(Page):
    def __init__(self, rows: list[Any], number: int, paginator: Paginator, more: bool) -> None:
        super().__init__(rows, number, paginator)
        self._more = more

    def has_next(self) -> bool:
        return self._more

    def next_page_number(self) -> int:
        return self.number + 1

    def start_index(self) -> int:
        if not self.object_list:
            return 0
        return self.paginator.per_page * (self.number - 1) + 1

    def end_index(self) -> int:
        return self.paginator.per_page * (self.number - 1) + len(self.object_list)


class LookaheadPaginator(Paginator):
    """Pages without COUNT(*): one extra row tells whether another page follows."""

    def validate_number(self, number: Any) -> int:
        try:
            value = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger(_("That page number is not an integer")) from exc
        if value < 1:
            raise EmptyPage(_("That page number is less than 1"))
        return value

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage(_("That page contains no results"))
        self._seen = bottom + len(rows)
        return _LookaheadPage(rows[: self.per_page], number, self, len(rows) > self.per_page)

    @cached_property
    def count(self) -> int:
        """Rows known so far (a lower bound); never a query over the whole list."""
        return getattr(self, "_seen", 0)


class CappedCount:
    """``{{ badge.count }}`` for the menu: at most MENU_CAP + 1 rows counted."""

    def __init__(self, value: int) -> None:
        self.count = f"{MENU_CAP}+" if value > MENU_CAP else str(value)


def capped_counts(*querysets: Any) -> list[CappedCount]:
    """Each queryset's capped count, all in one query."""
    parts, params = [], []
    for queryset in querysets:
        sql, args = queryset.order_by().values("pk")[: MENU_CAP + 1].query.sql_with_params()
        # SQL compiled by Django from the querysets; values stay parameters.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS capped)")  # noqa: S608
        params.extend(args)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        row = cursor.fetchone()
    return [CappedCount(value) for value in row]


def _step_name(node: Any) -> str:
    return f"{node.flow_class.process_title} / {node.task_title or node.name}"


def human_step_choices(flow_classes: Any) -> list[tuple[str, str]]:
    """Every human step of the flows, as filter choices (no query)."""
    return [
        (get_task_ref(node), _step_name(node))
        for flow_class in flow_classes
        for node in flow_class.instance.nodes()
        if getattr(node, "task_type", "") == "HUMAN"
    ]


class _StepFilterSet(FilterSet):
    flow_task = ChoiceFilter(label=_("Step"))
    created = DateRangeFilter(label=_("Created"))

    def __init__(self, *args: Any, flow_classes: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["flow_task"].field.choices = human_step_choices(flow_classes)


class TaskListFilter(_StepFilterSet):
    class Meta:
        model = Task
        fields = ("flow_task", "created")


class ArchiveFilter(_StepFilterSet):
    finished = DateRangeFilter(label=_("Finished"))

    class Meta:
        model = Task
        fields = ("flow_task", "created", "finished")
