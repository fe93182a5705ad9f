"""The personal calendar feed (issue 15, finding 8): its address holds a random secret, kept only
as a hash, that the person renews on Min side; the old address then answers 404. The signed
user id of the old scheme no longer opens anything."""

from __future__ import annotations

import pytest
from conftest import MakeUser
from django.core import signing
from django.test import Client
from django.urls import reverse

from kommunenettverk.accounts.models import CalendarToken, Role, User, calendar_token_hash
from kommunenettverk.networks.tests.factories import make_gathering, nord_network

pytestmark = pytest.mark.django_db


def _feed_path(client: Client, *, renew: bool = False) -> str:
    """The feed address Min side shows: on the first visit, or after a confirmed renewal."""
    if renew:
        response = client.post(reverse("accounts:calendar_renew"), {"confirmed": "1"})
    else:
        response = client.get(reverse("accounts:me"))
    assert response.status_code == 200
    url: str = response.context["feed_url"]
    assert url.startswith("http://testserver/")
    assert url in response.content.decode()
    return url.removeprefix("http://testserver")


@pytest.fixture
def adviser(make_user: MakeUser) -> User:
    """An adviser who leads a network with a gathering coming up (so the feed has an event)."""
    user = make_user(Role.REGIONAL_ADVISER, email="radgiver@example.org")
    network = nord_network(size=4, adviser=user)
    make_gathering(network, days=10)
    return user


def _feed(path: str) -> int:
    response = Client().get(path)
    if response.status_code == 200:
        assert response["Content-Type"].startswith("text/calendar")
        assert "BEGIN:VEVENT" in response.content.decode()
    return response.status_code


def test_first_visit_makes_a_random_address_stored_only_as_a_hash(
    client: Client, adviser: User
) -> None:
    client.force_login(adviser)
    path = _feed_path(client)
    secret = path.split("/")[-1].removesuffix(".ics")
    assert _feed(path) == 200
    token = CalendarToken.objects.get(user=adviser)
    assert token.key_hash == calendar_token_hash(secret) and secret not in token.key_hash
    assert len(secret) >= 40 and str(adviser.pk) not in secret.split(".")
    # Later visits do not show the address again (it is not stored) and do not change it.
    second = client.get(reverse("accounts:me"))
    assert second.context["feed_url"] == ""
    assert token.prefix in second.content.decode()
    assert _feed(path) == 200


def test_the_old_signed_address_is_refused(client: Client, adviser: User) -> None:
    signed = signing.Signer(salt="networks.calendar", sep=".").sign(str(adviser.pk))
    client.force_login(adviser)
    _feed_path(client)
    assert _feed(reverse("networks:user_calendar", args=[signed])) == 404


def test_renewing_asks_first_then_the_old_address_is_404(client: Client, adviser: User) -> None:
    client.force_login(adviser)
    old = _feed_path(client)
    asked = client.post(reverse("accounts:calendar_renew"))
    assert asked.status_code == 200
    assert "Lage en ny kalenderlenke?" in asked.content.decode()
    assert 'name="confirmed" value="1"' in asked.content.decode()
    assert _feed(old) == 200  # nothing changed before the confirmation
    new = _feed_path(client, renew=True)
    assert new != old
    assert _feed(old) == 404
    assert _feed(new) == 200


def test_another_user_cannot_renew_yours(
    client: Client, adviser: User, make_user: MakeUser
) -> None:
    client.force_login(adviser)
    mine = _feed_path(client)
    other = Client()
    other.force_login(make_user(Role.PARTICIPANT, email="annen@example.org"))
    theirs = _feed_path(other, renew=True)  # the only renewal there is: their own
    assert _feed(mine) == 200
    assert theirs != mine
    assert CalendarToken.objects.count() == 2
    anonymous = Client().post(reverse("accounts:calendar_renew"), {"confirmed": "1"})
    assert anonymous.status_code == 302 and "/logg-inn/" in anonymous["Location"]
    assert _feed(mine) == 200


def test_an_inactive_user_s_address_is_404(client: Client, adviser: User) -> None:
    client.force_login(adviser)
    path = _feed_path(client)
    User.objects.filter(pk=adviser.pk).update(is_active=False)
    assert _feed(path) == 404
