"""The rate limits on Redis, as production counts them: one pipelined round trip for the
address and the e-mail, shared by every web process."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import Client, override_settings

from consultation.models import Consultation, Proposal
from tests.consultation.test_abuse import post

pytestmark = [pytest.mark.server, pytest.mark.django_db]


@pytest.fixture
def redis_cache() -> Iterator[None]:
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker.startswith("redis"):
        pytest.skip("needs CELERY_BROKER_URL=redis://…")
    location = urlunsplit(urlsplit(broker)._replace(path="/14"))
    backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location,
               "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}  # fmt: skip
    with override_settings(CACHES={"default": backend}):
        assert isinstance(caches["default"], RedisCache)
        yield
        caches["default"].clear()


@override_settings(CONSULTATION_RATE_LIMITS=(3, 100, 3600))
def test_flood_from_one_address_is_refused_on_redis(
    consultation: Consultation, redis_cache: object
) -> None:
    client = Client()
    statuses = [post(client, text=f"Aporte número {n}").status_code for n in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    assert Proposal.objects.count() == 3
    assert post(client, ip="198.51.100.77").status_code == 302


@override_settings(CONSULTATION_RATE_LIMITS=(100, 2, 3600))
def test_flood_with_one_email_is_refused_on_redis(
    consultation: Consultation, redis_cache: object
) -> None:
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
