"""The registry of document kinds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from docx.document import Document as DocumentObject


@dataclass(frozen=True)
class Kind:
    code: str  # file stem and kind code
    title: str  # human title (Spanish)
    document_type: str | None  # number prefix, None when the kind is not numbered
    fields: dict[str, Any]  # kind-specific context schema
    build: Callable[[DocumentObject], None]  # writes the body into a prepared document
    landscape: bool = False


def _collect() -> list[Kind]:
    from . import correspondence, meetings, publications

    return [*correspondence.KINDS, *meetings.KINDS, *publications.KINDS]


ALL_KINDS: list[Kind] = _collect()
