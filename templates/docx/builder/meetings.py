"""Meetings and workshops: actas, convocatoria and relatoría de taller."""

from __future__ import annotations

from docx.document import Document as DocumentObject

from .base import (
    CENTER,
    JUSTIFY,
    LEFT,
    bullets,
    cell_list,
    date_line,
    field_table,
    heading,
    loop_table,
    number_line,
    numbered,
    opt,
    p,
    paragraphs,
    signature_grid,
    signature_stack,
    tag,
    title,
)
from .kinds import Kind
from .schema import CAPACITIES, SECTORS, d, lst, obj, s, strs

DEADLINE = (
    "{% if "
    + opt("agreement.deadline")
    + " %}{{ agreement.deadline|fecha_corta }}{% else %}—{% endif %}"
)
AGREEMENT = obj({"text": s(), "responsible": s(), "deadline": d(required=False)})


def agreements_table(doc: DocumentObject) -> None:
    loop_table(
        doc,
        ["N°", "Acuerdo", "Responsable", "Plazo"],
        ["{{ loop.index }}", "{{ agreement.text }}", "{{ agreement.responsible }}", DEADLINE],
        [1.0, 8.8, 4.0, 2.2],
        "agreement in agreements",
        aligns=[CENTER, JUSTIFY, None, CENTER],
    )


# --------------------------------------------------------------------------- acta de sesión


def build_acta_sesion(doc: DocumentObject) -> None:
    number_line(doc, "ACTA", align=CENTER)
    title(
        doc,
        "ACTA DE LA {{ session.number|ordinal|upper }} SESIÓN {{ session.kind|upper }}",
        after=2,
    )
    p(doc, ("{{ commission|upper }}", "b"), align=CENTER, size=10, after=12)
    p(
        doc,
        "En la ciudad de {{ place }}, siendo las {{ session.start_time|hora }} del "
        "{{ date|fecha_larga }}, en {{ session.venue }}, se reunieron los miembros de la "
        "{{ commission }}, con la asistencia de las personas que se indican a continuación:",
        align=JUSTIFY,
    )
    heading(doc, "1.\u2002ASISTENTES")
    loop_table(
        doc,
        ["N°", "Nombre", "Entidad / organización", "Condición"],
        [
            "{{ loop.index }}",
            "{{ attendee.name }}",
            "{{ attendee.entity }}",
            "{{ attendee.capacity|etiqueta }}",
        ],
        [1.0, 5.5, 7.0, 2.5],
        "attendee in attendees",
        aligns=[CENTER, None, None, CENTER],
    )
    heading(doc, "2.\u2002QUÓRUM")
    p(doc, "{{ quorum }}", align=JUSTIFY)
    heading(doc, "3.\u2002AGENDA")
    numbered(doc, "agenda", "point")
    heading(doc, "4.\u2002DESARROLLO DE LA SESIÓN")
    tag(doc, "for item in proceedings")
    p(doc, ("4.{{ loop.index }}\u2002{{ item.topic }}", "b"), keep_next=True, after=2)
    p(doc, "{{ item.summary }}", align=JUSTIFY)
    tag(doc, "endfor")
    heading(doc, "5.\u2002ACUERDOS")
    agreements_table(doc)
    p(
        doc,
        "Siendo las {{ session.end_time|hora }} del mismo día, se dio por concluida la sesión, "
        "firmando los asistentes en señal de conformidad.",
        align=JUSTIFY,
        before=12,
        keep_next=True,
    )
    signature_grid(doc)


ACTA_SESION = Kind(
    code="acta_sesion",
    title="Acta de sesión de la Comisión Multisectorial",
    document_type="ACTA",
    fields={
        "commission": s(),
        "session": obj(
            {
                "number": {"type": "int", "required": True},
                "kind": s(choices=["ordinaria", "extraordinaria"]),
                "start_time": s(),
                "end_time": s(),
                "venue": s(),
            }
        ),
        "attendees": lst(obj({"name": s(), "entity": s(), "capacity": s(choices=CAPACITIES)})),
        "quorum": s(),
        "agenda": strs(),
        "proceedings": lst(obj({"topic": s(), "summary": s()})),
        "agreements": lst(AGREEMENT),
    },
    build=build_acta_sesion,
)


