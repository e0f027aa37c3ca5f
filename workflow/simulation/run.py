"""The whole 2014–2016 plan, node by node, as the demo users (the headless demo)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from viewflow.workflow.timers import fire_due_conditions

from correspondence.flows import OficioFlow
from correspondence.models import Oficio
from directory.models import Entity, Office
from workflow.flows import PlanFlow, plan_start
from workflow.models import ActionPlan, Axis
from workflow.planning import plan_create
from workflow.services import commitment_create
from workflow.simulation import content
from workflow.simulation.driver import FlowDriver

SECRETARIAT, PRESIDENT, SGP_HEAD = "secretaria", "presidencia", "firmante"
LEGAL, MINISTER, MODERATOR = "asesoria", "altadireccion", "moderacion"


class PlanSimulation:
    def __init__(
        self, *, password: str, log: Callable[[str], None] = print, check_refusals: bool = False
    ) -> None:
        self.password, self.log, self.check_refusals = password, log, check_refusals
        self.users = get_user_model().objects

    def user(self, username: str) -> Any:
        return self.users.get(username=username)

    def run(self) -> ActionPlan:
        pcm = Entity.objects.get(code="PCM")
        self.plan = plan_create(
            title="Plan de Acción de Gobierno Abierto del Perú", start_year=2014, end_year=2016,
            entity=pcm, office=Office.objects.get(entity=pcm, acronym="SGP"),
            actor=self.user(SECRETARIAT),
        )  # fmt: skip
        self.driver = self.driver_for(plan_start(self.plan))
        steps = [
            ("a", self.definition), ("b", self.announcement), ("c", self.press),
            ("d–f", self.participation), ("g", self.draft), ("h", self.consultation),
            ("i", self.systematization), ("j", self.prioritization),
            ("k", self.presentation), ("l", self.approval),
        ]  # fmt: skip
        for number, (label, step) in enumerate(steps, start=1):
            self.log(f"[{number}/{len(steps)}] {label}")
            step()
        self.plan.refresh_from_db()
        return self.plan

    def driver_for(self, process: Any) -> FlowDriver:
        """How each step reaches the site: over HTTP here; the browser suite drives chromium."""
        return FlowDriver(process, log=self.log, check_refusals=self.check_refusals)

    def definition(self) -> None:
        d = self.driver
        d.step(PlanFlow.define, SECRETARIAT, content.SESSION)
        d.step(PlanFlow.approve_definition, PRESIDENT, {
            "decision": "return", "comment": "Precisar las fechas de los talleres regionales.",
        })  # fmt: skip
        d.step(PlanFlow.define, SECRETARIAT, {**content.SESSION, "date": "2013-12-12"})
        d.step(PlanFlow.approve_definition, PRESIDENT, {"decision": "approve"})

    def _oficio(self, node: Any, step: str, group: str, subject: str, body: str) -> None:
        self.driver.step(node, SECRETARIAT, {
            "kind": "oficio_multiple", "group": group, "subject": subject, "body": body,
            "references": "Decreto Supremo N° 003-2013-PCM", "review_mode": "sequential",
            "signer": self.user(SGP_HEAD).pk, "reply_days": 10,
        })  # fmt: skip
        self.driver.process.refresh_from_db()  # the step's view saved the oficio's id on it
        oficio = Oficio.objects.get(pk=self.driver.process.data["oficios"][step])
        process = OficioFlow.process_class.objects.get(
            artifact_object_id=oficio.pk, flow_class=OficioFlow
        )
        self.driver.step(OficioFlow.sign, SGP_HEAD, {
            "position": "Secretario de Gestión Pública", "password": self.password,
        }, process=process)  # fmt: skip
        fire_due_conditions()  # what beat does every minute
        oficio.refresh_from_db()
        self.log(f"  {oficio.number}: {oficio.recipients.count()} destinatarios")

    def announcement(self) -> None:
        self._oficio(
            PlanFlow.announce, "b", "regional",
            "Inicio del proceso de elaboración del Plan de Acción de Gobierno Abierto 2014–2016",
            "Me dirijo a usted para comunicarle el inicio del proceso participativo de "
            "elaboración del Plan de Acción de Gobierno Abierto 2014–2016.\n"
            "Se le invita a designar un enlace para los talleres descentralizados.",
        )  # fmt: skip

    def press(self) -> None:
        d = self.driver
        d.step(PlanFlow.press, SECRETARIAT, content.PRESS)
        d.step(PlanFlow.approve_press, SGP_HEAD, {"decision": "approve"})
        d.step(PlanFlow.publish_press, SECRETARIAT, {
            "urls": "https://www.pcm.gob.pe/notas-de-prensa/gobierno-abierto-2014\n"
                    "https://sgp.pcm.gob.pe/gobierno-abierto",
            "social_posts": "Twitter | Participa en el Plan de Gobierno Abierto 2014–2016\n"
                            "Facebook | Talleres en Ayacucho, Piura, San Martín y Lima",
        })  # fmt: skip

    def participation(self) -> None:
        d = self.driver
        for task in d.open_tasks(PlanFlow.workshop):
            region = self.plan.workshops.get(pk=task.data["workshop"]).region
            d.post(task, SECRETARIAT, content.workshop(region))
        d.step(PlanFlow.congress, SECRETARIAT, content.CONGRESS)

    def draft(self) -> None:
        axes = {axis.number: axis for axis in Axis.objects.filter(plan=self.plan)}
        for data in content.COMMITMENTS:
            commitment_create(
                plan=self.plan, actor=self.user(SECRETARIAT), axis=axes[data["axis"]],
                lead=Entity.objects.get(code=data["lead"]), title=data["title"],
                start_date=content.MILESTONE_DATES[0].replace(month=7, day=1),
                end_date=content.MILESTONE_DATES[1].replace(year=2016, month=6, day=30),
                problem=data["problem"], description=data["description"],
                solution=data["solution"], values=data["values"],
                supporting=list(Entity.objects.filter(code__in=["DP", "PROETICA"])),
                milestones=[{"text": "Norma aprobada", "due_date": content.MILESTONE_DATES[0],
                             "output": "Resolución publicada en El Peruano"},
                            {"text": "Implementación verificada", "due_date":
                             content.MILESTONE_DATES[1], "output": "Informe de avance"}],
            )  # fmt: skip
        today = timezone.localdate()
        draft = {"version": "Primer borrador para comentarios",
                 "introduction": "El borrador recoge los aportes de los talleres.",
                 "opens": today.isoformat(),
                 "closes": (today + timedelta(days=21)).isoformat()}  # fmt: skip
        d = self.driver
        for round_ in ("return", "approve"):
            d.step(PlanFlow.draft, SECRETARIAT, draft)
            for task in d.open_tasks(PlanFlow.observe):
                member = self.users.get(pk=task.data["member"]).username
                d.post(task, member, {"comment": "Precisar indicadores de los hitos."
                                      if round_ == "return" else ""})  # fmt: skip
            comment = "Incorporar indicadores verificables." if round_ == "return" else ""
            d.step(PlanFlow.approve_draft, PRESIDENT, {"decision": round_, "comment": comment})

    def consultation(self) -> None:
        from consultation.intake import proposal_submit
        from consultation.models import Consultation
        from consultation.moderation import proposal_approve

        self.driver.step(PlanFlow.open_consultation, SECRETARIAT, {
            "urls": "https://sgp.pcm.gob.pe/gobierno-abierto/consulta",
            "social_posts": "Twitter | Comenta el borrador del Plan de Gobierno Abierto",
        })  # fmt: skip
        consultation = Consultation.objects.filter(plan=self.plan).latest("opens_at")
        drafts = list(self.plan.commitments.filter(stage="borrador"))
        for n, text in enumerate(content.CITIZEN_PROPOSALS):
            proposal = proposal_submit(
                consultation=consultation, ip=f"198.51.100.{10 + n}", text=text,
                commitment=drafts[n % len(drafts)], author_name=f"Ciudadana Demo {n + 1}",
                data_consent=True, publish_consent=n == 0,
            )  # fmt: skip
            proposal_approve(proposal=proposal, actor=self.user(MODERATOR))
        self.log(f"  {len(content.CITIZEN_PROPOSALS)} aportes ciudadanos")
        # The window's end: the timer viewflow stored fires (simulated time has passed).
        (timer,) = self.driver.open_tasks(PlanFlow.consultation_window)
        timer.scheduled = timezone.now()
        timer.save(update_fields=["scheduled"])
        from viewflow.workflow.timers import fire_due_timers

        fire_due_timers()

    def systematization(self) -> None:
        from consultation.matrix import matrix_document
        from consultation.models import Consultation, Proposal
        from consultation.services import responses_publish
        from consultation.systematization import (
            proposals_answer,
            proposals_assign,
            proposals_merge,
        )

        secretariat = self.user(SECRETARIAT)
        consultation = Consultation.objects.filter(plan=self.plan).latest("opens_at")
        proposals = list(Proposal.objects.filter(consultation=consultation).order_by("pk"))
        drafts = list(self.plan.commitments.filter(stage="borrador").order_by("number"))
        proposals_merge(proposals=proposals[:2], actor=secretariat, title="Datos abiertos")
        verdicts = ["acogida", "acogida_parcialmente", "no_acogida", "fuera_de_alcance"]
        for n, proposal in enumerate(proposals):
            verdict = verdicts[n % len(verdicts)]
            if verdict != "fuera_de_alcance":
                proposals_assign(proposals=[proposal], commitment=drafts[n % len(drafts)],
                                 actor=secretariat)  # fmt: skip
            reason = {
                "acogida": "Se incorpora en el compromiso {compromiso}.",
                "acogida_parcialmente": "Se recoge en parte en el compromiso {compromiso}.",
                "no_acogida": "Ya está cubierta por la normativa vigente de transparencia.",
                "fuera_de_alcance": "Corresponde a la competencia de los gobiernos locales.",
            }[verdict]
            proposals_answer(proposals=[proposal], disposition=verdict, response=reason,
                             actor=secretariat)  # fmt: skip
        responses_publish(consultation=consultation, actor=secretariat)
        matrix_document(consultation=consultation, actor=secretariat)
        fire_due_conditions()
        self.log(f"  {len(proposals)} aportes con respuesta publicada")

    def prioritization(self) -> None:
        d = self.driver
        drafts = list(self.plan.commitments.filter(stage="borrador").order_by("number"))
        for task in d.open_tasks(PlanFlow.score):
            member = self.users.get(pk=task.data["member"])
            scores = {f"c{c.pk}": str(5 - (c.number + member.pk) % 3) for c in drafts}
            d.post(task, member.username, scores)
        d.step(PlanFlow.final_version, SECRETARIAT, {
            "introduction": "El Plan de Acción 2014–2016 reúne los compromisos priorizados.",
            "monitoring": "La Comisión Multisectorial hace el seguimiento semestral.",
        })  # fmt: skip

    def presentation(self) -> None:
        self._oficio(
            PlanFlow.invite, "k", "commission",
            "Invitación a la presentación del Plan de Acción de Gobierno Abierto 2014–2016",
            "Tengo el agrado de invitarle a la presentación de la versión final del plan.",
        )  # fmt: skip
        self.driver.step(PlanFlow.presentation, SECRETARIAT, {
            "date": "2014-04-08", "start_time": "10:00", "end_time": "12:00",
            "venue": "Auditorio de la PCM", "convened_by": "Comisión Multisectorial",
            "attendees": "Representante de Proética | Proética | civil_society\n"
                         "Representante del MINJUS | Ministerio de Justicia | state",
            "summary": "Se presentó la versión final con los compromisos priorizados.",
            "interventions": "Proética | ¿Cómo se hará el seguimiento? | Con informes semestrales.",
            "agreements": "Difundir el plan aprobado en los portales institucionales.",
        })  # fmt: skip

    def approval(self) -> None:
        d = self.driver
        report = {
            "to_name": "Secretario General", "to_position": "Secretaría General de la PCM",
            "subject": "Sustento del Plan de Acción de Gobierno Abierto 2014–2016",
            "background": "Mediante DS 003-2013-PCM se creó la Comisión Multisectorial.",
            "analysis": "El plan fue elaborado con participación de la ciudadanía.",
            "conclusions": "El plan cumple los estándares de cocreación de OGP.",
            "recommendations": "Aprobar el plan mediante resolución ministerial.",
            "vistos": "El Informe Técnico de la Secretaría de Gestión Pública.",
            "considerandos": "Que, el Perú forma parte de la Alianza para el Gobierno Abierto;",
            "legal_basis": "De conformidad con la Ley N° 29158, Ley Orgánica del Poder Ejecutivo.",
            "articles": "Artículo 1.- | Aprobar el Plan de Acción de Gobierno Abierto 2014–2016.\n"
                        "Artículo 2.- | Publicar la presente resolución en el portal de la PCM.",
        }  # fmt: skip
        d.step(PlanFlow.report, SECRETARIAT, report)
        d.step(PlanFlow.legal_review, LEGAL, {
            "decision": "return", "comment": "Citar el Decreto Supremo que crea la Comisión.",
        })  # fmt: skip
        d.step(PlanFlow.report, SECRETARIAT, {
            **report, "legal_basis": report["legal_basis"] + " y el DS 003-2013-PCM.",
        })  # fmt: skip
        d.step(PlanFlow.legal_review, LEGAL, {"decision": "approve"})
        d.step(PlanFlow.sign_resolution, MINISTER, {
            "position": "Presidente del Consejo de Ministros", "password": self.password,
        })  # fmt: skip
        d.step(PlanFlow.publish_resolution, SECRETARIAT, {
            "urls": "https://www.gob.pe/pcm/normas-legales\n"
                    "https://sgp.pcm.gob.pe/gobierno-abierto/plan-2014-2016",
        })  # fmt: skip


def documents_write(plan: ActionPlan, out: Path) -> list[Path]:
    """Every document of the plan (and its oficios) into ``out``: .docx, PDF, signed PDF."""
    from documents.models import GeneratedDocument

    out.mkdir(parents=True, exist_ok=True)
    process_data = PlanFlow.process_class.objects.get(
        artifact_object_id=plan.pk, flow_class=PlanFlow
    ).data
    oficio_keys = [f"oficio:{pk}" for pk in process_data.get("oficios", {}).values()]
    documents = GeneratedDocument.objects.filter(key__startswith=f"plan:{plan.pk}:") | (
        GeneratedDocument.objects.filter(key__in=oficio_keys)
    )
    documents |= GeneratedDocument.objects.filter(kind="matriz_sistematizacion")
    written = []
    for document in documents.order_by("pk"):
        stem = f"{document.pk:03d}-{document.kind}"
        for field, suffix in (("docx", ".docx"), ("pdf", ".pdf"), ("signed_pdf", "-firmado.pdf")):
            stored = getattr(document, field)
            if stored:
                target = out / f"{stem}{suffix}"
                with stored.open("rb") as handle:
                    target.write_bytes(handle.read())
                written.append(target)
    return written


def jobs_run_pending(progress: Callable[[str], None]) -> int:
    """Run the queued background jobs here (PDF renditions, e-mails), as a worker would;
    each job is idempotent, so a worker that later gets the same message does nothing."""
    from core.jobs import job_run
    from core.models import Job

    pending = list(
        Job.objects.filter(state=Job.State.PENDING).order_by("pk").values_list("pk", flat=True)
    )
    for done, job_id in enumerate(pending, start=1):
        job_run(job_id)
        progress(f"\r  {done}/{len(pending)} trabajos")
    progress("")
    return len(pending)
