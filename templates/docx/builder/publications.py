"""Publications: nota de prensa, cartilla, borrador and final plan, matriz de sistematización."""

from __future__ import annotations

from docx.document import Document as DocumentObject

from .base import (
    CENTER,
    JUSTIFY,
    LEFT,
    RED,
    CellContent,
    _shade,
    bullets,
    cell_list,
    date_line,
    field_table,
    fill_cell,
    heading,
    loop_table,
    new_table,
    opt,
    p,
    paragraphs,
    signature_stack,
    tag,
    title,
)
from .kinds import Kind
from .schema import DISPOSITIONS, OGP_VALUES, PRIORITIES, d, i, lst, obj, s, strs


def band(doc: DocumentObject, text: str, width: float = 16.0, fill: str = RED) -> None:
    """A full-width coloured strip with white bold text (section banners)."""
    table = new_table(doc, 1, [width], borders=False)
    cell = table.rows[0].cells[0]
    _shade(cell, fill)
    fill_cell(cell, [(text, "bw")], size=11, align=CENTER)
    p(doc, "", after=0, size=4, line=1.0)


def boxed(
    doc: DocumentObject, build_cell: object, fill: str = "F2F2F2", width: float = 16.0
) -> None:
    table = new_table(doc, 1, [width], borders=True)
    cell = table.rows[0].cells[0]
    _shade(cell, fill)
    fill_cell(cell, build_cell)  # type: ignore[arg-type]
    p(doc, "", after=0, size=4, line=1.0)


# --------------------------------------------------------------------------- nota de prensa


def build_nota_prensa(doc: DocumentObject) -> None:
    band(doc, "NOTA DE PRENSA")
    p(doc, ("{{ place }}, {{ date|fecha_larga }}", "b"), align=LEFT, size=10, after=8)
    p(doc, ("{{ headline }}", "b"), size=15, after=6, line=1.05)
    tag(doc, "if " + opt("lead"))
    p(doc, ("{{ lead }}", "i"), size=11.5, align=JUSTIFY, after=10)
    tag(doc, "endif")
    paragraphs(doc, "body")

    def facts(cell: object) -> None:
        p(cell, ("Datos clave", "b"), size=10, after=2)
        tag(cell, "for fact in key_facts")
        p(cell, "•\t", "{{ fact }}", size=10, after=2, indent=0.6, hanging=0.4, align=JUSTIFY)
        tag(cell, "endfor")

    tag(doc, "if " + opt("key_facts"))
    boxed(doc, facts)
    tag(doc, "endif")
    tag(doc, "if " + opt("more_info_url"))
    p(doc, ("Más información: ", "b"), "{{ more_info_url }}", size=10)
    tag(doc, "endif")
    p(
        doc,
        ("{{ press_contact.office }}", "b"),
        " · {{ press_contact.email }}{% if "
        + opt("press_contact.phone")
        + " %} · Teléfono {{ press_contact.phone }}{% endif %}",
        align=CENTER,
        size=9,
        before=8,
    )
    signature_stack(doc)


NOTA_PRENSA = Kind(
    code="nota_prensa",
    title="Nota de prensa",
    document_type=None,
    fields={
        "headline": s(),
        "lead": s(required=False),
        "body": strs(),
        "key_facts": strs(required=False),
        "more_info_url": s(required=False),
        "press_contact": obj({"office": s(), "email": s(), "phone": s(required=False)}),
    },
    build=build_nota_prensa,
)


# --------------------------------------------------------------------------- cartilla informativa


