"""(Re)generate every .docx template of templates/docx and its context schema.

Run from the repository root:

    .venv/bin/python templates/docx/build_templates.py

Output (deterministic: same code, same bytes):
    templates/docx/<kind>.docx          the docxtpl template of each kind
    templates/docx/schemas/<kind>.json  the kind-specific context schema

The templates expect the common context keys that the document service always
passes (entity, office, year_name, number, place, date, verification, checkpoint,
signers) plus the kind-specific keys of the schema, and the filters of
documents/filters.py. See templates/docx/builder/ for the layout code.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from builder import ALL_KINDS, Kind  # noqa: E402
from builder.base import footer, letterhead, new_document, save_deterministic  # noqa: E402
from builder.schema import schema  # noqa: E402


def build(kind: Kind, out_dir: Path) -> Path:
    doc = new_document(kind.title, landscape=kind.landscape)
    letterhead(doc)
    footer(doc)
    kind.build(doc)
    path = out_dir / f"{kind.code}.docx"
    save_deterministic(doc, path)
    return path


def write_schema(kind: Kind, out_dir: Path) -> Path:
    path = out_dir / f"{kind.code}.json"
    data = schema(kind.code, kind.title, kind.document_type, kind.fields)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def main() -> int:
    schemas = HERE / "schemas"
    schemas.mkdir(exist_ok=True)
    for kind in ALL_KINDS:
        docx_path = build(kind, HERE)
        schema_path = write_schema(kind, schemas)
        print(f"{kind.code:24} {docx_path.relative_to(HERE)}  {schema_path.relative_to(HERE)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
