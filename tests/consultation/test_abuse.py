"""Hostile input on the public form: a clear 4xx and nothing stored, or stored as plain
text and shown escaped."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client, override_settings

from consultation.models import Consultation, Proposal
from consultation.services import consultation_close

pytestmark = pytest.mark.django_db
URL = "/consulta/aportar/"
FORM = "application/x-www-form-urlencoded"
SCRIPT = "<script>alert('x')</script>"


def _token(client: Client) -> str:
    cookie = client.get(URL).cookies.get("csrftoken")
    return cookie.value if cookie else ""


def post(client: Client, ip: str = "203.0.113.5", **fields: str) -> Any:
    data = {"csrfmiddlewaretoken": _token(client), "text": "Una propuesta concreta.", **fields}
    return client.post(URL, urlencode(data), content_type=FORM, REMOTE_ADDR=ip)


@pytest.mark.parametrize(
    "field", ["text", "author_name", "organisation", "sector", "region", "email", "paragraph",
              "commitment"],
)  # fmt: skip
def test_script_in_every_field_is_refused_or_stripped_and_escaped(
    consultation: Consultation, field: str
) -> None:
    client = Client(enforce_csrf_checks=True)
    value = f"Mi aporte {SCRIPT}<b onmouseover=alert(1)>negrita</b>"
    response = post(client, **{field: value, "data_consent": "on"})
    if response.status_code == 302:
        proposal = Proposal.objects.get()
        stored = getattr(proposal, field)
        assert "<" not in stored and ">" not in stored
        page = client.get(response["Location"]).content.decode()
        page += client.get("/consulta/seguimiento/", {"codigo": proposal.code}).content.decode()
        assert "<script>alert" not in page and "<b onmouseover" not in page
    else:
        assert response.status_code == 400
        assert not Proposal.objects.exists()
        assert "<script>alert" not in response.content.decode()


def test_markup_only_text_is_refused(consultation: Consultation) -> None:
    response = post(Client(), text="<img src=x onerror=alert(1)><script></script>")
    assert response.status_code == 400
    assert "Escriba su aporte" in response.content.decode()
    assert not Proposal.objects.exists()


def test_one_megabyte_body_is_refused_with_413(consultation: Consultation) -> None:
    response = post(Client(), text="a" * 1_000_000)
    assert response.status_code == 413
    assert "demasiado grande" in response.content.decode()
    assert not Proposal.objects.exists()


def test_text_over_the_limit_is_refused(consultation: Consultation) -> None:
    response = post(Client(), text="palabra " * 700)
    assert response.status_code == 400
    assert "5000" in response.content.decode()
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("raw", [b"%FF%FEhola", b"\xc3\x28abc", b"hola%00mundo"])
def test_broken_encoding_is_refused(consultation: Consultation, raw: bytes) -> None:
    client = Client()
    token = _token(client).encode()
    body = b"csrfmiddlewaretoken=" + token + b"&text=" + raw
    response = client.post(URL, body, content_type=FORM)
    assert response.status_code == 400
    assert "codificación" in response.content.decode()
    assert not Proposal.objects.exists()


def test_post_without_csrf_token_is_refused(consultation: Consultation) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(URL, urlencode({"text": "Sin token"}), content_type=FORM)
    assert response.status_code == 403
    assert not Proposal.objects.exists()


def test_honeypot_is_refused(consultation: Consultation) -> None:
    response = post(Client(), website="http://spam.example")
    assert response.status_code == 400
    assert not Proposal.objects.exists()


def test_personal_data_needs_consent(consultation: Consultation) -> None:
    response = post(Client(), author_name="Rosa", email="rosa@example.pe")
    assert response.status_code == 400
    assert "Ley 29733" in response.content.decode()
    assert not Proposal.objects.exists()


@override_settings(CONSULTATION_RATE_LIMITS=(3, 2, 3600))
def test_flood_beyond_the_rate_limit_per_ip(consultation: Consultation) -> None:
    client = Client()
    statuses = [post(client, text=f"Aporte número {n}").status_code for n in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    assert Proposal.objects.count() == 3
    other = post(client, ip="198.51.100.77")
    assert other.status_code == 302


@override_settings(CONSULTATION_RATE_LIMITS=(100, 2, 3600))
def test_flood_beyond_the_rate_limit_per_email(consultation: Consultation) -> None:
    client = Client()
    statuses = [
        post(client, ip=f"198.51.100.{n}", email="Bot@Example.pe", data_consent="on").status_code
        for n in range(4)
    ]
    assert statuses == [302, 302, 429, 429]
    response = post(client, ip="198.51.100.9", email="bot@example.pe", data_consent="on")
    assert response.status_code == 429
    assert "correo electrónico" in response.content.decode()
    assert Proposal.objects.count() == 2


def test_closed_consultation_refuses(consultation: Consultation, users: dict[str, Any]) -> None:
    client = Client()
    assert post(client).status_code == 302  # the open consultation is now remembered
    consultation_close(consultation=consultation, actor=users["secretaria"])
    response = post(client, text="Después del cierre")
    assert response.status_code == 400
    assert "La consulta no está abierta" in response.content.decode()
    assert Proposal.objects.count() == 1
