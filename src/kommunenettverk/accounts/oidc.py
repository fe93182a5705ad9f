"""The OpenID Connect protocol for sign-in with an organisation's identity provider (Entra ID,
ID-porten), through Authlib's Django client: the authorisation code flow with PKCE (S256),
`state` and `nonce` kept in the session, and the ID token's signature checked against the
provider's JWKS and its `iss`, `aud`, `exp`, `iat` and `nonce` (and `at_hash`) checked by
Authlib. This module only speaks the protocol and returns checked claims; who they are is
decided by `services.external_login_resolve`. Providers come from settings.OIDC_PROVIDERS."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass
from typing import Any

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from joserfc.errors import JoseError

logger = logging.getLogger(__name__)

# The discovery document (and with it the JWKS) is read again after this many seconds, so a
# provider's new signing key is found; an unknown key id also makes Authlib read the JWKS anew.
METADATA_MAX_AGE = 3600
# A verified-email claim counts as true as JSON true (OpenID Connect's `email_verified`) or as
# the strings some providers send; anything else, or no claim, is unverified.
_TRUE_CLAIM = (True, "true", "1")


@dataclass(frozen=True)
class Provider:
    """One identity provider from settings.OIDC_PROVIDERS (see config/env.py)."""

    name: str
    label: str
    discovery_url: str
    client_id: str
    client_secret: str
    scopes: str = "openid email profile"
    verified_email_claim: str = "email_verified"
    acr_values: str = ""
    accepted_acr: tuple[str, ...] = ()
    link_only: bool = False


@dataclass(frozen=True)
class Identity:
    """What a provider vouches for after the checks: its stable subject, and the email
    address only when the provider's verified-email claim is true."""

    provider: str
    subject: str
    verified_email: str | None


class SignInFailed(Exception):
    """The provider's answer could not be trusted or used; the message is for the person."""


def provider_list() -> list[Provider]:
    return [
        Provider(
            name=p["name"],
            label=p["label"],
            discovery_url=p["discovery_url"],
            client_id=p["client_id"],
            client_secret=p.get("client_secret", ""),
            scopes=p.get("scopes", "openid email profile"),
            verified_email_claim=p.get("verified_email_claim", "email_verified"),
            acr_values=p.get("acr_values", ""),
            accepted_acr=tuple(p.get("accepted_acr", ())),
            link_only=bool(p.get("link_only", False)),
        )
        for p in settings.OIDC_PROVIDERS
    ]


def provider_get_or_404(name: str) -> Provider:
    for provider in provider_list():
        if provider.name == name:
            return provider
    raise Http404(_("Innloggingstjenesten finnes ikke."))


_clients: dict[str, tuple[float, Any]] = {}


def _client(provider: Provider) -> Any:
    """Authlib's client for `provider`, kept per process while the settings are the same (the
    key is a hash of them) and for at most METADATA_MAX_AGE seconds."""
    key = hashlib.sha256(json.dumps(provider.__dict__, sort_keys=True).encode()).hexdigest()
    made, client = _clients.get(key, (0.0, None))
    if client is None or time.monotonic() - made > METADATA_MAX_AGE:
        oauth = OAuth()
        client = oauth.register(
            name=f"kn-{provider.name}",
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            server_metadata_url=provider.discovery_url,
            client_kwargs={
                "scope": provider.scopes,
                "code_challenge_method": "S256",
                "default_timeout": settings.OIDC_TIMEOUT_SECONDS,
            },
        )
        _clients[key] = (time.monotonic(), client)
    return client


def authorize_redirect(request: HttpRequest, provider: Provider, redirect_uri: str) -> HttpResponse:
    """Send the browser to the provider; state, nonce and the PKCE verifier stay in the
    session (Authlib keeps them under one key per state, for an hour)."""
    extra = {"acr_values": provider.acr_values} if provider.acr_values else {}
    try:
        response: HttpResponse = _client(provider).authorize_redirect(
            request, redirect_uri, **extra
        )
    except (requests.RequestException, OAuthError, RuntimeError, ValueError) as exc:
        logger.warning("OpenID Connect: %s unreachable: %s", provider.name, exc)
        raise SignInFailed(
            _("%(label)s svarer ikke nå. Prøv igjen senere, eller logg inn med e-post.")
            % {"label": provider.label}
        ) from exc
    return response


def callback_identity(request: HttpRequest, provider: Provider) -> Identity:
    """Finish the flow from the provider's answer: the state must be one this session started
    (once: Authlib forgets it when used), the code is exchanged with the PKCE verifier, and the
    ID token must pass every check; SignInFailed otherwise."""
    refused = SignInFailed(
        _("Innloggingen hos %(label)s kunne ikke fullføres. Prøv igjen fra innloggingssiden.")
        % {"label": provider.label}
    )
    error = request.GET.get("error")
    if error:
        logger.info("OpenID Connect: %s answered %s", provider.name, error[:100])
        raise refused
    try:
        token = _client(provider).authorize_access_token(request)
    except (requests.RequestException, OAuthError, JoseError, ValueError, KeyError) as exc:
        logger.warning("OpenID Connect: %s refused: %r", provider.name, exc)
        raise refused from exc
    claims = token.get("userinfo")
    if not claims:  # no ID token at all: nothing was vouched for
        logger.warning("OpenID Connect: %s gave no ID token", provider.name)
        raise refused
    if provider.accepted_acr and claims.get("acr") not in provider.accepted_acr:
        logger.warning("OpenID Connect: %s acr %r refused", provider.name, claims.get("acr"))
        raise refused
    email = claims.get("email")
    verified = (
        not provider.link_only
        and isinstance(email, str)
        and "@" in email
        and claims.get(provider.verified_email_claim) in _TRUE_CLAIM
    )
    return Identity(
        provider=provider.name,
        subject=str(claims["sub"]),
        verified_email=email.strip().lower() if verified else None,
    )
