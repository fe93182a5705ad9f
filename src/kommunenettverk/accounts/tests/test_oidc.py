"""Sign-in with the organisation's identity provider (OpenID Connect), against a real provider
on 127.0.0.1 started by each test (tests/oidc_provider.py): Django's test client starts the
sign-in, `requests` follows the redirect to the provider's authorisation endpoint as a browser
would, and the client brings the provider's answer back to the callback."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from conftest import MakeUser
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from pytest_django import Settings as SettingsWrapper
from tests.oidc_provider import LocalProvider

from kommunenettverk.accounts import services
from kommunenettverk.accounts.models import ExternalLogin, Invitation, Role, RoleAssignment, User
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db

SITE = "http://testserver"


@pytest.fixture
def idp(settings: SettingsWrapper) -> Iterator[LocalProvider]:
    """An Entra-like provider that vouches for email through `email_verified`, and an
    ID-porten-like one (link only, no email) on the same server."""
    provider = LocalProvider(
        redirect_uris=[
            f"{SITE}{reverse('accounts:oidc_callback', args=[name])}"
            for name in ("entra", "idporten")
        ],
    ).start()
    settings.SITE_URL = SITE
    settings.OIDC_PROVIDERS = [
        {
            "name": "entra",
            "label": "Microsoft Entra ID",
            "discovery_url": provider.discovery_url,
            "client_id": provider.client_id,
            "client_secret": provider.client_secret,
        },
        {
            "name": "idporten",
            "label": "ID-porten",
            "discovery_url": provider.discovery_url,
            "client_id": provider.client_id,
            "client_secret": provider.client_secret,
            "scopes": "openid profile",
            "link_only": True,
        },
    ]
    cache.clear()  # the sign-in limit per client address
    yield provider
    provider.stop()


def _start(client: Client, name: str = "entra", **data: str) -> Any:
    return client.post(reverse("accounts:oidc_start", args=[name]), data)


def _via_provider(start: Any) -> str:
    """Follow the redirect to the provider as the browser would; return the callback URL."""
    assert start.status_code == 302, start.content
    answer = requests.get(start["Location"], allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    assert f"{back.scheme}://{back.netloc}" == SITE
    return f"{back.path}?{back.query}"


def _sign_in(client: Client, name: str = "entra", **data: str) -> Any:
    return client.get(_via_provider(_start(client, name, **data)))


def _signed_in_as(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


def _invite(email: str, bodo: Municipality) -> User:
    assignment = services.role_give(
        email=email, role=Role.MUNICIPAL_COORDINATOR, scope=bodo, by=None, full_name="Kari Nord"
    )
    return assignment.user


def test_invited_person_signs_in_by_verified_email_and_the_invitation_is_accepted(
    client: Client, idp: LocalProvider, bodo: Municipality
) -> None:
    user = _invite("kari.nord@bodo.kommune.no", bodo)
    idp.person = {"sub": "entra-kari", "email": "Kari.Nord@bodo.kommune.no", "email_verified": True}

    response = _sign_in(client, next="/oppgaver/?fra=innlogging")

    assert response.status_code == 302
    assert response["Location"] == "/oppgaver/?fra=innlogging"
    assert _signed_in_as(client) == user.pk
    assert Invitation.objects.get(user=user).accepted_at is not None
    link = ExternalLogin.objects.get(user=user)
    assert (link.provider, link.subject) == ("entra", "entra-kari")
    # The library asked with PKCE (S256), state and nonce.
    asked = idp.authorize_requests[-1]
    assert asked["code_challenge_method"] == "S256" and asked["code_challenge"]
    assert asked["state"] and asked["nonce"]


def test_linked_person_signs_in_again_by_subject_even_without_email(
    client: Client, idp: LocalProvider, bodo: Municipality
) -> None:
    user = _invite("kari.nord@bodo.kommune.no", bodo)
    idp.person = {"sub": "entra-kari", "email": "kari.nord@bodo.kommune.no", "email_verified": True}
    _sign_in(client)
    client.logout()
    idp.person = {"sub": "entra-kari"}

    response = _sign_in(client)

    assert response.status_code == 302
    assert _signed_in_as(client) == user.pk


def test_unverified_email_is_refused(
    client: Client, idp: LocalProvider, bodo: Municipality
) -> None:
    user = _invite("kari.nord@bodo.kommune.no", bodo)
    idp.person = {"sub": "x-1", "email": "kari.nord@bodo.kommune.no", "email_verified": False}

    response = _sign_in(client)

    assert response.status_code == 403
    assert "Du har ingen brukerkonto her ennå" in response.content.decode()
    assert _signed_in_as(client) is None
    assert not ExternalLogin.objects.exists()
    assert Invitation.objects.get(user=user).accepted_at is None


def test_preferred_username_alone_is_not_trusted(
    client: Client, idp: LocalProvider, bodo: Municipality
) -> None:
    _invite("kari.nord@bodo.kommune.no", bodo)
    idp.person = {"sub": "x-2", "preferred_username": "kari.nord@bodo.kommune.no"}

    assert _sign_in(client).status_code == 403
    assert _signed_in_as(client) is None


def test_stranger_gets_no_account_and_no_role(client: Client, idp: LocalProvider) -> None:
    users, roles = User.objects.count(), RoleAssignment.objects.count()
    idp.person = {"sub": "ukjent", "email": "ola@example.no", "email_verified": True}

    response = _sign_in(client)

    assert response.status_code == 403
    body = response.content.decode()
    assert "Du har ingen brukerkonto her ennå" in body
    assert "Be koordinatoren i kommunen din" in body
    assert (User.objects.count(), RoleAssignment.objects.count()) == (users, roles)
    assert not ExternalLogin.objects.exists()
    assert _signed_in_as(client) is None


def test_inactive_user_is_refused(client: Client, idp: LocalProvider, bodo: Municipality) -> None:
    user = _invite("kari.nord@bodo.kommune.no", bodo)
    User.objects.filter(pk=user.pk).update(is_active=False)
    idp.person = {"sub": "entra-kari", "email": "kari.nord@bodo.kommune.no", "email_verified": True}

    assert _sign_in(client).status_code == 403
    assert _signed_in_as(client) is None


@pytest.mark.parametrize(
    "tamper",
    [
        {"aud": "en-annen-klient"},
        {"exp_offset": -600},  # expired ten minutes ago (Authlib allows two minutes of skew)
        {"other_key": True},  # signed by a key not in the JWKS, with the same key id
        {"no_id_token": True},
    ],
    ids=["wrong-audience", "expired", "bad-signature", "no-id-token"],
)
def test_untrustworthy_id_token_is_refused(
    client: Client, idp: LocalProvider, bodo: Municipality, tamper: dict[str, Any]
) -> None:
    _invite("kari.nord@bodo.kommune.no", bodo)
    idp.person = {"sub": "entra-kari", "email": "kari.nord@bodo.kommune.no", "email_verified": True}
    idp.tamper = tamper

    response = _sign_in(client)

    assert response.status_code == 400
    assert "kunne ikke fullføres" in response.content.decode()
    assert _signed_in_as(client) is None
    assert not ExternalLogin.objects.exists()


def test_replayed_id_token_and_replayed_answer_are_refused(
    client: Client, idp: LocalProvider, bodo: Municipality
) -> None:
    user = _invite("kari.nord@bodo.kommune.no", bodo)
    idp.person = {"sub": "entra-kari", "email": "kari.nord@bodo.kommune.no", "email_verified": True}
    callback = _via_provider(_start(client))
    assert client.get(callback).status_code == 302
    assert _signed_in_as(client) == user.pk

    # The provider's answer used again: in the same session its state was spent, and no
    # other session ever had it.
    assert client.get(callback).status_code == 400
    other = Client()
    assert other.get(callback).status_code == 400

    # An ID token from the earlier sign-in sent for a new one: its nonce is not this one's.
    idp.tamper = {"id_token": idp.issued[0]}
    response = _sign_in(other)
    assert response.status_code == 400
    assert _signed_in_as(other) is None


def test_sign_in_starts_are_limited_per_client_address(
    client: Client, idp: LocalProvider, settings: SettingsWrapper
) -> None:
    settings.OIDC_SIGNINS_PER_IP_PER_HOUR = 2
    assert _start(client).status_code == 302
    assert _start(client).status_code == 302
    refused = _start(client)
    assert refused.status_code == 429
    assert "for mange innlogginger" in refused.content.decode()


def test_next_outside_the_site_is_ignored(
    client: Client, idp: LocalProvider, bodo: Municipality
) -> None:
    _invite("kari.nord@bodo.kommune.no", bodo)
    idp.person = {"sub": "entra-kari", "email": "kari.nord@bodo.kommune.no", "email_verified": True}

    response = _sign_in(client, next="https://angriper.example/")

    assert response["Location"] == reverse("web:tasks")


def test_idporten_is_linked_once_while_signed_in_then_signs_in(
    client: Client, idp: LocalProvider, make_user: MakeUser, bodo: Municipality
) -> None:
    user = make_user(Role.MUNICIPAL_COORDINATOR, bodo, email="kari.nord@bodo.kommune.no")
    # ID-porten gives a pairwise `sub` and the national identity number `pid`, no email.
    idp.person = {"sub": "idp-pairwise-1", "pid": "24079409630", "acr": "idporten-loa-substantial"}

    # Not linked yet: a stranger, even if an email were sent (link_only providers never match
    # by email).
    idp.person["email"], idp.person["email_verified"] = user.email, True
    stranger = _sign_in(client, "idporten")
    assert stranger.status_code == 403
    assert "Koble til ID-porten" in stranger.content.decode()

    client.force_login(user)
    assert "Koble til ID-porten" in client.get(reverse("accounts:me")).content.decode()
    linked = _sign_in(client, "idporten", link="1")
    assert linked.status_code == 302 and linked["Location"] == reverse("accounts:me")
    link = ExternalLogin.objects.get(user=user, provider="idporten")
    assert link.subject == "idp-pairwise-1"
    assert "24079409630" not in str(ExternalLogin.objects.values_list())  # no pid kept
    assert "ID-porten: koblet til" in client.get(reverse("accounts:me")).content.decode()

    client.logout()
    assert _sign_in(client, "idporten").status_code == 302
    assert _signed_in_as(client) == user.pk


def test_a_subject_linked_to_someone_else_cannot_be_linked_again(
    client: Client, idp: LocalProvider, make_user: MakeUser, bodo: Municipality
) -> None:
    first = make_user(Role.MUNICIPAL_COORDINATOR, bodo)
    second = make_user(Role.PARTICIPANT, bodo)
    ExternalLogin.objects.create(user=first, provider="idporten", subject="idp-pairwise-1")
    idp.person = {"sub": "idp-pairwise-1"}
    client.force_login(second)

    response = _sign_in(client, "idporten", link="1")

    assert response.status_code == 403
    assert ExternalLogin.objects.get(subject="idp-pairwise-1").user == first


def test_accepted_acr_is_enforced(
    client: Client, idp: LocalProvider, make_user: MakeUser, settings: SettingsWrapper
) -> None:
    user = make_user(email="kari.nord@bodo.kommune.no")
    ExternalLogin.objects.create(user=user, provider="idporten", subject="idp-pairwise-1")
    settings.OIDC_PROVIDERS = [
        {
            **settings.OIDC_PROVIDERS[1],
            "acr_values": "idporten-loa-high",
            "accepted_acr": ["idporten-loa-high"],
        },
    ]
    idp.person = {"sub": "idp-pairwise-1", "acr": "idporten-loa-substantial"}

    start = _start(client, "idporten")
    assert parse_qs(urlsplit(start["Location"]).query)["acr_values"] == ["idporten-loa-high"]
    assert client.get(_via_provider(start)).status_code == 400

    idp.person["acr"] = "idporten-loa-high"
    assert _sign_in(client, "idporten").status_code == 302
    assert _signed_in_as(client) == user.pk


def test_without_providers_the_login_page_has_no_buttons_and_start_is_404(
    client: Client, settings: SettingsWrapper
) -> None:
    settings.OIDC_PROVIDERS = []
    assert "Logg inn med" not in client.get(reverse("accounts:login")).content.decode()
    assert _start(client).status_code == 404


def test_login_page_offers_each_provider(client: Client, idp: LocalProvider) -> None:
    body = client.get(reverse("accounts:login")).content.decode()
    assert "Logg inn med Microsoft Entra ID" in body
    assert "Logg inn med ID-porten" in body
