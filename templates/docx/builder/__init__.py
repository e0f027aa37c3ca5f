"""Builders for the .docx templates, one ``Kind`` per document kind."""

from __future__ import annotations

from .kinds import ALL_KINDS, Kind

__all__ = ["ALL_KINDS", "Kind"]
