"""Login rate limiting: wrong passwords lock the e-mail address from that IP for a while."""

from __future__ import annotations

import datetime

import pytest
from axes.models import AccessAttempt
from conftest import MakeUser
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def _try(client: Client, password: str, email: str = "kari@example.org") -> int:
    response = client.post(LOGIN, {"username": email, "password": password})
    return response.status_code


def test_wrong_passwords_lock_the_login_with_a_norwegian_message(
    client: Client, make_user: MakeUser
) -> None:
    make_user(email="kari@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _try(client, "feil") == 200  # the form again, with its error
    response = client.post(LOGIN, {"username": "KARI@example.org", "password": "feil"})
    assert response.status_code == 429
    assert "For mange innloggingsforsøk" in response.text
    assert "Prøv igjen om 15 minutter" in response.text
    assert response["Retry-After"] == "900"
    # Locked means locked: the right password does not get in either.
    response = client.post(
        LOGIN, {"username": "kari@example.org", "password": "riktig-passord-123"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lock_out_is_per_address_and_ip(client: Client, make_user: MakeUser) -> None:
    make_user(email="kari@example.org")
    make_user(email="ola@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _try(client, "feil")
    assert _try(client, "riktig-passord-123", email="ola@example.org") == 302
    other_ip = Client(REMOTE_ADDR="10.1.2.3")
    assert _try(other_ip, "riktig-passord-123") == 302


def test_lock_out_ends_after_the_cool_off(client: Client, make_user: MakeUser) -> None:
    make_user(email="kari@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _try(client, "feil")
    assert _try(client, "riktig-passord-123") == 429
    # Let the cool-off pass: move the attempts back in time rather than sleeping.
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(tz=datetime.UTC)
        - settings.AXES_COOLOFF_TIME
        - datetime.timedelta(seconds=1)
    )
    assert _try(client, "riktig-passord-123") == 302


def test_a_successful_login_resets_the_count(client: Client, make_user: MakeUser) -> None:
    make_user(email="kari@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _try(client, "feil")
    assert _try(client, "riktig-passord-123") == 302
    client.post(reverse("accounts:logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _try(client, "feil") == 200


def test_force_login_still_works_for_tests(client: Client, make_user: MakeUser) -> None:
    client.force_login(make_user())
    assert client.get(reverse("accounts:me")).status_code == 200
