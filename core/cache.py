"""Redis as a cache that may be down (CACHE_URL=redis://…).

Every staff page reads the cache (viewflow caches avatar URLs in it), so with a plain
RedisCache a Redis outage takes the whole UI down. Here a read is a miss and a write is
skipped while Redis is unreachable. ``add`` and ``incr`` still fail: their callers (the
consultation's rate limits) need a true answer, and answer 503 instead (core/errors.py).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
_DOWN = (RedisConnectionError, RedisTimeoutError)


def _down(operation: str) -> None:
    logger.warning("cache unreachable: %s skipped", operation)


class ResilientRedisCache(RedisCache):
    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        try:
            return super().get(key, default, version)
        except _DOWN:
            _down("get")
            return default

    def get_many(self, keys: Any, version: Any = None) -> dict[Any, Any]:
        try:
            return super().get_many(keys, version)
        except _DOWN:
            _down("get_many")
            return {}

    def has_key(self, key: Any, version: Any = None) -> bool:
        try:
            return super().has_key(key, version)
        except _DOWN:
            _down("has_key")
            return False

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        try:
            super().set(key, value, timeout, version)
        except _DOWN:
            _down("set")

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> list[Any]:
        try:
            return super().set_many(data, timeout, version)
        except _DOWN:
            _down("set_many")
            return list(data)

    def delete(self, key: Any, version: Any = None) -> bool:
        try:
            return super().delete(key, version)
        except _DOWN:
            _down("delete")
            return False
