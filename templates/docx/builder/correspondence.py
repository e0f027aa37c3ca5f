"""Numbered correspondence: oficio, oficio múltiple, informe técnico, resolución ministerial."""

from __future__ import annotations

from docx.document import Document as DocumentObject

from .base import (
    CENTER,
    JUSTIFY,
    LEFT,
    bullets,
    cell_lines,
    cell_list,
    date_line,
    field_table,
    heading,
    loop_table,
    number_line,
    opt,
    p,
    page_break,
    paragraphs,
    signature_stack,
    tag,
    title,
)
from .kinds import Kind
from .schema import lst, obj, s, strs

REFERENCE_LINE = "{{ loop.index|letra }})\u2002{{ reference }}"


def subject_block(doc: DocumentObject) -> None:
    """Asunto and (optional) Referencia rows, aligned as in PCM letters."""
    field_table(
        doc,
        [
            ("Asunto\u2003:", [("{{ subject }}", "b")]),
            ("Referencia\u2002:", cell_list("references", "reference", REFERENCE_LINE, size=11)),
        ],
        widths=(3.0, 13.0),
        guards=[None, opt("references")],
    )


def closing_lists(doc: DocumentObject) -> None:
    """Annexes and copies, both optional."""
    tag(doc, "if " + opt("annexes"))
    p(doc, ("Adjunto:", "b"), size=9, before=12, after=0)
    bullets(doc, "annexes", "annex", size=9, after=0)
    tag(doc, "endif")
    tag(doc, "if " + opt("cc"))
    p(doc, ("c.c.:", "b"), size=9, before=6, after=0)
    bullets(doc, "cc", "copy", size=9, after=0)
    tag(doc, "endif")


# --------------------------------------------------------------------------- oficio


def build_oficio(doc: DocumentObject) -> None:
    date_line(doc)
    number_line(doc, "OFICIO")
    p(doc, "{{ recipient.treatment }}", after=0, before=6)
    p(doc, ("{{ recipient.name|upper }}", "b"), after=0)
    p(doc, "{{ recipient.position }}", after=0)
    p(doc, ("{{ recipient.entity }}", "b"), after=0)
    tag(doc, "if " + opt("recipient.address"))
    p(doc, "{{ recipient.address }}", after=0)
    tag(doc, "endif")
    p(doc, ("Presente.-", "u"), after=12)
    subject_block(doc)
    p(doc, "De mi consideración:", before=12)
    paragraphs(doc, "body")
    p(doc, "Atentamente,", before=6, keep_next=True)
    signature_stack(doc)
    closing_lists(doc)


RECIPIENT = obj(
    {
        "treatment": s(),  # "Señor", "Señora", "Doctor"...
        "name": s(),
        "position": s(),
        "entity": s(),
        "address": s(required=False),
    }
)

OFICIO = Kind(
    code="oficio",
    title="Oficio",
    document_type="OFICIO",
    fields={
        "recipient": RECIPIENT,
        "subject": s(),
        "references": strs(required=False),
        "body": strs(),
        "annexes": strs(required=False),
        "cc": strs(required=False),
    },
    build=build_oficio,
)


# --------------------------------------------------------------------------- oficio múltiple


def build_oficio_multiple(doc: DocumentObject) -> None:
    date_line(doc)
    number_line(doc, "OFICIO MÚLTIPLE")
    p(doc, "Señores:", after=0, before=6)
    p(doc, ("{{ addressee_group|upper }}", "b"), after=0, align=JUSTIFY)
    p(doc, ("(Relación de destinatarios en anexo)", "i"), size=9, after=0)
    p(doc, ("Presente.-", "u"), after=12)
    subject_block(doc)
    p(doc, "De mi consideración:", before=12)
    paragraphs(doc, "body")
    p(doc, "Atentamente,", before=6, keep_next=True)
    signature_stack(doc)
    closing_lists(doc)
    page_break(doc)
    title(doc, "ANEXO", size=11, after=0)
    p(
        doc,
        ("RELACIÓN DE DESTINATARIOS DEL ", "b"),
        ("{% if number %}{{ number }}{% else %}OFICIO MÚLTIPLE{% endif %}", "b"),
        align=CENTER,
        after=10,
    )
    loop_table(
        doc,
        ["N°", "Destinatario", "Cargo", "Entidad"],
        [
            "{{ loop.index }}",
            "{{ addressee.treatment }} {{ addressee.name }}",
            "{{ addressee.position }}",
            "{{ addressee.entity }}",
        ],
        [1.0, 5.0, 4.5, 5.5],
        "addressee in recipients",
        aligns=[CENTER, None, None, None],
    )


