"""Form fields of the plan's steps: lists are typed one item per line, with the parts of
an item separated by a vertical bar (e.g. "Nombre | Entidad")."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


def _joined(parts: tuple[Any, ...]) -> str:
    return " | ".join(str(part) for part in parts)


class LinesField(forms.CharField):
    """One item per line; with ``parts``, each line is split on "|" into that many parts."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, *, parts: tuple[Any, ...] = (), **kwargs: Any) -> None:
        self.parts = parts
        if parts and "help_text" not in kwargs:
            kwargs["help_text"] = format_lazy(
                _("One per line: {parts}"), parts=lazy(_joined, str)(parts)
            )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
        if not self.parts:
            return lines
        rows = []
        for number, line in enumerate(lines, start=1):
            cells = [cell.strip() for cell in line.split("|")]
            if len(cells) != len(self.parts) or not all(cells):
                raise forms.ValidationError(
                    _("Line %(number)s must have %(count)s parts: %(parts)s"),
                    params={"number": number, "count": len(self.parts),
                            "parts": _joined(self.parts)},
                )  # fmt: skip
            rows.append(cells)
        return rows


def lines_initial(items: list[Any]) -> str:
    return "\n".join(" | ".join(item) if isinstance(item, list | tuple) else item for item in items)
