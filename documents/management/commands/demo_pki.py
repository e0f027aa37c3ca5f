from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from directory.demo import DEMO_USERS, demo_password
from documents.pki import issue_signer, load_ca, make_demo_ca, save_ca
from documents.signatures import credential_upload


class Command(BaseCommand):
    help = (
        "Create a demo certification authority (not valid for real signatures) and a "
        "signing certificate for each demo signer, protected by the demo password."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("La PKI de demostración no se crea en producción.")
        folder = settings.VAR_DIR / "pki"
        ca = load_ca(folder)
        if ca is None:
            ca = make_demo_ca()
            save_ca(ca, folder)
        if options["verbosity"]:
            self.stdout.write(f"CA de demostración: {folder / 'demo-ca.crt.pem'}")
        password = demo_password()
        signers = [
            d for d in DEMO_USERS if any(r.code in {"signer", "senior_management"} for r in d.roles)
        ]
        for demo in signers:
            user = get_user_model().objects.filter(username=demo.username).first()
            if user is None:
                raise CommandError(f"Falta el usuario {demo.username}: ejecute load_demo primero.")
            if user.signing_credentials.filter(is_active=True).exists():
                continue
            p12 = issue_signer(
                ca, name=user.get_full_name(), position=demo.position, email=user.email,
                password=password,
            )  # fmt: skip
            credential_upload(user=user, p12=p12, password=password)
            if options["verbosity"]:
                self.stdout.write(
                    f"  {demo.username}: certificado emitido (contraseña de demostración)"
                )
