"""OpenAPI: the error body every operation may answer, declared once."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

ERROR_STATUSES = {
    "400": "Datos no válidos",
    "401": "Sin credenciales válidas",
    "403": "Sin permiso",
    "404": "No encontrado",
    "405": "Método no permitido",
    "406": "Formato de respuesta no disponible",
    "409": "Conflicto con el estado actual",
    "413": "Cuerpo demasiado grande",
    "415": "Tipo de contenido no admitido",
    "429": "Demasiadas solicitudes",
}
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "Mensaje en español"},
        "code": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": True,
            "description": "Campo → mensajes (solo en errores de validación)",
        },
    },
    "required": ["detail", "code"],
}


class ErrorSerializer(serializers.Serializer):
    """Documentation only: the body of every 4xx answer."""

    detail = serializers.CharField()
    code = serializers.CharField()


def add_error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular hook: every operation documents the JSON error answers."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    reference = {"$ref": "#/components/schemas/Error"}
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for code, text in ERROR_STATUSES.items():
                responses.setdefault(
                    code,
                    {"description": text, "content": {"application/json": {"schema": reference}}},
                )
    return result
