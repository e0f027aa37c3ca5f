from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.utils import timezone

from core.jobs import job_run
from core.models import Job
from correspondence.models import Oficio
from correspondence.services import oficio_create, oficio_route, review_decide
from directory.models import Entity
from documents.signatures import signer_load
from tests.documents.conftest import PASSWORD, media, pki, templates  # noqa: F401 (fixtures)

LINK = re.compile(r"http://[^/\s]+(/cargo/[^\s]+)")


def run_jobs() -> int:
    """What a worker does with the messages it gets: run every due job, including those
    whose lease expired (their worker died; the sweep sent them again)."""
    from django.db.models import Q

    now = timezone.now()
    due = Q(state=Job.State.PENDING, run_after__lte=now) | Q(
        state=Job.State.RUNNING, lease_until__lt=now
    )
    ran = 0
    for job_id in Job.objects.filter(due).values_list("pk", flat=True):
        job_run(job_id)
        ran += 1
    return ran


def regional_governments() -> list[Entity]:
    return list(
        Entity.objects.filter(kind=Entity.Kind.REGIONAL_GOVERNMENT)
        | Entity.objects.filter(regional_functions=True)
    )


@pytest.fixture
def draft(pki: dict[str, User], templates: None) -> Oficio:  # noqa: F811
    return oficio_create(
        author=pki["secretaria"], kind=Oficio.Kind.MULTIPLE,
        subject="Inicio del proceso de elaboración del Plan de Acción de Gobierno Abierto 2014–2016",
        body=["Tengo el agrado de dirigirme a usted para comunicarle el inicio del proceso.",
              "Mucho agradeceré designar un representante para los talleres descentralizados."],
        references=["Decreto Supremo N° 003-2013-PCM"], recipients=regional_governments(),
        reviewers=[pki["secretaria2"], pki["asesoria"]], signer=pki["firmante"],
    )  # fmt: skip


def approve_all(oficio: Oficio, users: dict[str, User]) -> None:
    oficio = oficio_route(oficio=oficio, actor=users["secretaria"])
    for review in oficio.reviews.filter(round=oficio.round).order_by("order"):
        review_decide(review=review, actor=review.reviewer, approve=True)


def signer(users: dict[str, User]) -> Any:
    return signer_load(user=users["firmante"], password=PASSWORD)


def links() -> dict[str, str]:
    """Recipient e-mail address → the path of its personal link."""
    result = {}
    for message in mail.outbox:
        match = LINK.search(str(message.body))
        if match:
            result[message.to[0]] = match.group(1)
    return result


def pdf_upload(name: str = "respuesta.pdf", data: bytes = b"%PDF-1.4\n% respuesta\n") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def public() -> Client:
    return Client(enforce_csrf_checks=False)
