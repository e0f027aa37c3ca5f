"""Tiny constructors for the context schema format (templates/docx/schemas/<kind>.json)."""

from __future__ import annotations

from typing import Any

Field = dict[str, Any]


def s(required: bool = True, choices: list[str] | None = None) -> Field:
    field: Field = {"type": "str", "required": required}
    if choices:
        field["choices"] = choices
    return field


def i(required: bool = True) -> Field:
    return {"type": "int", "required": required}


def d(required: bool = True) -> Field:
    return {"type": "date", "required": required}


def b(required: bool = True) -> Field:
    return {"type": "bool", "required": required}


def obj(fields: dict[str, Field], required: bool = True) -> Field:
    return {"type": "object", "required": required, "fields": fields}


def lst(items: Field, required: bool = True) -> Field:
    item = {k: v for k, v in items.items() if k != "required"}
    return {"type": "list", "required": required, "items": item}


def strs(required: bool = True) -> Field:
    return lst({"type": "str"}, required)


def schema(
    kind: str, title: str, document_type: str | None, fields: dict[str, Field]
) -> dict[str, Any]:
    return {
        "kind": kind,
        "title": title,
        "numbered": document_type is not None,
        "document_type": document_type,
        "fields": fields,
    }


# Choices shared by several kinds (display labels live in documents/filters.py LABELS).
OGP_VALUES = [
    "transparencia",
    "participacion_ciudadana",
    "rendicion_de_cuentas",
    "tecnologia_innovacion",
]
CAPACITIES = ["titular", "alterno", "observador", "invitado"]
SECTORS = ["estado", "sociedad_civil", "sector_privado", "academia", "cooperacion"]
DISPOSITIONS = ["acogida", "acogida_parcialmente", "no_acogida", "fuera_de_alcance", "derivada"]
PRIORITIES = ["alta", "media", "baja"]
