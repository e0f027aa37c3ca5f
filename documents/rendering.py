"""Rendering is a pure function: (template bytes, context) → .docx bytes.

Templates run in Jinja's immutable sandbox with autoescaping (a value with "&" or "<"
must not break the XML, and template code must not reach Python internals) and
StrictUndefined (a missing value is an error, never a silent blank).
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, Template
from jinja2.sandbox import ImmutableSandboxedEnvironment

from documents.filters import FILTERS


class _CachingEnvironment(ImmutableSandboxedEnvironment):
    """Compiles each distinct XML part once: docxtpl asks for the same source on every
    render of a template version."""

    @lru_cache(maxsize=256)  # noqa: B019 (one environment for the process)
    def _compiled(self, source: str) -> Template:
        return super().from_string(source)

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        if globals is None and template_class is None and isinstance(source, str):
            return self._compiled(source)
        return super().from_string(source, globals, template_class)


def make_environment() -> ImmutableSandboxedEnvironment:
    env = _CachingEnvironment(autoescape=True, undefined=StrictUndefined)
    env.filters.update(FILTERS)
    return env


ENVIRONMENT = make_environment()


class _Template(DocxTemplate):
    """docxtpl with its XML clean-up (regular expressions over the whole part) done once
    per distinct part instead of on every render."""

    def patch_xml(self, src_xml: str) -> str:
        return _patch_cached(src_xml)


@lru_cache(maxsize=256)
def _patch_cached(xml: str) -> str:
    return str(DocxTemplate.patch_xml(_PATCHER, xml))


_PATCHER = DocxTemplate(io.BytesIO())


def open_template(template: bytes) -> DocxTemplate:
    return _Template(io.BytesIO(template))


def render_docx(template: bytes, context: dict[str, Any], *, images: Any = None) -> bytes:
    """Render ``template`` with ``context``; ``images`` builds InlineImages for the
    document being rendered (they must belong to it)."""
    doc = open_template(template)
    full = {**context, **(images(doc) if images else {})}
    doc.render(full, jinja_env=ENVIRONMENT)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