OFICIO_MULTIPLE = Kind(
    code="oficio_multiple",
    title="Oficio múltiple",
    document_type="OFICIO MÚLTIPLE",
    fields={
        "addressee_group": s(),  # collective heading, e.g. "Ministros de Estado y ..."
        "recipients": lst(obj({"treatment": s(), "name": s(), "position": s(), "entity": s()})),
        "subject": s(),
        "references": strs(required=False),
        "body": strs(),
        "annexes": strs(required=False),
        "cc": strs(required=False),
    },
    build=build_oficio_multiple,
)


# --------------------------------------------------------------------------- informe técnico


def _section(doc: DocumentObject, number: int, name: str, var: str) -> None:
    heading(doc, f"{('I', 'II', 'III', 'IV')[number - 1]}.\u2002{name}")
    tag(doc, f"for item in {var}")
    p(doc, f"{number}.{{{{ loop.index }}}}\t", "{{ item }}", align=JUSTIFY, indent=1.0, hanging=1.0)
    tag(doc, "endfor")


def build_informe_tecnico(doc: DocumentObject) -> None:
    number_line(doc, "INFORME", align=CENTER, size=12)
    field_table(
        doc,
        [
            ("A", cell_lines([("{{ to.name }}", "b")], ["{{ to.position }}"], size=11)),
            ("De", cell_lines([("{{ sender.name }}", "b")], ["{{ sender.position }}"], size=11)),
            ("Asunto", "{{ subject }}"),
            ("Referencia", cell_list("references", "reference", REFERENCE_LINE, size=11)),
            ("Fecha", "{{ place }}, {{ date|fecha_larga }}"),
        ],
        widths=(3.0, 13.0),
        guards=[None, None, None, opt("references"), None],
    )
    rule = p(doc, "", after=6, size=4)
    _bottom_rule(rule)
    p(doc, "Tengo el agrado de dirigirme a usted para informarle lo siguiente:", before=6)
    _section(doc, 1, "ANTECEDENTES", "background")
    _section(doc, 2, "ANÁLISIS", "analysis")
    _section(doc, 3, "CONCLUSIONES", "conclusions")
    _section(doc, 4, "RECOMENDACIONES", "recommendations")
    tag(doc, "if " + opt("annexes"))
    p(doc, ("Anexos:", "b"), size=10, before=6, after=0)
    bullets(doc, "annexes", "annex", size=10, after=0)
    tag(doc, "endif")
    p(doc, "Es todo cuanto tengo que informar.", before=6)
    p(doc, "Atentamente,", keep_next=True)
    signature_stack(doc)


def _bottom_rule(paragraph: object) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()  # type: ignore[attr-defined]
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.insert_element_before(
        borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc", "w:rPr"
    )


PERSON = obj({"name": s(), "position": s()})

INFORME_TECNICO = Kind(
    code="informe_tecnico",
    title="Informe técnico sustentatorio",
    document_type="INFORME",
    fields={
        "to": PERSON,
        "sender": PERSON,
        "subject": s(),
        "references": strs(required=False),
        "background": strs(),
        "analysis": strs(),
        "conclusions": strs(),
        "recommendations": strs(),
        "annexes": strs(required=False),
    },
    build=build_informe_tecnico,
)


# --------------------------------------------------------------------------- resolución ministerial


def build_resolucion_ministerial(doc: DocumentObject) -> None:
    number_line(doc, "RESOLUCIÓN MINISTERIAL", align=CENTER, size=13)
    p(doc, "{{ place }}, {{ date|fecha_larga }}", align=CENTER, after=18)
    p(doc, ("VISTOS:", "b"), after=6, keep_next=True)
    p(doc, "{{ vistos }}", align=JUSTIFY, after=12)
    p(doc, ("CONSIDERANDO:", "b"), after=6, keep_next=True)
    paragraphs(doc, "considerandos", "considerando", after=8)
    p(doc, "{{ legal_basis }}", align=JUSTIFY, after=12)
    p(doc, ("SE RESUELVE:", "b"), after=8, keep_next=True)
    tag(doc, "for article in articles")
    p(doc, ("{{ article.label }}", "b"), " {{ article.text }}", align=JUSTIFY, after=8)
    tag(doc, "endfor")
    p(doc, "{{ closing_formula }}", align=LEFT, before=12, keep_next=True)
    signature_stack(doc)


RESOLUCION_MINISTERIAL = Kind(
    code="resolucion_ministerial",
    title="Resolución ministerial",
    document_type="RESOLUCIÓN MINISTERIAL",
    fields={
        "vistos": s(),
        "considerandos": strs(),  # each starts with "Que, ..."
        "legal_basis": s(),  # "De conformidad con lo dispuesto en ...;"
        "articles": lst(obj({"label": s(), "text": s()})),  # label "Artículo 1.-"
        "closing_formula": s(),  # "Regístrese, comuníquese y publíquese."
    },
    build=build_resolucion_ministerial,
)

KINDS = [OFICIO, OFICIO_MULTIPLE, INFORME_TECNICO, RESOLUCION_MINISTERIAL]
