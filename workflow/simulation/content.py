"""Realistic Spanish content for the simulated 2014–2016 plan (fictitious people)."""

from __future__ import annotations

from datetime import date
from typing import Any

SESSION = {
    "date": "2013-12-10", "start_time": "09:00", "end_time": "11:30",
    "venue": "Sala de sesiones de la PCM, Jr. Carabaya s/n, Lima",
    "attendees": "\n".join([
        "PCM | Secretaría General (Presidencia) | titular",
        "MINJUS | Representante del Ministerio de Justicia | titular",
        "RREE | Representante del Ministerio de Relaciones Exteriores | titular",
        "PJ | Representante del Poder Judicial | titular",
        "PROETICA | Representante de Proética | titular",
        "CAD | Representante de Ciudadanos al Día | titular",
        "CPP | Representante del Consejo de la Prensa Peruana | titular",
        "CCL | Representante de la Cámara de Comercio de Lima | alterno",
        "DP | Representante de la Defensoría del Pueblo | observer",
    ]),
    "agenda": "Aprobación del cronograma de elaboración del plan 2014–2016\n"
              "Definición de los ejes temáticos\nTalleres descentralizados",
    "proceedings": "\n".join([
        "Cronograma | La Secretaría Técnica presentó las actividades a–l y sus plazos.",
        "Ejes | Se acordó mantener los cinco ejes del plan: transparencia, integridad, "
        "gobierno electrónico, participación y rendición de cuentas.",
    ]),
    "agreements": "\n".join([
        "Aprobar el cronograma de elaboración del plan | Comisión Multisectorial",
        "Realizar talleres en Ayacucho, Piura y San Martín | Secretaría Técnica",
    ]),
}  # fmt: skip

PRESS = {
    "headline": "PCM inicia la elaboración participativa del Plan de Acción de Gobierno "
                "Abierto 2014–2016",
    "lead": "La ciudadanía podrá presentar propuestas en talleres regionales y en la "
            "consulta pública del borrador.",
    "body": "La Secretaría de Gestión Pública convoca a entidades públicas, sociedad civil y "
            "sector privado.\nSe realizarán talleres en Ayacucho, Piura, San Martín y Lima.",
    "key_facts": "Cinco ejes temáticos\nTres talleres regionales y uno en Lima",
    "more_info_url": "https://sgp.pcm.gob.pe/gobierno-abierto",
    "leaflet_headline": "¿Qué es el Plan de Acción de Gobierno Abierto?",
    "leaflet_introduction": "Un conjunto de compromisos del Estado para ser más transparente, "
                            "íntegro y participativo.",
    "how_to_participate": "Asista a los talleres de su región\n"
                          "Comente el borrador en la consulta pública",
}  # fmt: skip

WORKSHOP_PROPOSALS = [
    (
        "Grupo 1",
        "1",
        "Publicar en datos abiertos la ejecución presupuestal de los gobiernos "
        "regionales, actualizada cada mes.",
    ),
    (
        "Grupo 2",
        "4",
        "Crear mesas de participación ciudadana para el seguimiento de obras "
        "públicas en cada provincia.",
    ),
    (
        "Grupo 3",
        "2",
        "Difundir las declaraciones juradas de intereses de los funcionarios que "
        "deciden compras públicas.",
    ),
]


def workshop(region: str) -> dict[str, str]:
    return {
        "venue": f"Auditorio del Gobierno Regional de {region}",
        "facilitators": "Equipo de Gobierno Abierto | Secretaría de Gestión Pública\n"
                        f"Enlace regional | Gobierno Regional de {region}",
        "objective": "Recoger propuestas de compromisos de la región para el plan 2014–2016.",
        "methodology": "Exposición del marco de Gobierno Abierto\nTrabajo en grupos por eje\n"
                       "Plenaria de conclusiones",
        "attendance": "\n".join([
            f"Representante A | Gobierno Regional de {region} | state",
            f"Representante B | Colegio de Periodistas de {region} | civil_society",
            f"Representante C | Cámara de Comercio de {region} | business",
            f"Representante D | Universidad Nacional de {region} | academia",
        ]),
        "proposals": "\n".join(" | ".join(row) for row in WORKSHOP_PROPOSALS),
        "conclusions": "Las propuestas se incorporarán a la sistematización del borrador.",
    }  # fmt: skip


CONGRESS = {
    "topic": "Parlamento Abierto: transparencia legislativa y participación",
    "date": "2014-02-12", "start_time": "10:00", "end_time": "12:00",
    "venue": "Sala Grau, Palacio Legislativo", "convened_by": "Secretaría de Gestión Pública",
    "participants": "Congresista Demo Uno | Presidente de comisión | Congreso de la República\n"
                    "Congresista Demo Dos | Miembro | Congreso de la República",
    "agenda": "Compromisos de Parlamento Abierto\nPublicación de votaciones en datos abiertos",
    "discussion": "Congresista Demo Uno | Propuso publicar las votaciones nominales.",
    "agreements": "Evaluar un compromiso de Parlamento Abierto | Congreso de la República",
}  # fmt: skip

COMMITMENTS: list[dict[str, Any]] = [
    {"axis": 1, "lead": "PCM", "title": "Portal de Transparencia Estándar con datos abiertos",
     "problem": "La información de los portales de transparencia está incompleta y en "
                "formatos que no permiten reutilizarla.",
     "description": "Actualizar el Portal de Transparencia Estándar para publicar datos "
                    "presupuestales y de personal en formatos abiertos.",
     "solution": "La ciudadanía podrá descargar y analizar la información pública.",
     "values": ["transparency", "technology"]},
    {"axis": 2, "lead": "MINJUS", "title": "Declaraciones juradas de intereses en línea",
     "problem": "Los conflictos de intereses de los funcionarios no son visibles.",
     "description": "Publicar en línea las declaraciones juradas de intereses de los "
                    "funcionarios que deciden contrataciones.",
     "solution": "Permite el control ciudadano de posibles conflictos de intereses.",
     "values": ["accountability", "transparency"]},
    {"axis": 4, "lead": "PCM", "title": "Mecanismos de participación en la gestión regional",
     "problem": "Los espacios de participación regional son poco conocidos.",
     "description": "Implementar mesas de seguimiento ciudadano de obras en tres regiones.",
     "solution": "La ciudadanía vigila la ejecución de obras públicas.",
     "values": ["participation", "accountability"]},
]  # fmt: skip

CITIZEN_PROPOSALS = [
    "Que los gobiernos locales publiquen sus actas de concejo en un plazo de cinco días.",
    "Incluir un compromiso de datos abiertos sobre contrataciones del Estado.",
    "Capacitar a los funcionarios en la Ley de Transparencia y Acceso a la Información.",
]

MILESTONE_DATES = (date(2014, 12, 31), date(2015, 12, 31))