def build_cartilla(doc: DocumentObject) -> None:
    p(doc, ("CARTILLA INFORMATIVA", "br"), align=CENTER, size=10, after=2)
    p(doc, ("{{ headline }}", "b"), align=CENTER, size=16, after=4, line=1.05)
    tag(doc, "if " + opt("subtitle"))
    p(doc, ("{{ subtitle }}", "i"), align=CENTER, size=11.5, after=10)
    tag(doc, "endif")
    date_line(doc, align=CENTER)
    paragraphs(doc, "introduction")
    tag(doc, "for section in sections")
    p(doc, "{{ section.heading }}", style="Heading 2")
    tag(doc, "for paragraph in section.paragraphs")
    p(doc, "{{ paragraph }}", align=JUSTIFY)
    tag(doc, "endfor")
    tag(doc, "endfor")
    heading(doc, "Ejes del Plan de Acción", 2)
    loop_table(
        doc,
        ["Eje", "¿Qué busca?"],
        [[("{{ axis.name }}", "b")], "{{ axis.description }}"],
        [5.0, 11.0],
        "axis in axes",
        aligns=[None, JUSTIFY],
    )
    heading(doc, "Cronograma", 2)
    loop_table(
        doc,
        ["Actividad", "Fechas", "Lugar"],
        ["{{ step.activity }}", "{{ step.period }}", "{{ step.where }}"],
        [8.0, 4.5, 3.5],
        "step in timeline",
    )
    heading(doc, "¿Cómo participar?", 2)
    bullets(doc, "how_to_participate", "way")

    def contact(cell: object) -> None:
        p(cell, ("Más información", "b"), size=10, after=2)
        p(cell, "Portal: {{ contact.website }}", size=10, after=0)
        p(cell, "Correo electrónico: {{ contact.email }}", size=10, after=0)
        tag(cell, "if " + opt("contact.phone"))
        p(cell, "Teléfono: {{ contact.phone }}", size=10, after=0)
        tag(cell, "endif")

    boxed(doc, contact)
    signature_stack(doc)


CARTILLA = Kind(
    code="cartilla",
    title="Cartilla informativa",
    document_type=None,
    fields={
        "headline": s(),
        "subtitle": s(required=False),
        "introduction": strs(),
        "sections": lst(obj({"heading": s(), "paragraphs": strs()})),
        "axes": lst(obj({"name": s(), "description": s()})),
        "timeline": lst(obj({"activity": s(), "period": s(), "where": s()})),
        "how_to_participate": strs(),
        "contact": obj({"website": s(), "email": s(), "phone": s(required=False)}),
    },
    build=build_cartilla,
)


# --------------------------------------------------------------------------- plans


def commitment_sheets(doc: DocumentObject, with_priority: bool) -> None:
    """One OGP commitment template per commitment, with its milestones."""
    tag(doc, "for c in commitments")
    sheet = p(doc, "Compromiso {{ c.number }}: {{ c.title }}", style="Heading 2")
    sheet.paragraph_format.page_break_before = True  # one commitment sheet per page
    rows: list[tuple[str, CellContent]] = [("Eje", "{{ c.axis }}")]
    if with_priority:
        rows.append(("Prioridad", "{{ c.priority|etiqueta }}"))
    rows += [
        ("Fecha de inicio y término", "{{ c.start|fecha_larga }} – {{ c.end|fecha_larga }}"),
        ("Institución responsable", [("{{ c.lead }}", "b")]),
        ("Otros actores involucrados", cell_list("c.others", "actor", "{{ actor }}")),
        ("Problemática pública", "{{ c.problem }}"),
        ("Compromiso", "{{ c.commitment }}"),
        ("¿Cómo contribuye a resolver la problemática?", "{{ c.how }}"),
        (
            "Relevancia (valores de la AGA)",
            cell_list("c.relevance", "value", "✓ {{ value|etiqueta }}"),
        ),
    ]
    # an empty list of other actors drops the row (a cell cannot be left empty)
    guards = ["c.others" if label.startswith("Otros actores") else None for label, _ in rows]
    field_table(
        doc, rows, widths=(4.6, 11.4), borders=True, size=10, guards=guards, label_fill="F2F2F2"
    )
    p(doc, ("Hitos verificables", "b"), size=10, before=6, after=3, keep_next=True)
    loop_table(
        doc,
        ["N°", "Hito", "Fecha", "Producto / medio de verificación"],
        [
            "{{ c.number }}.{{ loop.index }}",
            "{{ m.text }}",
            "{{ m.date|fecha_corta }}",
            "{{ m.output }}",
        ],
        [1.2, 7.3, 2.2, 5.3],
        "m in c.milestones",
        aligns=[CENTER, JUSTIFY, CENTER, None],
    )
    p(doc, "", after=6)
    tag(doc, "endfor")