# --------------------------------------------------------------------------- acta con congresistas


def build_acta_congreso(doc: DocumentObject) -> None:
    number_line(doc, "ACTA", align=CENTER)
    title(doc, "ACTA DE REUNIÓN DE TRABAJO", after=2)
    p(doc, ("{{ meeting.topic }}", "b"), align=CENTER, size=10.5, after=12)
    field_table(
        doc,
        [
            ("Fecha", "{{ date|fecha_larga }}"),
            ("Hora", "De {{ meeting.start_time|hora }} a {{ meeting.end_time|hora }}"),
            ("Lugar", "{{ meeting.venue }}, {{ place }}"),
            ("Convoca", "{{ meeting.convened_by }}"),
        ],
        widths=(3.0, 13.0),
        borders=True,
        size=10,
        label_fill="F2F2F2",
    )
    heading(doc, "I.\u2002PARTICIPANTES")
    loop_table(
        doc,
        ["N°", "Nombre", "Cargo", "Institución"],
        [
            "{{ loop.index }}",
            "{{ participant.name }}",
            "{{ participant.position }}",
            "{{ participant.entity }}",
        ],
        [1.0, 5.0, 5.0, 5.0],
        "participant in participants",
        aligns=[CENTER, None, None, None],
    )
    heading(doc, "II.\u2002AGENDA")
    numbered(doc, "agenda", "point")
    heading(doc, "III.\u2002DESARROLLO DE LA REUNIÓN")
    tag(doc, "for intervention in discussion")
    p(doc, ("{{ intervention.speaker }}: ", "b"), "{{ intervention.summary }}", align=JUSTIFY)
    tag(doc, "endfor")
    heading(doc, "IV.\u2002ACUERDOS Y COMPROMISOS")
    agreements_table(doc)
    p(
        doc,
        "Siendo las {{ meeting.end_time|hora }}, se dio por concluida la reunión, firmando los "
        "participantes en señal de conformidad.",
        align=JUSTIFY,
        before=12,
        keep_next=True,
    )
    signature_grid(doc)


ACTA_CONGRESO = Kind(
    code="acta_congreso",
    title="Acta de reunión con congresistas",
    document_type="ACTA",
    fields={
        "meeting": obj(
            {"topic": s(), "start_time": s(), "end_time": s(), "venue": s(), "convened_by": s()}
        ),
        "participants": lst(obj({"name": s(), "position": s(), "entity": s()})),
        "agenda": strs(),
        "discussion": lst(obj({"speaker": s(), "summary": s()})),
        "agreements": lst(AGREEMENT),
    },
    build=build_acta_congreso,
)


# --------------------------------------------------------------------------- acta de presentación


def build_acta_presentacion(doc: DocumentObject) -> None:
    number_line(doc, "ACTA", align=CENTER)
    title(doc, "ACTA DE PRESENTACIÓN DEL PLAN DE ACCIÓN", after=2)
    p(doc, ("{{ plan.title|upper }} {{ plan.period }}", "b"), align=CENTER, size=10.5, after=12)
    p(
        doc,
        "En la ciudad de {{ place }}, siendo las {{ meeting.start_time|hora }} del "
        "{{ date|fecha_larga }}, en {{ meeting.venue }}, la {{ meeting.convened_by }} presentó a "
        "las personas e instituciones que participaron en su elaboración la versión final del "
        "{{ plan.title }} {{ plan.period }}.",
        align=JUSTIFY,
    )
    heading(doc, "I.\u2002PARTICIPANTES")
    loop_table(
        doc,
        ["N°", "Nombre", "Institución / organización", "Sector"],
        [
            "{{ loop.index }}",
            "{{ attendee.name }}",
            "{{ attendee.entity }}",
            "{{ attendee.sector|etiqueta }}",
        ],
        [1.0, 5.5, 6.5, 3.0],
        "attendee in attendees",
        aligns=[CENTER, None, None, None],
    )
    heading(doc, "II.\u2002PRESENTACIÓN")
    paragraphs(doc, "summary")
    p(doc, "Los compromisos presentados son los siguientes:", keep_next=True)
    loop_table(
        doc,
        ["N°", "Compromiso", "Eje", "Entidad responsable"],
        [
            "{{ commitment.number }}",
            "{{ commitment.title }}",
            "{{ commitment.axis }}",
            "{{ commitment.lead }}",
        ],
        [1.0, 7.0, 4.0, 4.0],
        "commitment in commitments",
        aligns=[CENTER, None, None, None],
    )
    heading(doc, "III.\u2002INTERVENCIONES DE LOS PARTICIPANTES")
    tag(doc, "if interventions")
    loop_table(
        doc,
        ["N°", "Participante", "Intervención", "Respuesta"],
        [
            "{{ loop.index }}",
            "{{ intervention.participant }}",
            "{{ intervention.question }}",
            "{{ intervention.answer }}",
        ],
        [1.0, 3.5, 5.75, 5.75],
        "intervention in interventions",
        aligns=[CENTER, None, JUSTIFY, JUSTIFY],
    )
    tag(doc, "else")
    p(doc, "No se registraron intervenciones.")
    tag(doc, "endif")
    heading(doc, "IV.\u2002ACUERDOS")
    numbered(doc, "agreements", "agreement")
    p(
        doc,
        "Siendo las {{ meeting.end_time|hora }}, se dio por concluido el acto, firmando los "
        "presentes en señal de conformidad.",
        align=JUSTIFY,
        before=12,
        keep_next=True,
    )
    signature_grid(doc)


