"""API throttling keeps its counts in Django's cache: shared through Redis (CACHE_URL), per
client address from core.client, and answering (unthrottled, logged) when Redis is down."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.test.utils import override_settings
from pytest_django import Settings as SettingsWrapper
from tests.stack import Redis, free_port, redis_server

from kommunenettverk.api.api import ClientAnonRateThrottle

REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"


@pytest.fixture(scope="module")
def redis() -> Iterator[Redis]:
    with redis_server() as server:
        yield server


def _allowed(throttle: ClientAnonRateThrottle, remote: str, forwarded: str = "") -> bool:
    request = RequestFactory().get("/api/v1/municipalities", REMOTE_ADDR=remote)
    if forwarded:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return throttle.allow_request(request)


def test_two_processes_share_one_limit_through_redis(
    redis: Redis, settings: SettingsWrapper
) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    with override_settings(CACHES={"default": {"BACKEND": REDIS_CACHE, "LOCATION": redis.url()}}):
        cache.clear()
        # Two throttle objects stand for two workers: they share nothing but the cache.
        first, second = ClientAnonRateThrottle("3/m"), ClientAnonRateThrottle("3/m")
        answers = [_allowed(t, "203.0.113.9") for t in (first, second, first, second, first)]
        assert answers == [True, True, True, False, False]
        # A forged X-Forwarded-For is not a new client without our proxy in front.
        assert not _allowed(second, "203.0.113.9", forwarded="198.51.100.1")
        assert _allowed(second, "203.0.113.10")  # another client has its own count
        cache.clear()


def test_api_answers_unthrottled_while_redis_is_down(caplog: pytest.LogCaptureFixture) -> None:
    nobody = f"redis://127.0.0.1:{free_port()}/0"
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": REDIS_CACHE,
                "LOCATION": nobody,
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            }
        }
    ):
        throttle = ClientAnonRateThrottle("1/m")
        assert _allowed(throttle, "203.0.113.9")
        assert _allowed(throttle, "203.0.113.9")
    assert "API throttling skipped" in caplog.text
