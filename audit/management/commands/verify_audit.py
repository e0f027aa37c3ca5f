from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from audit.models import AuditEntry
from audit.verification import verify_database


class Command(BaseCommand):
    help = "Recompute the audit hash chain; exit 0 if it verifies, 1 naming the first bad entry."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--progress-every", type=int, default=100_000,
            help="print a progress line every N entries (default 100,000)",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        every = max(1, options["progress_every"])
        total = AuditEntry.objects.count()
        started = time.monotonic()

        def progress(done: int) -> None:
            rate = done / max(time.monotonic() - started, 1e-9)
            self.stderr.write(f"\r{done:,}/{total:,} entradas ({done * 100 // max(total, 1)} %, "
                              f"{rate:,.0f}/s)", ending="")  # fmt: skip
            self.stderr.flush()

        result = verify_database(progress=progress, every=every)
        if total >= every:
            self.stderr.write("")
        if result.problem is not None:
            self.stdout.write(f"CADENA NO VÁLIDA: {result.problem}")
            sys.exit(1)
        self.stdout.write(f"cadena válida: {result.count} entradas, hash final {result.head}")
