"""The document kinds: each declares its context schema and carries a sample context.

Schemas and samples live beside the shipped templates (templates/docx/schemas/,
templates/docx/samples/) so that template authors edit one folder.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates" / "docx"
# Keys the document service adds to every context (documents/context.py).
COMMON_KEYS = frozenset(
    {
        "entity",
        "office",
        "year_name",
        "number",
        "place",
        "date",
        "verification",
        "checkpoint",
        "signers",
    }
)


@dataclass(frozen=True)
class Kind:
    code: str
    title: str
    numbered: bool
    document_type: str | None
    fields: dict[str, Any]
    sample: dict[str, Any]

    @property
    def shipped_template(self) -> Path:
        return TEMPLATES_DIR / f"{self.code}.docx"


class UnknownKind(LookupError):
    pass


@cache
def kinds() -> dict[str, Kind]:
    result = {}
    for path in sorted((TEMPLATES_DIR / "schemas").glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        sample = json.loads((TEMPLATES_DIR / "samples" / path.name).read_text(encoding="utf-8"))
        code = schema["kind"]
        result[code] = Kind(
            code=code,
            title=schema["title"],
            numbered=bool(schema.get("numbered")),
            document_type=schema.get("document_type"),
            fields=schema["fields"],
            # Samples carry the common keys too, so that they render on their own; the
            # kind's own data is what callers provide.
            sample={k: v for k, v in sample.items() if k in schema["fields"]},
        )
    return result


def get_kind(code: str) -> Kind:
    try:
        return kinds()[code]
    except KeyError:
        raise UnknownKind(_("Unknown document kind: %(kind)s") % {"kind": code}) from None


_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "bool": (bool,),
    "list": (list, tuple),
    "object": (dict,),
    "date": (str, date),
    "image": (object,),
}


def context_errors(spec: dict[str, Any], context: Any, path: str = "") -> list[str]:
    """Where ``context`` does not match the schema ``spec`` (a kind's fields). Keys the
    schema does not declare are refused: the common keys (number, verification code…)
    belong to the service, never to the caller."""
    if not isinstance(context, dict):
        return [_("%(path)s must be an object") % {"path": path or "context"}]
    errors = [
        _("Unknown field: %(field)s") % {"field": f"{path}.{name}" if path else name}
        for name in context
        if name not in spec
    ]
    for name, field in spec.items():
        where = f"{path}.{name}" if path else name
        if name not in context or context[name] is None:
            if field.get("required", False):
                errors.append(_("Missing required field: %(field)s") % {"field": where})
            continue
        errors += _value_errors(field, context[name], where)
    return errors


def _value_errors(field: dict[str, Any], value: Any, where: str) -> list[str]:
    kind = field.get("type", "str")
    if not isinstance(value, _TYPES.get(kind, (object,))) or (
        kind == "int" and isinstance(value, bool)
    ):
        return [_("%(field)s must be of type %(type)s") % {"field": where, "type": kind}]
    if kind == "date" and isinstance(value, str):
        try:
            date.fromisoformat(value)
        except ValueError:
            return [_("%(field)s must be a date (YYYY-MM-DD)") % {"field": where}]
    if kind == "object" and "fields" in field:
        return context_errors(field["fields"], value, where)
    if kind == "list" and "items" in field:
        item = field["items"]
        return [e for i, v in enumerate(value) for e in _value_errors(item, v, f"{where}[{i}]")]
    return []
