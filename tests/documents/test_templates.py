"""Every kind renders its sample context into a real document, values intact."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest

from documents.context import common_context, qr_images
from documents.registry import get_kind, kinds
from documents.rendering import render_docx
from documents.validation import document_text, sample_context, template_problems

KINDS = sorted(kinds())


def printed(spec: dict[str, Any], value: Any) -> list[str]:
    """Text values a reader must find verbatim: not codes shown as labels ("choices"),
    not dates (printed in words)."""
    kind = spec.get("type", "str")
    if value is None or "choices" in spec or kind in {"date", "image", "bool", "int"}:
        return []
    if kind == "object":
        fields = spec.get("fields", {})
        return [leaf for name, f in fields.items() for leaf in printed(f, value.get(name))]
    if kind == "list":
        return [leaf for v in value for leaf in printed(spec.get("items", {}), v)]
    return [value] if isinstance(value, str) and len(value.strip()) >= 3 else []


def render_sample(kind: str) -> tuple[dict[str, Any], str]:
    context = sample_context(get_kind(kind))
    docx = render_docx(
        get_kind(kind).shipped_template.read_bytes(), context, images=qr_images(context)
    )
    return context, document_text(docx)


def test_all_fourteen_kinds_are_registered() -> None:
    assert sorted([
        "acta_congreso", "acta_presentacion", "acta_sesion", "borrador_plan", "cartilla",
        "convocatoria_taller", "informe_tecnico", "matriz_sistematizacion", "nota_prensa",
        "oficio", "oficio_multiple", "plan_final", "relatoria_taller", "resolucion_ministerial",
    ]) == KINDS  # fmt: skip


@pytest.mark.parametrize("kind", KINDS)
def test_shipped_template_is_valid(kind: str) -> None:
    assert template_problems(get_kind(kind), get_kind(kind).shipped_template.read_bytes()) == []


@pytest.mark.parametrize("kind", KINDS)
def test_every_value_of_the_sample_is_in_the_document(kind: str) -> None:
    context, text = render_sample(kind)
    spec = {"type": "object", "fields": get_kind(kind).fields}
    # Names and titles may be printed in capitals (Peruvian usage for the addressee).
    folded = text.casefold()
    missing = [
        leaf
        for leaf in printed(spec, get_kind(kind).sample)
        if leaf.strip().casefold() not in folded
    ]
    assert missing == []
    assert "Año de la Promoción de la Industria Responsable y del Compromiso Climático" in text
    # Actas state the date in their opening sentence; the others carry the place-date line.
    assert (
        "20 de enero de 2014" if kind.startswith("acta_") else "Lima, 20 de enero de 2014"
    ) in text
    assert "TEST-CODE-0001" in text
    assert context["verification"]["url"] in text
    for marker in ("{{", "{%", "}}", "%}"):
        assert marker not in text


def test_markup_characters_and_accents_come_out_intact() -> None:
    kind = get_kind("oficio")
    hostile = 'Aportes & <propuestas> "ciudadanas" — Ñuñoa, «Año»'
    context = {**sample_context(kind), "subject": hostile}
    docx = render_docx(kind.shipped_template.read_bytes(), context, images=qr_images(context))
    assert hostile in document_text(docx)


def test_a_numbered_kind_prints_its_number() -> None:
    kind = get_kind("oficio")
    context = {**sample_context(kind)}
    context.update(common_context(
        entity={"name": "Presidencia del Consejo de Ministros", "acronym": "PCM"},
        office={"name": "Secretaría de Gestión Pública", "acronym": "SGP"},
        number="OFICIO N° 0045-2014-PCM/SGP", place="Lima", on=date(2014, 2, 3),
        signers=[{"name": "Ana Demo Quispe", "position": "Secretaria", "entity": "PCM"}],
        code="ABCD-EFGH-JKLM", checkpoint=None,
    ))  # fmt: skip
    text = document_text(
        render_docx(kind.shipped_template.read_bytes(), context, images=qr_images(context))
    )
    assert "OFICIO N° 0045-2014-PCM/SGP" in text
    assert "Lima, 3 de febrero de 2014" in text
    assert "ABCD-EFGH-JKLM" in text


def test_the_qr_code_is_embedded() -> None:
    from docx import Document

    context, _text = render_sample("oficio")
    kind = get_kind("oficio")
    docx = render_docx(kind.shipped_template.read_bytes(), context, images=qr_images(context))
    package = Document(io.BytesIO(docx)).part.package
    images = [p for p in package.parts if p.content_type == "image/png"]
    assert images, "no PNG (QR code) in the document"


@pytest.mark.parametrize("kind", KINDS)
def test_rendering_writes_the_same_package_as_docxtpl(kind: str) -> None:
    """render_docx skips parsing and re-compressing the styles: every part it writes is
    still the one docxtpl itself would save."""
    import zipfile

    from documents.rendering import ENVIRONMENT, open_template

    template = get_kind(kind).shipped_template.read_bytes()
    context = sample_context(get_kind(kind))
    ours = zipfile.ZipFile(io.BytesIO(render_docx(template, context, images=qr_images(context))))
    doc = open_template(template)
    doc.render({**context, **qr_images(context)(doc)}, jinja_env=ENVIRONMENT)
    saved = io.BytesIO()
    doc.save(saved)
    theirs = zipfile.ZipFile(saved)
    assert ours.testzip() is None
    assert sorted(ours.namelist()) == sorted(theirs.namelist())
    assert [n for n in ours.namelist() if ours.read(n) != theirs.read(n)] == []
