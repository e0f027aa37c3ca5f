"""An oficio in chromium: drafted, its visto bueno, signed by the office head, its receipt
(cargo) acknowledged through the link e-mailed to the recipient entity; then an auditor
reviews the oficio's timeline in the audit workspace and exports it."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from unittest.mock import patch

import pytest
from django.contrib.auth.models import User
from django.core import mail

from audit.models import AuditEntry
from correspondence.flows import OficioFlow
from correspondence.merge import mail_merge_start
from correspondence.models import Oficio
from correspondence.services import oficio_create, oficio_route
from directory.models import Entity
from tests.browser.conftest import PASSWORD, Site, off_the_browser_thread, spanish_only
from tests.browser.driver import BrowserDriver, form_fill, through_turbo
from tests.correspondence.conftest import run_jobs

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("walks"),
]

SUBJECT = "Designación de un enlace para el Plan de Acción de Gobierno Abierto"
LINK = re.compile(r"https?://[^/\s]+(/cargo/[^\s]+)")


def test_oficio_signed_acknowledged_by_email_and_audited(site: Site, pki: dict[str, User]) -> None:
    rree = Entity.objects.get(code="RREE")
    page = site.as_user("secretaria")
    page.goto("/correspondence/nuevo/")
    spanish_only(page)
    form = page.locator("form[method=post]", has=page.locator('[name="subject"]'))
    form_fill(form, {
        "kind": "oficio", "subject": SUBJECT, "references": "Decreto Supremo N° 003-2013-PCM",
        "body": "Me dirijo a usted para solicitarle designar un enlace institucional.\n"
                "Agradeceré su respuesta en el plazo indicado.",
        "recipients": [rree.pk], "reviewers": [pki["secretaria2"].pk],
        "review_mode": "sequential", "signer": pki["firmante"].pk, "reply_days": 10,
    })  # fmt: skip
    through_turbo(page, form.locator("button[type=submit]").click)
    assert "Proyecto enviado a visto bueno." in page.inner_text("body")
    oficio = Oficio.objects.get(subject=SUBJECT)
    process = OficioFlow.process_class.objects.get(
        artifact_object_id=oficio.pk, flow_class=OficioFlow
    )
    driver = BrowserDriver(process, site)
    driver.step(OficioFlow.review, "secretaria2", {"decision": "approve"}, process=process)
    driver.step(OficioFlow.sign, "firmante", {
        "position": "Secretario de Gestión Pública", "password": PASSWORD,
    }, process=process)  # fmt: skip
    oficio.refresh_from_db()
    assert oficio.number.startswith("OFICIO N° ")

    # The recipient has no account: the e-mail carries the signed PDF and a personal link.
    (message,) = [m for m in mail.outbox if rree.email in m.to]
    assert any(name.endswith(".pdf") for name, *_ in message.attachments)
    link = LINK.search(str(message.body))
    assert link, message.body
    visitor = site.new_page()
    visitor.goto(link.group(1))
    assert oficio.number in visitor.inner_text("h1")
    spanish_only(visitor)
    site.shot(visitor, "cargo-de-recepcion")
    visitor.fill("#name", "Rosa Demo Quispe")
    visitor.fill("#position", "Jefa de Trámite Documentario")
    visitor.get_by_role("button", name="Registrar la recepción").click()
    visitor.wait_for_selector("text=Recepción registrada el")
    assert visitor.get_by_role("status").inner_text() == "Recepción registrada. Gracias."
    assert "Rosa Demo Quispe" in visitor.inner_text("body")

    page.goto(f"/correspondence/oficio/{oficio.pk}/")
    body = page.inner_text("body")
    assert oficio.number in body and "Rosa Demo Quispe" in body
    assert rree.name in body
    spanish_only(page)
    site.shot(page, "oficio")

    _auditor_reviews_and_exports(site, process.pk)
    _merge_progress_bar_moves(site, pki)


def _merge_progress_bar_moves(site: Site, pki: dict[str, User]) -> None:
    """A mail merge's page: the bar and the count follow the batch without a reload."""
    recipients = list(Entity.objects.filter(code__in=["MINSA", "MEF"]))
    model = oficio_create(
        author=pki["secretaria"], kind=Oficio.Kind.MERGE, subject="Designación de enlaces",
        body=["Solicito designar un enlace institucional."], references=[],
        recipients=recipients, reviewers=[], signer=pki["firmante"],
    )  # fmt: skip
    model = oficio_route(oficio=model, actor=pki["secretaria"])
    with patch("core.tasks.run_job_task.delay"):  # the worker is late: nothing ran yet
        merge = mail_merge_start(model=model, actor=pki["firmante"], password=PASSWORD,
                                 position="Secretario de Gestión Pública")  # fmt: skip
    page = site.as_user("secretaria")
    page.goto(f"/correspondence/combinacion/{merge.pk}/")
    bar = page.locator("progress#merge-progress")
    assert bar.get_attribute("value") == "0"
    assert page.locator("#merge-status").inner_text() == "0 de 2 oficios emitidos, 0 fallidos."
    spanish_only(page)
    assert off_the_browser_thread(run_jobs) >= 2
    page.wait_for_function("() => document.getElementById('merge-progress').value === 100")
    page.wait_for_selector("#merge-status:has-text('2 de 2 oficios emitidos, 0 fallidos.')")
    site.shot(page, "combinacion")


def _auditor_reviews_and_exports(site: Site, process_id: int) -> None:
    entries = AuditEntry.objects.filter(process_id=process_id)
    actions = set(entries.values_list("action", flat=True))
    page = site.as_user("auditoria")
    page.goto("/audit/")
    spanish_only(page)
    page.fill('input[name="process"]', str(process_id))
    page.get_by_role("button", name="Filtrar").click()
    page.wait_for_url(re.compile(rf".*process={process_id}.*"))
    rows = page.locator(".audit-table tbody tr")
    assert rows.count() == min(entries.count(), rows.count()) > 0
    page.get_by_role("link", name=str(process_id), exact=True).first.click()
    page.wait_for_url(re.compile(rf".*/audit/process/{process_id}/"))
    timeline = page.inner_text("body")
    assert all(action in timeline for action in actions)
    assert {"secretaria", "secretaria2", "firmante"} <= set(re.findall(r"\b[a-z0-9_]+\b", timeline))
    spanish_only(page)
    site.shot(page, "auditoria-linea-de-tiempo")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Exportar CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("auditoria-")
    lines = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert len(lines) == entries.count()
    assert {line["action"] for line in lines} == actions
    assert {int(line["seq"]) for line in lines} == set(entries.values_list("seq", flat=True))
