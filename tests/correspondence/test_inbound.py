"""Mesa de partes: received documents with their business-day terms."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from correspondence.business_days import add_business_days, is_business_day
from correspondence.inbound import inbound_attend, inbound_open, inbound_register
from correspondence.models import InboundDocument
from correspondence.services import CorrespondenceError
from directory.models import Entity, Office
from tests.documents.conftest import stored_files

pytestmark = pytest.mark.django_db


def test_business_days_skip_weekends_and_peruvian_holidays() -> None:
    assert not is_business_day(date(2014, 7, 28))  # Fiestas Patrias
    assert add_business_days(date(2014, 7, 25), 3) == date(2014, 8, 1)
    # Filed on a Saturday: the term counts from Monday.
    assert add_business_days(date(2014, 1, 18), 1) == date(2014, 1, 21)


def test_register_route_open_and_attend(demo_users: dict[str, User], media: object) -> None:
    sender = Entity.objects.get(code="MINEDU")
    sgp = Office.objects.get(entity__code="PCM", code="SGP")
    filed = timezone.make_aware(datetime(2014, 7, 25, 16, 0))
    document = inbound_register(
        actor=demo_users["secretaria"], sender=sender, their_number="OFICIO N° 120-2014-MINEDU/SG",
        their_date=date(2014, 7, 24), subject="Designa representante", data=b"%PDF-1.4 respuesta",
        office=sgp, term_days=3, filed_at=filed,
    )  # fmt: skip
    assert (document.state, document.due_date) == (InboundDocument.State.UNREAD, date(2014, 8, 1))
    document = inbound_open(document=document, actor=demo_users["secretaria"])
    document = inbound_attend(document=document, actor=demo_users["secretaria"])
    assert document.state == InboundDocument.State.ATTENDED


def test_a_non_pdf_is_refused_and_not_stored(demo_users: dict[str, User], media: object) -> None:
    sgp = Office.objects.get(entity__code="PCM", code="SGP")
    with pytest.raises(CorrespondenceError, match="debe ser un archivo PDF"):
        inbound_register(
            actor=demo_users["secretaria"], sender=Entity.objects.get(code="MINEDU"),
            their_number="X", their_date=date(2014, 1, 2), subject="X", data=b"MZ binario", office=sgp,
        )  # fmt: skip
    assert not InboundDocument.objects.exists()
    assert stored_files(media) == []  # type: ignore[arg-type]


def test_filing_in_the_admin(demo_users: dict[str, User], media: object, client: object) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    assert isinstance(client, Client)
    client.force_login(User.objects.create_superuser("mesa", password="x"))
    sgp = Office.objects.get(entity__code="PCM", code="SGP")
    minedu = Entity.objects.get(code="MINEDU")
    form = {"sender": minedu.pk, "their_number": "OFICIO N° 5-2014-MINEDU", "their_date": "2014-01-20",
            "subject": "Respuesta", "office": sgp.pk, "term_days": 5}  # fmt: skip
    bad = client.post(
        "/admin/correspondence/inbounddocument/add/",
        {**form, "upload": SimpleUploadedFile("x.txt", b"hola")},
    )
    assert (
        bad.status_code == 200 and "El documento debe ser un archivo PDF." in bad.content.decode()
    )
    ok = client.post(
        "/admin/correspondence/inbounddocument/add/",
        {**form, "upload": SimpleUploadedFile("r.pdf", b"%PDF-1.4 r")},
    )
    assert ok.status_code == 302
    assert InboundDocument.objects.get().their_number == "OFICIO N° 5-2014-MINEDU"
