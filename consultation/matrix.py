"""The matriz de sistematización: one row per proposal, as .docx (the documents service),
.xlsx and .csv."""

from __future__ import annotations

import csv
import io
from collections import Counter
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from consultation.models import Consultation, Disposition, Proposal
from consultation.permissions import SYSTEMATIZE, require
from documents.models import GeneratedDocument
from workflow import paperwork

COLUMNS = (
    ("code", "Código"), ("origin", "Origen"), ("provenance", "Procedencia"),
    ("axis", "Eje"), ("commented", "Compromiso comentado"), ("text", "Aporte"),
    ("author", "Autor (si consintió publicarlo)"), ("cluster", "Grupo"),
    ("disposition", "Respuesta"), ("reason", "Fundamentación"),
    ("commitment", "Compromiso del borrador"), ("final", "Compromiso final"),
)  # fmt: skip


def _rows_queryset(consultation: Consultation) -> QuerySet[Proposal]:
    return (
        consultation.proposals.exclude(state=Proposal.State.HIDDEN)
        .select_related(
            "axis", "commitment", "assigned_commitment", "cluster", "workshop", "congress_meeting"
        )
        .prefetch_related("assigned_commitment__final_versions")
        .order_by("pk")
    )


def provenance(proposal: Proposal) -> str:
    if proposal.workshop_id and proposal.workshop:
        where = f"{proposal.workshop.get_kind_display()} — {proposal.workshop.region}"
        return f"{where} ({proposal.group})" if proposal.group else where
    if proposal.congress_meeting_id and proposal.congress_meeting:
        return str(proposal.congress_meeting.topic)
    return proposal.group


def final_commitment(proposal: Proposal) -> str:
    draft = proposal.assigned_commitment
    if draft is None:
        return ""
    finals = list(draft.final_versions.all())
    return "; ".join(str(final) for final in finals)


def matrix_rows(consultation: Consultation, *, published: bool = False) -> list[dict[str, str]]:
    """One row per proposal not hidden; ``published`` shows only what the public sees."""
    labels = dict(Disposition.choices)
    rows = []
    for p in _rows_queryset(consultation):
        disposition = p.published_disposition if published else p.disposition
        rows.append({
            "code": p.code, "origin": str(p.get_origin_display()), "provenance": provenance(p),
            "axis": p.axis.name if p.axis else "", "commented": str(p.commitment or ""),
            "text": p.text, "author": p.public_author(),
            "cluster": p.cluster.title if p.cluster else "",
            "disposition": str(labels.get(disposition, "")) if disposition else "",
            "disposition_code": disposition,
            "reason": p.published_response if published else p.response,
            "commitment": str(p.assigned_commitment or ""), "final": final_commitment(p),
        })  # fmt: skip
    return rows


def matrix_csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([title for _key, title in COLUMNS])
    for row in rows:
        writer.writerow([_cell(row[key]) for key, _title in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens it as UTF-8


def _cell(value: str) -> str:
    """Neutralize spreadsheet formulas (CSV/XLSX injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def matrix_xlsx(rows: list[dict[str, str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Matriz"
    sheet.append([title for _key, title in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(row[key]) for key, _title in COLUMNS])
    for column, width in zip("ABCDEFGHIJKL", (12, 12, 24, 20, 28, 60, 20, 20, 18, 50, 28, 28),
                             strict=True):  # fmt: skip
        sheet.column_dimensions[column].width = width
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def matrix_data(consultation: Consultation) -> dict[str, Any]:
    rows = [row for row in matrix_rows(consultation) if row["disposition_code"]]
    counts = Counter(row["disposition"] for row in rows)
    plan = consultation.plan
    return {
        "plan": {"title": plan.title, "period": plan.period},
        "consultation": {"start": timezone.localdate(consultation.opens_at).isoformat(),
                         "end": timezone.localdate(consultation.closes_at).isoformat()},
        "introduction": [
            "La matriz recoge cada aporte recibido en la consulta pública del borrador y en "
            "los talleres, con su respuesta fundamentada y el compromiso en el que se recoge.",
        ],
        "summary": [{"label": label, "count": count} for label, count in sorted(counts.items())],
        "proposals": [
            {"code": row["code"],
             "origin": f"{row['origin']} — {row['provenance']}" if row["provenance"]
             else row["origin"],
             "axis": row["axis"] or "—", "text": row["text"],
             "disposition": row["disposition_code"], "reason": row["reason"],
             "commitment": row["commitment"]}
            for row in rows
        ],
    }  # fmt: skip


def matrix_document(*, consultation: Consultation, actor: Any) -> GeneratedDocument:
    """The matrix as a .docx through the documents service (a new one per generation, so
    that a later change of answers gives a new version)."""
    require(actor, SYSTEMATIZE)
    plan = consultation.plan
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    return paperwork.plan_document(
        plan=plan, kind="matriz_sistematizacion",
        key=f"plan:{plan.pk}:matriz:{consultation.pk}:{stamp}",
        data=matrix_data(consultation), on=timezone.localdate(), actor=actor,
    )  # fmt: skip
