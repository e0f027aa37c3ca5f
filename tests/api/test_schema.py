"""The committed OpenAPI schema is the one the code generates, with no warning; the
documentation pages work offline (assets from drf-spectacular-sidecar, no CDN)."""

from __future__ import annotations

import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

SCHEMA = settings.BASE_DIR / "api" / "openapi.yaml"


def test_committed_schema_matches_the_code() -> None:
    generated = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=generated)
    assert generated.getvalue() == SCHEMA.read_text(encoding="utf-8"), (
        "api/openapi.yaml no coincide con el código: regenérelo con `make schema` "
        "(manage.py spectacular --file api/openapi.yaml --validate --fail-on-warn) y súbalo."
    )


@pytest.mark.django_db
def test_schema_and_documentation_are_served_offline(client: Client) -> None:
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/tasks/{id}/complete/" in schema.content
    for page in ("/api/docs/", "/api/redoc/"):
        html = client.get(page).content.decode()
        assert "drf_spectacular_sidecar" in html, page
        assert not re.search(r"https?://(?!127\.0\.0\.1|localhost|testserver)", html), page
