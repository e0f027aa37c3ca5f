from typing import Any

from django.core.management.base import BaseCommand, CommandError

from directory.demo import DEMO_USERS, DemoRefused, demo_password, demo_users_load


class Command(BaseCommand):
    help = "Create the demo users, one or more per role (development only)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            demo_users_load()
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Usuarios de demostración (contraseña común: {demo_password()}):")
        for demo in DEMO_USERS:
            role_names = ", ".join(role.group_name for role in demo.roles)
            self.stdout.write(f"  {demo.username:<18} {role_names} — {demo.entity}")
