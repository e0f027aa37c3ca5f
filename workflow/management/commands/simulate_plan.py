"""Drive a whole 2014–2016 plan through every node as the demo users; write every
document it produced into --out. The headless demo of the product."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--out", required=True, type=Path, help="folder for the documents")

    def handle(self, *args: Any, out: Path, **options: Any) -> None:
        from directory.demo import demo_password, demo_users_load
        from workflow.simulation.run import PlanSimulation, documents_write, jobs_run_pending

        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_actors", verbosity=0)
        call_command("load_templates", verbosity=0)
        demo_users_load()
        call_command("demo_pki", verbosity=0)
        plan = PlanSimulation(password=demo_password(), log=self.stdout.write).run()
        if plan.state != plan.State.APPROVED:
            raise CommandError(f"El plan terminó en el estado «{plan.get_state_display()}».")
        self.stdout.write("PDF y envíos pendientes…")
        jobs_run_pending(progress=lambda line: self.stdout.write(line, ending=""))
        self.stdout.write("")
        files = documents_write(plan, out)
        self.stdout.write(f"{plan} aprobado por {plan.instrument_number}")
        self.stdout.write(f"{len(files)} archivos en {out}")
        call_command("verify_audit", stdout=self.stdout)
