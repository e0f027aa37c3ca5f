from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.exports import FORMATS, write_export
from audit.selectors import AuditFilter, FilterError


class Command(BaseCommand):
    help = "Export audit entries as JSONL or CSV (all of them, or a filtered set)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=sorted(FORMATS), default="jsonl")
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")
        for name in ("process", "entity", "user", "role", "action", "since", "until"):
            parser.add_argument(f"--{name}", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            filters = AuditFilter.from_mapping(options)
        except FilterError as exc:
            raise CommandError(str(exc)) from exc
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as handle:
                count = write_export(handle, options["format"], filters)
        else:
            count = write_export(sys.stdout, options["format"], filters)
        self.stderr.write(f"{count} entradas exportadas")
