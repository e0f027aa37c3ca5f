"""Jinja filters for the .docx templates in ``templates/docx``.

Pure functions, no Django imports, so the templates can be rendered (and tested)
anywhere. Register them with ``env.filters.update(FILTERS)``.

Conventions follow Peruvian official usage: dates in Spanish ("20 de enero de
2014"), numbers with a comma for thousands and a point for decimals
("1,234.50").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

MONTHS = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "setiembre",  # spelling used by the Peruvian State (RAE also accepts it)
    "octubre",
    "noviembre",
    "diciembre",
)

# Display labels for the enumerated codes that the contexts carry.
LABELS: dict[str, str] = {
    # capacity of a commission member at a session
    "titular": "Titular",
    "alterno": "Alterno",
    "observador": "Observador",
    "invitado": "Invitado",
    # OGP values (relevance of a commitment)
    "transparencia": "Acceso a la información",
    "participacion_ciudadana": "Participación ciudadana",
    "rendicion_de_cuentas": "Rendición de cuentas",
    "tecnologia_innovacion": "Tecnología e innovación para la apertura y la rendición de cuentas",
    # disposition of a citizen proposal
    "acogida": "Acogida",
    "acogida_parcialmente": "Acogida parcialmente",
    "no_acogida": "No acogida",
    "fuera_de_alcance": "Fuera de alcance",
    "derivada": "Derivada a otra entidad",
    # priority of a commitment
    "alta": "Alta",
    "media": "Media",
    "baja": "Baja",
    # sector of a participant
    "estado": "Estado",
    "sociedad_civil": "Sociedad civil",
    "sector_privado": "Sector privado",
    "academia": "Academia",
    "cooperacion": "Cooperación internacional",
}

_ORDINALS_FEM = (
    "primera",
    "segunda",
    "tercera",
    "cuarta",
    "quinta",
    "sexta",
    "séptima",
    "octava",
    "novena",
    "décima",
    "undécima",
    "duodécima",
)

_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def _as_date(value: dt.date | dt.datetime | str) -> dt.date:
    """Accept a date, a datetime or an ISO string ("2014-01-20", "2014-01-20T10:00")."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError as exc:
            raise ValueError(f"not an ISO date: {value!r}") from exc
    raise TypeError(f"expected a date or an ISO string, got {type(value).__name__}")


def fecha_larga(value: dt.date | dt.datetime | str) -> str:
    """``2014-01-20`` -> ``"20 de enero de 2014"``."""
    day = _as_date(value)
    return f"{day.day} de {MONTHS[day.month - 1]} de {day.year}"


def fecha_corta(value: dt.date | dt.datetime | str) -> str:
    """``2014-01-20`` -> ``"20/01/2014"``."""
    day = _as_date(value)
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def anio(value: dt.date | dt.datetime | str) -> str:
    """The year of a date: ``2014-01-20`` -> ``"2014"``."""
    return str(_as_date(value).year)


def rango_fechas(start: dt.date | dt.datetime | str, end: dt.date | dt.datetime | str) -> str:
    """A span of days in Spanish, as workshop notices write it.

    ``("2014-01-20", "2014-01-24")`` -> ``"20 al 24 de enero de 2014"``;
    across months ``"30 de enero al 3 de febrero de 2014"``; across years, both in full.
    """
    first, last = _as_date(start), _as_date(end)
    if first == last:
        return fecha_larga(first)
    if first.year != last.year:
        return f"{fecha_larga(first)} al {fecha_larga(last)}"
    if first.month != last.month:
        return f"{first.day} de {MONTHS[first.month - 1]} al {fecha_larga(last)}"
    return f"{first.day} al {fecha_larga(last)}"


def numero(value: int | float | Decimal | str, decimales: int | None = None) -> str:
    """Peruvian number format: ``1234`` -> ``"1,234"``, ``1234.5`` -> ``"1,234.50"``.

    Integers keep no decimals and other numbers get two, unless ``decimales`` says how many.
    """
    if isinstance(value, bool):
        raise TypeError("numero() does not format booleans")
    if isinstance(value, str):
        try:
            value = Decimal(value.strip().replace(",", ""))
        except InvalidOperation as exc:
            raise ValueError(f"not a number: {value!r}") from exc
    if decimales is None:
        integral = isinstance(value, int) or (
            isinstance(value, Decimal)
            and value == value.to_integral_value()
            and value.as_tuple().exponent == 0
        )
        decimales = 0 if integral else 2
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    return f"{number:,.{decimales}f}"


def romano(value: int) -> str:
    """``4`` -> ``"IV"`` (section numbers of reports)."""
    number = int(value)
    if not 0 < number < 4000:
        raise ValueError(f"cannot write {value!r} in Roman numerals")
    parts = []
    for amount, letters in _ROMAN:
        count, number = divmod(number, amount)
        parts.append(letters * count)
    return "".join(parts)


def letra(value: int) -> str:
    """``1`` -> ``"a"``, ``27`` -> ``"aa"`` (lettered lists such as references)."""
    number = int(value)
    if number < 1:
        raise ValueError("letra() needs a positive number")
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def ordinal(value: int) -> str:
    """Feminine ordinal, capitalised, for sessions: ``4`` -> ``"Cuarta"``."""
    number = int(value)
    if 1 <= number <= len(_ORDINALS_FEM):
        return _ORDINALS_FEM[number - 1].capitalize()
    return f"{number}.ª"


def etiqueta(value: str | None) -> str:
    """The Spanish label of a context code (``"no_acogida"`` -> ``"No acogida"``).

    Unknown codes pass through unchanged, and ``None`` gives an empty string.
    """
    if value is None:
        return ""
    return LABELS.get(str(value), str(value))


def hora(value: str | dt.time) -> str:
    """``"09:30"`` -> ``"09:30 horas"``."""
    if isinstance(value, dt.time):
        return f"{value.hour:02d}:{value.minute:02d} horas"
    text = str(value).strip()
    return text if text.endswith("horas") else f"{text} horas"


FILTERS: dict[str, Callable[..., Any]] = {
    "fecha_larga": fecha_larga,
    "fecha_corta": fecha_corta,
    "anio": anio,
    "rango_fechas": rango_fechas,
    "numero": numero,
    "romano": romano,
    "letra": letra,
    "ordinal": ordinal,
    "etiqueta": etiqueta,
    "hora": hora,
}
