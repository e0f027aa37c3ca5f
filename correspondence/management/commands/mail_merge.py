import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from correspondence.merge import merge_progress
from correspondence.models import MailMerge


class Command(BaseCommand):
    help = "Show the progress of a mail merge (--follow until it ends)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("merge", type=int)
        parser.add_argument("--follow", action="store_true")
        parser.add_argument("--every", type=float, default=2.0, help="seconds between lines")

    def handle(self, *args: Any, **options: Any) -> None:
        merge = MailMerge.objects.filter(pk=options["merge"]).first()
        if merge is None:
            raise CommandError(f"No existe la combinación {options['merge']}.")
        while True:
            p = merge_progress(merge)
            line = (
                f"{p.done + p.failed + p.cancelled}/{p.total} ({p.percent} %): "
                f"{p.done} emitidos, {p.failed} fallidos"
            )
            if p.cancelled:
                line += f", {p.cancelled} anulados"
            self.stdout.write(f"\r{line}", ending="")
            self.stdout.flush()
            if p.finished or not options["follow"]:
                break
            time.sleep(options["every"])
        self.stdout.write("")
        if p.failed:
            sys.exit(1)
