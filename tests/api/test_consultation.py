"""The public consultation through the API: the public form's validation and abuse
guards, and a citizen's status by tracking code without personal data unless consented."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from consultation.models import Consultation, Proposal
from tests.api.conftest import body
from tests.consultation.conftest import (  # noqa: F401 (fixtures)
    _clean_cache,
    consultation,
    drafts,
    plan,
    users,
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/consultation/proposals/"


def send(client: APIClient, **fields: object) -> object:
    data = {"text": "Publicar los contratos del Estado en datos abiertos.", **fields}
    return client.post(URL, data, format="json")


def test_submit_and_follow_without_personal_data(consultation: Consultation) -> None:  # noqa: F811
    client = APIClient()
    sent = send(client, text="<b>Publicar</b> los contratos <script>x</script>",
                author_name="Rosa Quispe", email="rosa@correo.example", data_consent=True)  # fmt: skip
    assert sent.status_code == 201, sent.content  # type: ignore[attr-defined]
    answer = body(sent)
    assert answer["status"] == "moderation" and answer["status_label"] == "En espera de moderación"
    assert answer["text"] == "Publicar los contratos x"
    assert answer["author"] == ""  # no consent to publish the name
    assert "rosa" not in json.dumps(answer).lower()
    stored = Proposal.objects.get(code=answer["code"])
    assert (stored.email, stored.origin) == ("rosa@correo.example", "web")
    followed = body(client.get(f"{URL}{answer['code'].lower()}/"))
    assert followed == answer

    named = body(send(client, author_name="Juan Pérez", data_consent=True, publish_consent=True))
    assert named["author"] == "Juan Pérez"
    missing = client.get(f"{URL}NOEXISTE/")
    assert (missing.status_code, body(missing)["detail"]) == (404, "No encontrado.")


def test_the_public_forms_guards(consultation: Consultation) -> None:  # noqa: F811
    client = APIClient()
    no_consent = send(client, author_name="Rosa", email="rosa@correo.example")
    assert no_consent.status_code == 400  # type: ignore[attr-defined]
    assert "Ley 29733" in body(no_consent)["detail"]
    bot = send(client, website="http://spam.example")
    assert (bot.status_code, body(bot)["detail"]) == (400, "No se pudo aceptar el envío.")  # type: ignore[attr-defined]
    empty = send(client, text="")
    assert body(empty)["errors"]["text"] == ["Este campo es requerido."]
    huge = client.post(URL, {"text": "x" * 70_000}, format="json")
    assert huge.status_code == 413 and "demasiado grande" in body(huge)["detail"]
    broken = client.post(URL, b'{"text": "\xff\xfe aporte"}', content_type="application/json")
    assert broken.status_code == 400 and "codificación" in body(broken)["detail"]
    assert not Proposal.objects.exists()


@override_settings(CONSULTATION_RATE_LIMITS=(2, 5, 3600))
def test_rate_limit_per_address(consultation: Consultation) -> None:  # noqa: F811
    client = APIClient()
    statuses = [send(client, text=f"Aporte número {n}").status_code for n in range(3)]  # type: ignore[attr-defined]
    assert statuses == [201, 201, 429]
    refused = send(client)
    assert body(refused)["detail"] == (
        "Se han enviado demasiados aportes desde su conexión. Inténtelo más tarde."
    )
    assert Proposal.objects.count() == 2


def test_closed_consultation(consultation: Consultation) -> None:  # noqa: F811
    Consultation.objects.filter(pk=consultation.pk).update(state=Consultation.State.CLOSED)
    refused = send(APIClient())
    assert (refused.status_code, body(refused)["detail"]) == (409, "La consulta no está abierta.")  # type: ignore[attr-defined]