ACTA_PRESENTACION = Kind(
    code="acta_presentacion",
    title="Acta de presentación del plan de acción",
    document_type="ACTA",
    fields={
        "plan": obj({"title": s(), "period": s()}),
        "meeting": obj({"start_time": s(), "end_time": s(), "venue": s(), "convened_by": s()}),
        "attendees": lst(obj({"name": s(), "entity": s(), "sector": s(choices=SECTORS)})),
        "summary": strs(),
        "commitments": lst(obj({"number": s(), "title": s(), "axis": s(), "lead": s()})),
        "interventions": lst(obj({"participant": s(), "question": s(), "answer": s()})),
        "agreements": strs(),
    },
    build=build_acta_presentacion,
)


# --------------------------------------------------------------------------- convocatoria de taller

WORKSHOP_DATES = "{{ workshop.start|rango_fechas(workshop.end) }}"


def build_convocatoria_taller(doc: DocumentObject) -> None:
    date_line(doc)
    title(doc, "CONVOCATORIA", size=14, after=4)
    p(doc, ("{{ workshop.name }}", "b"), align=CENTER, size=12, after=2)
    p(
        doc,
        ("{{ workshop.city }} ({{ workshop.region }}), " + WORKSHOP_DATES, "i"),
        align=CENTER,
        after=12,
    )
    paragraphs(doc, "introduction")
    heading(doc, "Objetivos del taller", 2)
    bullets(doc, "objectives", "objective")
    heading(doc, "Dirigido a", 2)
    bullets(doc, "audience", "group")
    heading(doc, "Datos del taller", 2)
    field_table(
        doc,
        [
            ("Fechas", WORKSHOP_DATES),
            ("Horario", "{{ workshop.schedule }}"),
            ("Lugar", "{{ workshop.venue }}"),
            ("Dirección", "{{ workshop.address }}, {{ workshop.city }}"),
        ],
        widths=(3.0, 13.0),
        borders=True,
        size=10,
        label_fill="F2F2F2",
    )
    heading(doc, "Programa", 2)
    loop_table(
        doc,
        ["Hora", "Actividad", "Responsable"],
        ["{{ item.time }}", "{{ item.activity }}", "{{ item.responsible }}"],
        [2.6, 8.4, 5.0],
        "item in program",
        aligns=[CENTER, None, None],
    )
    heading(doc, "Inscripción", 2)
    p(
        doc,
        "Las inscripciones se reciben hasta el {{ registration.deadline|fecha_larga }} en "
        "{{ registration.url }} o en el correo electrónico {{ registration.email }}"
        "{% if "
        + opt("registration.phone")
        + " %} (teléfono {{ registration.phone }}){% endif %}. "
        "La participación es gratuita y las vacantes son limitadas.",
        align=LEFT,
    )
    tag(doc, "if " + opt("notes"))
    heading(doc, "Notas", 2)
    bullets(doc, "notes", "note", size=10)
    tag(doc, "endif")
    signature_stack(doc)


