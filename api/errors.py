"""Every API error as JSON with a Spanish message: ``{"detail", "code"}``, plus ``errors``
(field → messages) when the data sent was not valid."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class TooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def form_errors(form: Any) -> dict[str, list[str]]:
    """A Django form's errors as the API reports them: field → messages, the form-wide ones
    under ``non_field_errors`` as DRF names them."""
    errors = {k: [e["message"] for e in v] for k, v in form.errors.get_json_data().items()}
    if "__all__" in errors:
        errors["non_field_errors"] = errors.pop("__all__")
    return errors


def invalid(errors: Any, message: str = "") -> exceptions.ValidationError:
    """A 400 whose body keeps the field detail (``errors``) under a Spanish summary."""
    error = exceptions.ValidationError(errors)
    error.summary = message  # type: ignore[attr-defined]
    return error


def _translated(exc: Exception) -> Exception:
    if isinstance(exc, Http404):
        return exceptions.NotFound(_("Not found."))
    if isinstance(exc, DjangoPermissionDenied):
        message = str(exc) or _("You do not have permission to perform this action.")
        return exceptions.PermissionDenied(message)
    if isinstance(exc, DjangoValidationError):
        return invalid({"non_field_errors": exc.messages}, exc.messages[0] if exc.messages else "")
    return exc


def _field_errors(data: Any) -> dict[str, Any]:
    if isinstance(data, dict):
        return data
    return {"non_field_errors": data if isinstance(data, list) else [data]}


def _first_message(errors: Any) -> str:
    while isinstance(errors, dict | list) and errors:
        errors = next(iter(errors.values())) if isinstance(errors, dict) else errors[0]
    return str(errors) if errors else ""


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    exc = _translated(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        logger.exception("API error", exc_info=exc)
        return Response(
            {"detail": _("Internal error: the operation was not carried out."), "code": "error"},
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    if isinstance(exc, exceptions.ValidationError):
        errors = _field_errors(response.data)
        summary = getattr(exc, "summary", "") or _first_message(errors)
        response.data = {
            "detail": summary or _("The data sent is not valid."),
            "code": "invalid",
            "errors": errors,
        }
        return response
    detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
    code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
    if str(detail).startswith("CSRF Failed"):  # DRF does not translate this one
        detail, code = _("CSRF check failed: reload the page and try again."), "csrf"
    response.data = {"detail": str(detail), "code": str(code)}
    return response
