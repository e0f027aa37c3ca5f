"""What every API view shares."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
    schema,
)
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from api.errors import invalid
from audit.context import acting_as


class AnyAccept:
    # A file download answers whatever the client accepts (``Accept: application/pdf``
    # included): the file itself, or the JSON error. (A comment, not a docstring: the
    # schema would show it as every such operation's description.)

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        return super().perform_content_negotiation(request, force=True)  # type: ignore[misc]


def acting(request: Request) -> Any:
    """Audit entries of an API action name the authenticated user (token or session)."""
    return acting_as(user=request.user)


def filtered(queryset: QuerySet[Any], request: Request, fields: dict[str, str]) -> QuerySet[Any]:
    """Exact-match filters from the query string (``?name=value``), ignoring empty ones; a
    lookup ending in ``_id`` takes a number (400 otherwise)."""
    for param, lookup in fields.items():
        value = request.query_params.get(param, "").strip()[:150]
        if not value:
            continue
        if lookup.endswith("_id") and not (value.isascii() and value.isdigit()):
            message = _("“%(name)s” must be a number.") % {"name": param}
            raise invalid({param: [message]}, message)
        queryset = queryset.filter(**{lookup: value})
    return queryset


@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
@authentication_classes([])
@permission_classes([AllowAny])
@schema(None)
def not_found(request: Request, rest: str = "") -> Response:
    """Any other address under /api/: a JSON 404, like the API's own."""
    raise NotFound(_("Not found."))


def string_params(*names: str) -> list[OpenApiParameter]:
    return [OpenApiParameter(name, str, required=False) for name in names]
