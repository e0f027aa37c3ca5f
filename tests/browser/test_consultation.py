"""A citizen's proposal through the public site, with no account: the draft, the form with
the Ley 29733 consent, the tracking code, and the follow-up page found by that code."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.utils import timezone

from consultation.models import Proposal
from consultation.selectors import forget_open_consultation
from consultation.services import consultation_open
from directory.models import Entity, Office
from tests.browser.conftest import Site, spanish_only
from workflow.planning import plan_create
from workflow.services import commitment_create

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("walks"),
]

TEXT = "Publicar en datos abiertos las actas de concejo de las municipalidades provinciales."


@pytest.fixture
def open_consultation(pki: dict[str, User]) -> None:
    cache.clear()  # rate limits and the cached open consultation of earlier tests
    forget_open_consultation()
    pcm = Entity.objects.get(code="PCM")
    plan = plan_create(
        title="Plan de Acción de Gobierno Abierto del Perú", start_year=2014, end_year=2016,
        entity=pcm, office=Office.objects.get(entity=pcm, acronym="SGP"), actor=pki["secretaria"],
    )  # fmt: skip
    axis = plan.axes.order_by("number").first()
    commitment_create(
        plan=plan, actor=pki["secretaria"], axis=axis, lead=pcm,
        title="Portal de Transparencia Estándar con datos abiertos", start_date=date(2014, 7, 1),
        end_date=date(2016, 6, 30), problem="La información pública no es reutilizable.",
        description="Publicar datos presupuestales en formatos abiertos.",
        solution="La ciudadanía podrá descargar y analizar la información.",
        values=["transparency"],
    )  # fmt: skip
    now = timezone.now()
    consultation_open(plan=plan, opens_at=now - timedelta(hours=1),
                      closes_at=now + timedelta(days=21), actor=pki["secretaria"])  # fmt: skip
    forget_open_consultation()


def test_citizen_proposal_with_consent_and_tracking_code(
    site: Site, open_consultation: None
) -> None:
    page = site.new_page()
    page.goto("/consulta/")
    assert "Portal de Transparencia Estándar con datos abiertos" in page.inner_text("main")
    spanish_only(page)
    site.shot(page, "consulta-publica")
    page.get_by_role("navigation").get_by_role("link", name="Hacer un aporte").click()
    page.wait_for_url("**/consulta/aportar/")
    page.select_option(
        "#id_commitment", label="1. Portal de Transparencia Estándar con datos abiertos"
    )
    page.fill("#id_text", TEXT)
    page.fill("#id_author_name", "Lucía Demo Huamán")
    page.fill("#id_email", "lucia@ciudadania.example")
    # Personal data without the consent: refused, in Spanish, nothing stored.
    page.get_by_role("button", name="Enviar aporte").click()
    page.wait_for_selector(".errorlist, .errors")
    assert "consentimiento" in page.inner_text("main").lower()
    assert not Proposal.objects.exists()
    spanish_only(page)
    page.check("#id_data_consent")
    page.get_by_role("button", name="Enviar aporte").click()
    page.wait_for_url("**/consulta/recibido/**")
    code = page.locator(".code").inner_text().strip()
    proposal = Proposal.objects.get(code=code)
    assert proposal.text == TEXT and proposal.data_consent and not proposal.publish_consent
    spanish_only(page)
    site.shot(page, "consulta-codigo")
    page.get_by_role("main").get_by_role("link", name="Seguir mi aporte").click()
    page.wait_for_url(f"**/consulta/seguimiento/?codigo={code}")
    followed = page.inner_text("main")
    assert code in followed and TEXT in followed and "En espera de moderación" in followed
    spanish_only(page)
    # The follow-up page finds a proposal by its code typed in the form, too.
    page.goto("/consulta/seguimiento/")
    page.fill("#codigo", code)
    page.get_by_role("button", name="Buscar").click()
    page.wait_for_url(f"**/consulta/seguimiento/?codigo={code}")
    assert TEXT in page.inner_text("main")
    # A mistyped address: the site's own 404 page, in Spanish.
    response = page.goto("/consulta/no-existe/")
    assert response is not None and response.status == 404
    assert page.get_by_role("heading", name="Página no encontrada").is_visible()
    spanish_only(page)
    site.shot(page, "error-404")
