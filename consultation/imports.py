"""E-mail, paper, workshop and Congress proposals from a CSV or XLSX file: every row is
checked first; a file with any bad row imports nothing and gets a report per row."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from consultation.intake import FIELD_LIMITS, clean_text
from consultation.models import Consultation, Proposal
from consultation.permissions import IMPORT, require
from consultation.services import proposal_register

HEADERS = ("origen", "texto", "taller", "reunion_congreso", "grupo", "eje", "compromiso",
           "nombre", "organizacion", "sector", "region", "correo", "consentimiento")  # fmt: skip
ORIGINS = {"correo": "email", "email": "email", "papel": "paper", "paper": "paper",
           "taller": "workshop", "workshop": "workshop", "congreso": "congress",
           "congress": "congress"}  # fmt: skip
COLUMN_FIELDS = (
    ("nombre", "author_name"),
    ("organizacion", "organisation"),
    ("sector", "sector"),
    ("region", "region"),
    ("correo", "email"),
)
MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024


@dataclass
class ImportReport:
    rows: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    imported: int = 0


def read_table(name: str, content: bytes) -> list[dict[str, str]]:
    """Rows of a .csv (UTF-8, comma or semicolon) or .xlsx file, keyed by header."""
    if len(content) > MAX_BYTES:
        raise ValidationError(_("The file is too large (at most 5 MB)."))
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        except Exception:  # openpyxl raises many types for a broken file
            raise ValidationError(_("The file is not a valid .xlsx workbook.")) from None
        assert sheet is not None
        values = [
            ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
        ]
    elif name.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("The CSV file must be encoded in UTF-8.")) from None
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;") if text.strip() else "excel"
        values = list(csv.reader(io.StringIO(text), dialect))
    else:
        raise ValidationError(_("Upload a .csv or .xlsx file."))
    if not values:
        raise ValidationError(_("The file is empty."))
    header = [h.strip().lower() for h in values[0]]
    if "texto" not in header or "origen" not in header:
        raise ValidationError(_("The first row must name the columns, at least origen and texto."))
    if len(values) - 1 > MAX_ROWS:
        raise ValidationError(_("At most %(n)d rows per file.") % {"n": MAX_ROWS})
    return [
        dict(zip(header, row, strict=False)) for row in values[1:] if any(c.strip() for c in row)
    ]


def _row_fields(consultation: Consultation, row: dict[str, str]) -> dict[str, Any]:
    plan = consultation.plan
    origin = ORIGINS.get(row.get("origen", "").strip().lower())
    if origin is None:
        raise ValidationError(_("Unknown origin (use correo, papel, taller or congreso)."))
    fields: dict[str, Any] = {"origin": origin, "text": row.get("texto", "")}
    if origin == "workshop":
        workshop = plan.workshops.filter(pk=_int(row.get("taller"))).first()
        if workshop is None:
            raise ValidationError(
                _("Workshop proposals need the number of a workshop of the plan.")
            )
        fields["workshop"] = workshop
    if origin == "congress":
        meeting = plan.congress_meetings.filter(pk=_int(row.get("reunion_congreso"))).first()
        if meeting is None:
            raise ValidationError(_("Congress proposals need the number of a meeting of the plan."))
        fields["congress_meeting"] = meeting
    if row.get("eje", "").strip():
        fields["axis"] = plan.axes.filter(number=_int(row["eje"])).first()
        if fields["axis"] is None:
            raise ValidationError(_("Unknown axis."))
    if row.get("compromiso", "").strip():
        fields["commitment"] = plan.commitments.filter(
            stage="borrador", number=_int(row["compromiso"])
        ).first()
        if fields["commitment"] is None:
            raise ValidationError(_("Unknown draft commitment."))
    fields["group"] = row.get("grupo", "")
    for column, name in COLUMN_FIELDS:
        fields[name] = clean_text(row.get(column, ""), FIELD_LIMITS[name])
    fields["data_consent"] = row.get("consentimiento", "").strip().lower() in (
        "si",
        "sí",
        "x",
        "1",
        "true",
    )
    if (fields["author_name"] or fields["email"]) and not fields["data_consent"]:
        raise ValidationError(_("Personal data without consent (Ley 29733)."))
    if not clean_text(fields["text"], 5000):
        raise ValidationError(_("The proposal has no text."))
    return fields


def _int(value: str | None) -> int:
    try:
        return int(str(value or "").strip())
    except ValueError:
        return -1


def proposals_import(
    *, consultation: Consultation, rows: list[dict[str, str]], actor: Any
) -> ImportReport:
    require(actor, IMPORT)
    report = ImportReport(rows=len(rows))
    prepared = []
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        try:
            prepared.append(_row_fields(consultation, row))
        except ValidationError as exc:
            report.errors.append((number, "; ".join(exc.messages)))
    if report.errors:
        return report
    with transaction.atomic():
        for fields in prepared:
            proposal_register(consultation=consultation, actor=actor, **fields)
    report.imported = len(prepared)
    return report


__all__ = ["HEADERS", "ImportReport", "Proposal", "proposals_import", "read_table"]
