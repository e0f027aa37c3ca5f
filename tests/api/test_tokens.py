"""API tokens: made by `manage.py api_token` (or in the admin), audited, revocable."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client

from audit.models import AuditEntry
from tests.api.conftest import body

pytestmark = pytest.mark.django_db


def token_of(username: str, *args: str) -> str:
    out = io.StringIO()
    call_command("api_token", username, *args, stdout=out)
    return out.getvalue().strip()


def test_command_makes_an_audited_token_that_authenticates(demo_users: dict[str, User]) -> None:
    key = token_of("auditoria")
    assert token_of("auditoria") == key  # printed again, not replaced
    assert AuditEntry.objects.filter(action="token.create", object_repr="auditoria").count() == 1
    assert key not in "".join(AuditEntry.objects.values_list("payload", flat=True))
    client = Client(headers={"Authorization": f"Token {key}"})
    assert client.get("/api/v1/audit/entries/").status_code == 200

    new_key = token_of("auditoria", "--reset")
    assert new_key != key
    assert AuditEntry.objects.filter(action="token.delete", object_repr="auditoria").exists()
    revoked = Client(headers={"Authorization": f"Token {key}"}).get("/api/v1/audit/entries/")
    assert (revoked.status_code, body(revoked)["detail"]) == (401, "Token inválido.")
    with pytest.raises(CommandError, match="No existe un usuario activo «nadie»"):
        token_of("nadie")


def test_tokens_are_managed_in_the_admin(demo_users: dict[str, User]) -> None:
    admin = User.objects.create_superuser("admin", "admin@pcm.example", "x-Clave-Larga-123")
    client = Client()
    client.force_login(admin)
    added = client.post("/admin/authtoken/tokenproxy/add/", {"user": demo_users["observador"].pk})
    assert added.status_code == 302, added.content.decode()[:500]
    assert AuditEntry.objects.filter(action="token.create", object_repr="observador").exists()
