"""The part of every document's context that the service, not the caller, provides."""

from __future__ import annotations

import io
import secrets
from datetime import date
from typing import Any

import segno
from django.conf import settings
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

# Official name of each year (Decreto Supremo of the Presidency), printed under the
# letterhead of every document of that year.
YEAR_NAMES = {
    2013: "Año de la Inversión para el Desarrollo Rural y la Seguridad Alimentaria",
    2014: "Año de la Promoción de la Industria Responsable y del Compromiso Climático",
    2015: "Año de la Diversificación Productiva y del Fortalecimiento de la Educación",
    2016: "Año de la Consolidación del Mar de Grau",
    2017: "Año del Buen Servicio al Ciudadano",
    2018: "Año del Diálogo y la Reconciliación Nacional",
    2019: "Año de la Lucha contra la Corrupción y la Impunidad",
    2020: "Año de la Universalización de la Salud",
    2021: "Año del Bicentenario del Perú: 200 años de Independencia",
    2022: "Año del Fortalecimiento de la Soberanía Nacional",
    2023: "Año de la Unidad, la Paz y el Desarrollo",
    2024: (
        "Año del Bicentenario, de la consolidación de nuestra Independencia, y de la "
        "conmemoración de las heroicas batallas de Junín y Ayacucho"
    ),
    2025: "Año de la recuperación y consolidación de la economía peruana",
}
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed


class MissingYearName(LookupError):
    pass


def year_name(year: int) -> str:
    configured = {**YEAR_NAMES, **settings.DOCUMENT_YEAR_NAMES}
    if year in configured:
        return configured[year]
    if settings.PRODUCTION:
        # An official document cannot go out without it: the operator must register it.
        raise MissingYearName(
            f"No está registrada la denominación oficial del año {year} (DOCUMENT_YEAR_NAMES)."
        )
    return f"Año {year}: denominación oficial no registrada (DOCUMENT_YEAR_NAMES)"


def new_verification_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def verification_url(code: str) -> str:
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}/verificar/{code}"


def qr_png(text: str) -> bytes:
    out = io.BytesIO()
    # A fixed mask: choosing the "best" of eight was most of the time of a code that
    # every reader decodes with any mask (ISO/IEC 18004 allows all eight).
    segno.make(text, error="m", mask=0).save(out, kind="png", scale=4, border=2)
    return out.getvalue()


def common_context(
    *,
    entity: dict[str, str],
    office: dict[str, str],
    number: str,
    place: str,
    on: date,
    signers: list[dict[str, str]],
    code: str,
    checkpoint: dict[str, Any] | None,
) -> dict[str, Any]:
    """The keys every template may use (documents.registry.COMMON_KEYS), except the QR
    image, which is made per rendered document (``qr_images``)."""
    return {
        "entity": entity,
        "office": office,
        "number": number or None,
        "place": place,
        "date": on.isoformat(),
        "year_name": year_name(on.year),
        "signers": signers,
        "verification": {"code": code, "url": verification_url(code)},
        "checkpoint": checkpoint,
    }


def qr_images(context: dict[str, Any]) -> Any:
    """Builds the ``verification.qr`` InlineImage for the document being rendered."""
    url = context["verification"]["url"]

    def build(doc: DocxTemplate) -> dict[str, Any]:
        image = InlineImage(doc, io.BytesIO(qr_png(url)), width=Mm(22))
        return {"verification": {**context["verification"], "qr": image}}

    return build
