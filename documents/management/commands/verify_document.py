import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from documents.signatures import verify_pdf
from documents.signing import SigningError


class Command(BaseCommand):
    help = "Check a PDF offline: registered document or not, and each signature's validity."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = verify_pdf(options["file"].read_bytes())
        except (OSError, SigningError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"SHA-256: {result.sha256}")
        if result.document is not None:
            doc = result.document
            self.stdout.write(f"documento registrado: {doc} (código {doc.verification_code})")
        else:
            self.stdout.write("no coincide con ningún documento registrado")
        for report in result.reports:
            reasons = "; ".join(report.reasons) or "—"
            self.stdout.write(
                f"firma de {report.signer_common_name}: {report.status_label} ({reasons})"
            )
        if not result.reports:
            self.stdout.write("el PDF no tiene firmas digitales")
        if result.status != "valid":
            sys.exit(1)
