"""Exports of the audit log. JSONL carries every hashed field, so that
``python3 audit/chain.py export.jsonl`` can verify it without the application."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import IO

from django.http import StreamingHttpResponse
from django.utils import timezone

from audit.chain import FIELDS
from audit.selectors import AuditFilter, ordered_for_export
from audit.services import entry_values

FORMATS = {"jsonl", "csv"}
COLUMNS = (*FIELDS, "hash")


def export_lines(fmt: str, filters: AuditFilter) -> Iterator[str]:
    entries = ordered_for_export(filters).iterator(chunk_size=2000)
    if fmt == "jsonl":
        for entry in entries:
            record = dict(zip(FIELDS, entry_values(entry), strict=True))
            record["hash"] = entry.hash
            yield json.dumps(record, ensure_ascii=False) + "\n"
        return
    buffer = _LineBuffer()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    yield buffer.take()
    for entry in entries:
        writer.writerow([*("" if v is None else v for v in entry_values(entry)), entry.hash])
        yield buffer.take()


def export_response(fmt: str, filters: AuditFilter) -> StreamingHttpResponse:
    """The export as a streamed download named after the moment it was asked for."""
    content_type = "application/x-ndjson" if fmt == "jsonl" else "text/csv"
    response = StreamingHttpResponse(
        export_lines(fmt, filters), content_type=f"{content_type}; charset=utf-8"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="auditoria-{stamp}.{fmt}"'
    return response


def write_export(handle: IO[str], fmt: str, filters: AuditFilter) -> int:
    count = -1 if fmt == "csv" else 0
    for line in export_lines(fmt, filters):
        handle.write(line)
        count += 1
    return count


class _LineBuffer:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)

    def take(self) -> str:
        text, self.parts = "".join(self.parts), []
        return text
