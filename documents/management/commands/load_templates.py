from typing import Any

from django.core.management.base import BaseCommand, CommandError

from documents.services import TemplateRejected, templates_load_shipped


class Command(BaseCommand):
    help = "Register the shipped templates (templates/docx/) that are not registered yet."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            loaded = templates_load_shipped()
        except TemplateRejected as exc:
            raise CommandError(f"Plantilla rechazada: {exc}") from exc
        if options["verbosity"]:
            for version in loaded:
                self.stdout.write(f"activa: {version}")
            self.stdout.write(f"plantillas: {len(loaded)} registradas")
