"""403, 404 and 500 in the site's style and in Spanish, with DEBUG off (pytest-django's
default); the 500 page renders with the database out of reach."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client, RequestFactory, override_settings
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def _styled(page: str) -> None:
    assert 'lang="es-pe"' in page
    assert "<header>" in page and 'href="/consulta/"' in page  # the public base and its links
    assert "Ir a mi bandeja" in page


def test_404_is_spanish_and_styled(client: Client) -> None:
    response = client.get("/no-existe/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Página no encontrada" in page and "/no-existe/" in page
    _styled(page)


def test_403_is_spanish_and_styled(client: Client, demo_users: dict[str, User]) -> None:
    client.force_login(demo_users["enlace_minedu"])
    response = client.get("/correspondence/nuevo/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Acceso denegado" in page and "Su rol no le permite" in page
    _styled(page)


@override_settings(ROOT_URLCONF="tests.ui.errors_urls")
def test_500_is_spanish_and_styled() -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/falla/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Error del servidor" in page and "falla provocada" not in page
    _styled(page)


def test_500_needs_no_database(django_db_blocker: Any) -> None:
    request = RequestFactory().get("/")
    with django_db_blocker.block():
        response = server_error(request)
    assert response.status_code == 500
    assert "Error del servidor" in response.content.decode()
