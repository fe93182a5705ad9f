"""core.client.client_ip: the one place the client's address is read."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from pytest_django import Settings as SettingsWrapper

from kommunenettverk.core.client import client_ip


def _ip(remote: str, forwarded: str | None = None) -> str:
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(request)


def test_without_a_proxy_the_forwarded_header_is_ignored(settings: SettingsWrapper) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    assert _ip("203.0.113.5", "198.51.100.1") == "203.0.113.5"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "192.0.2.1, 198.51.100.7", "198.51.100.7"),  # the client wrote the first entry
        (2, "192.0.2.1, 198.51.100.7, 10.0.0.9", "198.51.100.7"),
        (2, "198.51.100.7", "10.0.0.1"),  # fewer hops than proxies: the connection's address
        (1, "not-an-address", "10.0.0.1"),
        (1, "", "10.0.0.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_behind_proxies_the_entry_our_first_proxy_appended_counts(
    settings: SettingsWrapper, count: int, forwarded: str, expected: str
) -> None:
    settings.TRUSTED_PROXY_COUNT = count
    assert _ip("10.0.0.1", forwarded) == expected
