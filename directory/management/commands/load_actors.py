from typing import Any

from django.core.management.base import BaseCommand

from directory.actors import actors_load


class Command(BaseCommand):
    help = "Load entities, offices, commission seats and roles from fixtures/ (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        report = actors_load()
        for name in report.created:
            self.stdout.write(
                f"{name}: {report.created[name]} created, {report.updated[name]} updated"
            )
        self.stdout.write("actors: " + ("changed" if report.changed else "already up to date"))
