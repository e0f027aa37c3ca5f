from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.api.world import world  # noqa: F401 (fixture)
from tests.correspondence.conftest import draft, pki  # noqa: F401 (fixtures)
from tests.documents.conftest import PASSWORD, media, templates  # noqa: F401 (fixtures)

__all__ = ["PASSWORD", "api_client"]


@pytest.fixture(autouse=True)
def _urls_loaded() -> None:
    """Flow URLs get their namespace when the site's URLconf is built."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018


def api_client(user: User | None = None) -> APIClient:
    """A client that authenticates as an integrator does: with the user's token."""
    client = APIClient()
    if user is not None:
        token, _created = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def body(response: Any) -> Any:
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    return response.json()
