from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from documents.registry import UnknownKind, get_kind
from documents.validation import template_problems


class Command(BaseCommand):
    help = (
        "Check a .docx template for a kind; exit non-zero with the reasons if it would be refused."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind")
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            kind = get_kind(options["kind"])
            data = options["file"].read_bytes()
        except (UnknownKind, OSError) as exc:
            raise CommandError(str(exc)) from exc
        problems = template_problems(kind, data)
        if problems:
            raise CommandError("Plantilla rechazada:\n- " + "\n- ".join(problems))
        self.stdout.write(f"{options['file']}: plantilla válida para «{kind.title}»")
