"""Mails anyone can ask for are limited per address and per client address, counted in the
shared cache; the password reset page answers a known and an unknown address alike (security
issue 15, findings 3 and 4)."""

from __future__ import annotations

import re

import pytest
from conftest import MakeUser
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django import Settings as SettingsWrapper

from kommunenettverk.community.models import CitizenLoginToken
from kommunenettverk.community.services import MAX_LOGIN_LINKS_PER_EMAIL_PER_HOUR
from kommunenettverk.notifications.models import Message
from kommunenettverk.notifications.tests.outbox import delivered

pytestmark = pytest.mark.django_db

RESET = reverse("accounts:password_reset")
CITIZEN_LOGIN = reverse("community:citizen_login")
PROXY = "10.0.0.1"


def _reset(email: str, forwarded: str = "198.51.100.7") -> int:
    response = Client().post(
        RESET, {"email": email}, HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=PROXY
    )
    return response.status_code


def _without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


@pytest.fixture(autouse=True)
def behind_proxy(settings: SettingsWrapper) -> None:
    settings.TRUSTED_PROXY_COUNT = 1


def test_password_reset_is_limited_per_address(make_user: MakeUser) -> None:
    make_user(email="kari@example.org")
    limit = settings.PASSWORD_RESET_PER_ADDRESS_PER_HOUR
    # From different places each time: the limit follows the address.
    for n in range(limit):
        assert _reset("kari@example.org", forwarded=f"203.0.113.{n + 1}") == 302
    queued = Message.objects.count()
    assert _reset("kari@example.org", forwarded="203.0.113.99") == 429
    assert Message.objects.count() == queued  # nothing more in the outbox
    # Another address is not affected.
    assert _reset("ola@example.org", forwarded="203.0.113.99") == 302


def test_password_reset_is_limited_per_client_address(make_user: MakeUser) -> None:
    make_user(email="kari@example.org")
    limit = settings.PASSWORD_RESET_PER_IP_PER_HOUR
    for n in range(limit):
        assert _reset(f"ukjent{n}@example.org") == 302
    response = Client().post(
        RESET,
        {"email": "kari@example.org"},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
        REMOTE_ADDR=PROXY,
    )
    assert response.status_code == 429
    assert "for mange nye passord" in response.text
    assert not delivered()
    # Kari, from her own place through the same proxy, still gets her link.
    assert _reset("kari@example.org", forwarded="203.0.113.20") == 302
    assert [m.to for m in delivered()] == [["kari@example.org"]]


def test_password_reset_answers_known_and_unknown_addresses_alike(
    make_user: MakeUser, database_queue: None
) -> None:
    make_user(email="kari@example.org")
    answers = []
    for email in ("kari@example.org", "ingen@example.org"):
        response = Client().post(RESET, {"email": email}, follow=True)
        answers.append(
            (response.status_code, response.redirect_chain, _without_csrf(response.text))
        )
    assert answers[0] == answers[1]
    # No mail server was spoken to in the request: the link waits in the outbox for a worker.
    assert mail.outbox == []
    assert Message.objects.filter(kind="password-reset", to="kari@example.org").count() == 1


def test_citizen_sign_in_links_are_limited_per_client_address(
    settings: SettingsWrapper,
) -> None:
    settings.CITIZEN_LOGIN_LINKS_PER_IP_PER_HOUR = 3
    client = Client()
    for n in range(3):
        response = client.post(
            CITIZEN_LOGIN,
            {"email": f"innbygger{n}@example.org"},
            HTTP_X_FORWARDED_FOR="198.51.100.7",
            REMOTE_ADDR=PROXY,
        )
        assert response.status_code == 302
    response = client.post(
        CITIZEN_LOGIN,
        {"email": "kari@example.org"},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
        REMOTE_ADDR=PROXY,
    )
    assert "for mange innloggingslenker herfra" in response.text
    assert not CitizenLoginToken.objects.filter(email="kari@example.org").exists()
    # Kari asks from her own place: the stranger did not use up her links.
    response = Client().post(
        CITIZEN_LOGIN,
        {"email": "kari@example.org"},
        HTTP_X_FORWARDED_FOR="203.0.113.20",
        REMOTE_ADDR=PROXY,
    )
    assert response.status_code == 302
    assert CitizenLoginToken.objects.filter(email="kari@example.org").count() == 1


def test_citizen_sign_in_links_are_still_limited_per_address() -> None:
    for n in range(MAX_LOGIN_LINKS_PER_EMAIL_PER_HOUR):
        response = Client().post(
            CITIZEN_LOGIN,
            {"email": "kari@example.org"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n + 1}",
            REMOTE_ADDR=PROXY,
        )
        assert response.status_code == 302
    response = Client().post(
        CITIZEN_LOGIN,
        {"email": "kari@example.org"},
        HTTP_X_FORWARDED_FOR="203.0.113.99",
        REMOTE_ADDR=PROXY,
    )
    assert "innloggingslenker til denne adressen" in response.text
