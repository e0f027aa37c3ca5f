"""A parallel split that creates one task per item of a data source.

viewflow 2.4's Split documents ``data_source`` but its ``Next`` does not accept it;
this node does: each item becomes the new task's ``data`` (e.g. one visto bueno per
reviewer).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from viewflow.workflow import flow
from viewflow.workflow.activation import Activation
from viewflow.workflow.exceptions import FlowRuntimeError
from viewflow.workflow.nodes.split import SplitActivation


class DynamicSplitActivation(SplitActivation):
    @Activation.status.super()
    def activate(self) -> None:
        for node, cond, data_source in self.flow_task._branches:
            if cond and not cond(self):
                continue
            if data_source is None:
                self.next_tasks.append((node, None))
            else:
                self.next_tasks.extend((node, item) for item in data_source(self))
        if not self.next_tasks:
            raise FlowRuntimeError(f"No next task available for {self.flow_task.name}")


class DynamicSplit(flow.Split):
    activation_class = DynamicSplitActivation

    def Next(
        self, node: Any, case: Callable[..., bool] | None = None,
        data_source: Callable[[Any], list[dict[str, Any]]] | None = None,
    ) -> DynamicSplit:  # fmt: skip
        self._activate_next.append((node, case, data_source))
        return self
