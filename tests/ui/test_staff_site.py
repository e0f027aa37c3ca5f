"""The staff site: login, the (empty) inbox, and role checks on the directory."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from directory.demo import demo_password

pytestmark = pytest.mark.django_db


def login(client: Client, username: str) -> None:
    response = client.post("/accounts/login/", {"username": username, "password": demo_password()})
    assert response.status_code == 302, response.content.decode()[:500]


def test_anonymous_is_sent_to_login(client: Client) -> None:
    response = client.get("/workflow/inbox/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_login_page_is_in_spanish(client: Client) -> None:
    page = client.get("/accounts/login/").content.decode()
    assert 'lang="es-pe"' in page or "lang='es-pe'" in page
    assert "Contraseña" in page


def test_wrong_password_shows_a_spanish_error(client: Client, demo_users: dict[str, User]) -> None:
    response = client.post("/accounts/login/", {"username": "secretaria", "password": "mala"})
    assert response.status_code == 200
    assert (
        "Por favor, introduzca un nombre de usuario y clave correctos" in response.content.decode()
    )


def test_demo_user_sees_an_empty_inbox(client: Client, demo_users: dict[str, User]) -> None:
    login(client, "secretaria")
    response = client.get("/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/workflow/inbox/"
    page = response.content.decode()
    assert "Bandeja de entrada" in page
    assert "Tareas disponibles" in page


def test_directory_is_visible_to_a_role_and_refused_to_a_user_without_one(
    client: Client, demo_users: dict[str, User]
) -> None:
    User.objects.create_user("sin_rol", password="x-Clave-Larga-123")
    client.login(username="sin_rol", password="x-Clave-Larga-123")
    assert client.get("/directory/entity/").status_code == 403
    client.logout()
    login(client, "enlace_minedu")
    page = client.get("/directory/entity/?_search=Huamanga")
    assert page.status_code == 200
    assert "Municipalidad Provincial de Huamanga" in page.content.decode()


def test_only_the_secretariat_edits_entities(client: Client, demo_users: dict[str, User]) -> None:
    from directory.models import Entity

    minedu = Entity.objects.get(code="MINEDU")
    url = f"/directory/entity/{minedu.pk}/change/"
    login(client, "enlace_minedu")
    assert client.get(url).status_code == 403
    client.logout()
    login(client, "secretaria")
    assert client.get(url).status_code == 200