WORKSHOP_FIELDS = {
    "name": s(),
    "region": s(),
    "city": s(),
    "start": d(),
    "end": d(),
    "venue": s(),
}

CONVOCATORIA_TALLER = Kind(
    code="convocatoria_taller",
    title="Convocatoria a taller",
    document_type=None,
    fields={
        "workshop": obj({**WORKSHOP_FIELDS, "schedule": s(), "address": s()}),
        "introduction": strs(),
        "objectives": strs(),
        "audience": strs(),
        "program": lst(obj({"time": s(), "activity": s(), "responsible": s()})),
        "registration": obj(
            {"deadline": d(), "url": s(), "email": s(), "phone": s(required=False)}
        ),
        "notes": strs(required=False),
    },
    build=build_convocatoria_taller,
)


# --------------------------------------------------------------------------- relatoría de taller


def build_relatoria_taller(doc: DocumentObject) -> None:
    date_line(doc)
    title(doc, "RELATORÍA DEL TALLER", size=13, after=2)
    p(doc, ("{{ workshop.name }}", "b"), align=CENTER, size=11, after=12)
    field_table(
        doc,
        [
            ("Región", "{{ workshop.region }}"),
            ("Ciudad", "{{ workshop.city }}"),
            ("Fechas", WORKSHOP_DATES),
            ("Lugar", "{{ workshop.venue }}"),
            (
                "Facilitación",
                cell_list(
                    "facilitators",
                    "facilitator",
                    "{{ facilitator.name }} ({{ facilitator.entity }})",
                ),
            ),
            ("Participantes", "{{ attendance|length }} personas registradas"),
        ],
        widths=(3.4, 12.6),
        borders=True,
        size=10,
        label_fill="F2F2F2",
    )
    heading(doc, "1.\u2002OBJETIVO")
    p(doc, "{{ objective }}", align=JUSTIFY)
    heading(doc, "2.\u2002METODOLOGÍA")
    paragraphs(doc, "methodology")
    heading(doc, "3.\u2002PROPUESTAS RECOGIDAS")
    loop_table(
        doc,
        ["N°", "Mesa", "Eje", "Propuesta"],
        ["{{ loop.index }}", "{{ proposal.group }}", "{{ proposal.axis }}", "{{ proposal.text }}"],
        [1.0, 2.6, 3.9, 8.5],
        "proposal in proposals",
        aligns=[CENTER, None, None, JUSTIFY],
    )
    heading(doc, "4.\u2002CONCLUSIONES")
    numbered(doc, "conclusions", "conclusion")
    heading(doc, "5.\u2002REGISTRO DE PARTICIPANTES")
    loop_table(
        doc,
        ["N°", "Nombre", "Institución / organización", "Sector"],
        [
            "{{ loop.index }}",
            "{{ person.name }}",
            "{{ person.entity }}",
            "{{ person.sector|etiqueta }}",
        ],
        [1.0, 5.5, 6.5, 3.0],
        "person in attendance",
        aligns=[CENTER, None, None, None],
    )
    p(
        doc,
        (
            "Los datos personales de los participantes se tratan conforme a la Ley N° 29733, "
            "Ley de Protección de Datos Personales, solo para los fines del proceso participativo.",
            "i",
        ),
        size=8,
        before=4,
        align=JUSTIFY,
    )
    p(doc, "Relatoría elaborada por:", before=6, keep_next=True, align=LEFT)
    signature_stack(doc, align=LEFT)


RELATORIA_TALLER = Kind(
    code="relatoria_taller",
    title="Relatoría de taller",
    document_type=None,
    fields={
        "workshop": obj(WORKSHOP_FIELDS),
        "facilitators": lst(obj({"name": s(), "entity": s()})),
        "objective": s(),
        "methodology": strs(),
        "attendance": lst(obj({"name": s(), "entity": s(), "sector": s(choices=SECTORS)})),
        "proposals": lst(obj({"group": s(), "axis": s(), "text": s()})),
        "conclusions": strs(),
    },
    build=build_relatoria_taller,
)

KINDS = [
    ACTA_SESION,
    CONVOCATORIA_TALLER,
    RELATORIA_TALLER,
    ACTA_CONGRESO,
    ACTA_PRESENTACION,
]
