"""What every API view shares."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter
from rest_framework.request import Request

from audit.context import acting_as


def acting(request: Request) -> Any:
    """Audit entries of an API action name the authenticated user (token or session)."""
    return acting_as(user=request.user)


def filtered(queryset: QuerySet[Any], request: Request, fields: dict[str, str]) -> QuerySet[Any]:
    """Exact-match filters from the query string (``?name=value``), ignoring empty ones."""
    for param, lookup in fields.items():
        value = request.query_params.get(param, "").strip()
        if value:
            queryset = queryset.filter(**{lookup: value[:150]})
    return queryset


def string_params(*names: str) -> list[OpenApiParameter]:
    return [OpenApiParameter(name, str, required=False) for name in names]