def commitment_fields(with_priority: bool) -> dict[str, object]:
    fields: dict[str, object] = {
        "number": s(),
        "title": s(),
        "axis": s(),
    }
    if with_priority:
        fields["priority"] = s(choices=PRIORITIES)
    fields.update(
        {
            "lead": s(),
            "others": strs(),
            "start": d(),
            "end": d(),
            "problem": s(),
            "commitment": s(),
            "how": s(),
            "relevance": lst({"type": "str", "choices": OGP_VALUES}),
            "milestones": lst(obj({"text": s(), "date": d(), "output": s()})),
        }
    )
    return fields


PLAN = obj({"title": s(), "period": s(), "instrument": s(required=False)})


def plan_cover(doc: DocumentObject, banner: str) -> None:
    band(doc, banner)
    p(doc, ("{{ plan.title|upper }}", "b"), align=CENTER, size=16, before=6, after=2, line=1.05)
    p(doc, ("{{ plan.period }}", "b"), align=CENTER, size=14, after=4)
    p(doc, "{{ place }}, {{ date|fecha_larga }}", align=CENTER, size=11, after=8)


def build_borrador_plan(doc: DocumentObject) -> None:
    plan_cover(doc, "DOCUMENTO DE TRABAJO — VERSIÓN PARA CONSULTA PÚBLICA")
    p(doc, ("{{ version }}", "i"), align=CENTER, after=8)

    def consultation(cell: object) -> None:
        p(cell, ("Consulta pública", "b"), size=10, after=2)
        p(
            cell,
            "Este borrador recibe comentarios y aportes del "
            + "{{ consultation.start|fecha_larga }} al "
            "{{ consultation.end|fecha_larga }} en {{ consultation.url }} o en el correo "
            "{{ consultation.email }}. Cada aporte recibirá una respuesta fundamentada, que se "
            "publicará en la matriz de sistematización.",
            size=10,
            after=0,
            align=JUSTIFY,
        )

    boxed(doc, consultation)
    heading(doc, "1.\u2002INTRODUCCIÓN")
    paragraphs(doc, "introduction")
    heading(doc, "2.\u2002COMPROMISOS PROPUESTOS")
    loop_table(
        doc,
        ["N°", "Compromiso", "Eje", "Institución responsable"],
        ["{{ c.number }}", "{{ c.title }}", "{{ c.axis }}", "{{ c.lead }}"],
        [1.0, 7.0, 4.0, 4.0],
        "c in commitments",
        aligns=[CENTER, None, None, None],
    )
    commitment_sheets(doc, with_priority=False)
    signature_stack(doc)


BORRADOR_PLAN = Kind(
    code="borrador_plan",
    title="Borrador del plan de acción",
    document_type=None,
    fields={
        "plan": PLAN,
        "version": s(),  # "Primer borrador – versión 1.0"
        "consultation": obj({"start": d(), "end": d(), "url": s(), "email": s()}),
        "introduction": strs(),
        "commitments": lst(obj(commitment_fields(False))),  # type: ignore[arg-type]
    },
    build=build_borrador_plan,
)


def build_plan_final(doc: DocumentObject) -> None:
    plan_cover(doc, "PLAN DE ACCIÓN DE GOBIERNO ABIERTO")
    tag(doc, "if " + opt("plan.instrument"))
    p(doc, ("Aprobado mediante {{ plan.instrument }}", "i"), align=CENTER, after=10)
    tag(doc, "endif")
    heading(doc, "1.\u2002INTRODUCCIÓN")
    paragraphs(doc, "introduction")
    heading(doc, "2.\u2002PROCESO DE ELABORACIÓN")
    loop_table(
        doc,
        ["Etapa", "Fechas", "Descripción"],
        [[("{{ stage.name }}", "b")], "{{ stage.period }}", "{{ stage.description }}"],
        [4.0, 3.5, 8.5],
        "stage in process",
        aligns=[None, None, JUSTIFY],
    )
    heading(doc, "3.\u2002COMPROMISOS")
    loop_table(
        doc,
        ["N°", "Compromiso", "Eje", "Prioridad", "Institución responsable"],
        [
            "{{ c.number }}",
            "{{ c.title }}",
            "{{ c.axis }}",
            "{{ c.priority|etiqueta }}",
            "{{ c.lead }}",
        ],
        [1.0, 6.0, 3.5, 2.0, 3.5],
        "c in commitments",
        aligns=[CENTER, None, None, CENTER, None],
    )
    commitment_sheets(doc, with_priority=True)
    heading(doc, "4.\u2002SEGUIMIENTO Y EVALUACIÓN")
    paragraphs(doc, "monitoring")
    signature_stack(doc)


