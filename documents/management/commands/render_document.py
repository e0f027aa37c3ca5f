import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from documents.context import qr_images
from documents.conversion import ConversionError, docx_to_pdf
from documents.registry import UnknownKind, context_errors, get_kind
from documents.rendering import render_docx
from documents.validation import sample_context


class Command(BaseCommand):
    help = (
        "Render a document kind with a JSON context (or its sample context) to a .docx, "
        "and optionally a PDF beside it. Uses the shipped template unless --template is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind")
        parser.add_argument("--context", type=Path, help="JSON file with the kind's fields")
        parser.add_argument("--template", type=Path, help="a .docx template to try instead")
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument("--pdf", action="store_true", help="also write OUT with .pdf")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            kind = get_kind(options["kind"])
        except UnknownKind as exc:
            raise CommandError(str(exc)) from exc
        context = sample_context(kind)
        if options["context"]:
            try:
                data = json.loads(options["context"].read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CommandError(f"No se pudo leer el contexto: {exc}") from exc
            problems = context_errors(kind.fields, data)
            if problems:
                raise CommandError("Contexto no válido:\n- " + "\n- ".join(problems))
            context.update(data)
        template = (options["template"] or kind.shipped_template).read_bytes()
        docx = render_docx(template, context, images=qr_images(context))
        out: Path = options["out"]
        out.write_bytes(docx)
        self.stdout.write(f"{out} ({len(docx):,} bytes)")
        if options["pdf"]:
            try:
                pdf = docx_to_pdf(docx)
            except ConversionError as exc:
                raise CommandError(str(exc)) from exc
            out.with_suffix(".pdf").write_bytes(pdf)
            self.stdout.write(f"{out.with_suffix('.pdf')} ({len(pdf):,} bytes)")
