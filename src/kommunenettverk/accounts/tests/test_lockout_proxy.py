"""Behind our TLS proxy, lock-out counts the real client's address, not the proxy's: failures
from one place never lock the account for someone signing in from another (security issue 15,
finding 1)."""

from __future__ import annotations

import pytest
from conftest import MakeUser
from django.conf import settings
from django.test import Client
from django.urls import reverse
from pytest_django import Settings as SettingsWrapper

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
PROXY = "10.0.0.1"  # every request reaches Django from the proxy


def _login(client: Client, password: str, forwarded: str) -> int:
    response = client.post(
        LOGIN,
        {"username": "kari@example.org", "password": password},
        HTTP_X_FORWARDED_FOR=forwarded,
        REMOTE_ADDR=PROXY,
    )
    return response.status_code


@pytest.fixture
def behind_proxy(settings: SettingsWrapper) -> None:
    settings.TRUSTED_PROXY_COUNT = 1


def test_failures_from_one_client_do_not_lock_out_another(
    behind_proxy: None, make_user: MakeUser
) -> None:
    make_user(email="kari@example.org")
    attacker = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(attacker, "feil", forwarded="198.51.100.7")
    assert _login(attacker, "riktig-passord-123", forwarded="198.51.100.7") == 429
    # Kari, from her own address through the same proxy, gets in.
    assert _login(Client(), "riktig-passord-123", forwarded="203.0.113.20") == 302


def test_a_forged_forwarded_header_does_not_escape_the_lock(
    behind_proxy: None, make_user: MakeUser
) -> None:
    make_user(email="kari@example.org")
    attacker = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        # The attacker writes a new address each time; the proxy appends the real one.
        _login(attacker, "feil", forwarded=f"192.0.2.{n}, 198.51.100.7")
    assert _login(attacker, "riktig-passord-123", forwarded="192.0.2.99, 198.51.100.7") == 429