PLAN_FINAL = Kind(
    code="plan_final",
    title="Plan de acción final",
    document_type=None,
    fields={
        "plan": PLAN,
        "introduction": strs(),
        "process": lst(obj({"name": s(), "period": s(), "description": s()})),
        "commitments": lst(obj(commitment_fields(True))),  # type: ignore[arg-type]
        "monitoring": strs(),
    },
    build=build_plan_final,
)


# ------------------------------------------------------------------- matriz de sistematización


def build_matriz_sistematizacion(doc: DocumentObject) -> None:
    width = 24.7
    title(doc, "MATRIZ DE SISTEMATIZACIÓN DE APORTES CIUDADANOS", size=13, after=2)
    date_line(doc)
    p(doc, ("{{ plan.title }} {{ plan.period }}", "b"), align=CENTER, after=2)
    p(
        doc,
        (
            "Consulta pública del borrador: "
            "{{ consultation.start|rango_fechas(consultation.end) }}",
            "i",
        ),
        align=CENTER,
        size=10,
        after=8,
    )
    paragraphs(doc, "introduction")
    tag(doc, "if " + opt("summary"))
    loop_table(
        doc,
        ["Resultado", "N° de aportes"],
        ["{{ row.label }}", "{{ row.count|numero }}"],
        [8.0, 3.0],
        "row in summary",
        aligns=[None, CENTER],
    )
    p(doc, "", after=4)
    tag(doc, "endif")
    loop_table(
        doc,
        ["Código", "Origen", "Eje", "Aporte", "Respuesta", "Fundamentación", "Compromiso"],
        [
            [("{{ proposal.code }}", "b")],
            "{{ proposal.origin }}",
            "{{ proposal.axis }}",
            "{{ proposal.text }}",
            [("{{ proposal.disposition|etiqueta }}", "b")],
            "{{ proposal.reason }}",
            "{% if "
            + opt("proposal.commitment")
            + " %}{{ proposal.commitment }}{% else %}—{% endif %}",
        ],
        [1.8, 2.8, 3.0, 6.1, 2.4, 6.0, 2.6],
        "proposal in proposals",
        size=8.5,
        aligns=[CENTER, None, None, JUSTIFY, CENTER, JUSTIFY, None],
    )
    assert abs(sum([1.8, 2.8, 3.0, 6.1, 2.4, 6.0, 2.6]) - width) < 0.01
    p(doc, "Elaborado por:", before=10, keep_next=True)
    signature_stack(doc, align=LEFT)


MATRIZ_SISTEMATIZACION = Kind(
    code="matriz_sistematizacion",
    title="Matriz de sistematización de aportes",
    document_type=None,
    fields={
        "plan": obj({"title": s(), "period": s()}),
        "consultation": obj({"start": d(), "end": d()}),
        "introduction": strs(),
        "summary": lst(obj({"label": s(), "count": i()}), required=False),
        "proposals": lst(
            obj(
                {
                    "code": s(),
                    "origin": s(),
                    "axis": s(),
                    "text": s(),
                    "disposition": s(choices=DISPOSITIONS),
                    "reason": s(),
                    "commitment": s(required=False),
                }
            )
        ),
    },
    build=build_matriz_sistematizacion,
    landscape=True,
)

KINDS = [NOTA_PRENSA, CARTILLA, BORRADOR_PLAN, MATRIZ_SISTEMATIZACION, PLAN_FINAL]
