"""A template file is checked before it can become active: it opens as a .docx, its
variables match its kind's schema, and it renders the kind's sample context."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from docx import Document
from jinja2 import TemplateError
from jinja2.exceptions import SecurityError

from documents.context import common_context, qr_images
from documents.registry import COMMON_KEYS, Kind
from documents.rendering import ENVIRONMENT, open_template, render_docx

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
# Defence in depth: the sandbox already refuses these, but a clear message is better.
_FORBIDDEN = re.compile(r"\{[{%][^}]*(__\w+__|\b(?:mro|subclasses|globals|builtins)\b)[^}]*[%}]\}")
_LEFTOVER = ("{{", "{%", "}}", "%}")

SAMPLE_COMMON: dict[str, Any] = {
    "entity": {"name": "Presidencia del Consejo de Ministros", "acronym": "PCM"},
    "office": {"name": "Secretaría de Gestión Pública", "acronym": "SGP"},
    "place": "Lima",
    "signers": [
        {
            "name": "Ana Demo Quispe",
            "position": "Secretaria de Gestión Pública",
            "entity": "Presidencia del Consejo de Ministros",
        }
    ],
}


def sample_context(kind: Kind) -> dict[str, Any]:
    common = common_context(
        **SAMPLE_COMMON,
        number=f"{kind.document_type} N° 0001-2014-PCM/SGP" if kind.document_type else "",
        on=date(2014, 1, 20),
        code="TEST-CODE-0001",
        checkpoint={"seq": 1, "hash": "0" * 64},
    )
    return {**common, **kind.sample}


def document_text(data: bytes) -> str:
    """All text of a .docx: body, tables, headers and footers."""
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    for section in doc.sections:
        for area in (section.header, section.footer):
            parts += [p.text for p in area.paragraphs]
            parts += [c.text for t in area.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


# (kind, SHA-256) of files already found valid in this process: the check is a pure
# function of the file and the kind's schema, and costs a render (~0.25 s per kind).
_VALID: set[tuple[str, str]] = set()


def template_problems(kind: Kind, data: bytes) -> list[str]:
    """Why ``data`` cannot become ``kind``'s template; empty when it can."""
    key = (kind.code, hashlib.sha256(data).hexdigest())
    if key in _VALID:
        return []
    problems = _problems(kind, data)
    if not problems:
        _VALID.add(key)
    return problems


def _problems(kind: Kind, data: bytes) -> list[str]:
    if len(data) > MAX_TEMPLATE_BYTES:
        return [_("The file is larger than %(mb)s MB.") % {"mb": MAX_TEMPLATE_BYTES // 2**20}]
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return [_("The file is not a Word document (.docx).")]
    try:
        template = open_template(data)
        variables = template.get_undeclared_template_variables(ENVIRONMENT)
    except TemplateError as exc:
        return [_("The template has a syntax error: %(error)s") % {"error": exc}]
    except Exception:
        return [_("The file is not a valid Word document (.docx).")]
    source = _template_source(data)
    if _FORBIDDEN.search(source):
        return [_("The template contains code that is not allowed.")]
    problems = []
    unknown = sorted(variables - COMMON_KEYS - set(kind.fields) - set(ENVIRONMENT.globals))
    if unknown:
        problems.append(_("Unknown variables: %(names)s") % {"names": ", ".join(unknown)})
    unused = sorted(n for n, f in kind.fields.items() if f.get("required") and n not in variables)
    if unused:
        problems.append(_("Required fields not used: %(names)s") % {"names": ", ".join(unused)})
    if problems:
        return problems
    context = sample_context(kind)
    try:
        rendered = render_docx(data, context, images=qr_images(context))
    except SecurityError:
        return [_("The template contains code that is not allowed.")]
    except TemplateError as exc:
        return [_("The template fails with the sample context: %(error)s") % {"error": exc}]
    text = document_text(rendered)
    if any(marker in text for marker in _LEFTOVER):
        return [_("The rendered document still contains template markers ({{ or {%).")]
    return []


def _template_source(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [n for n in archive.namelist() if n.startswith("word/") and n.endswith(".xml")]
        xml = "".join(archive.read(n).decode("utf-8", "replace") for n in names)
    return re.sub(r"<[^>]+>", "", xml)
