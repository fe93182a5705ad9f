"""Typed helpers that read settings from environment variables and fail loudly on bad values.

An empty variable counts as unset, so a copied .env.example with blank lines keeps the defaults.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name) or default


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of true/false/1/0/yes/no, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str) -> str | None:
    """Read a secret from NAME, or from the file named by NAME_FILE (Docker/Kubernetes secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE points to {file_name!r}: {exc}") from exc
    return os.environ.get(name) or None


_OIDC_KEYS = {
    "name",
    "label",
    "discovery_url",
    "client_id",
    "client_secret",
    "scopes",
    "verified_email_claim",
    "acr_values",
    "accepted_acr",
    "link_only",
}


def env_oidc_providers(name: str) -> list[dict[str, Any]]:
    """The identity providers for OpenID Connect sign-in, from NAME as a JSON list of objects
    (docs/deployment.md). Each has `name` (a slug in the URL), `label` (shown on the button),
    `discovery_url` (the issuer's /.well-known/openid-configuration) and `client_id`; the
    client secret comes from `client_secret` or, better, the secret OIDC_<NAME>_CLIENT_SECRET
    (or its _FILE). Optional: `scopes` (default "openid email profile"),
    `verified_email_claim` (the boolean claim that vouches for `email`; default
    "email_verified"), `acr_values` (asked for), `accepted_acr` (a list; the ID token's `acr`
    must be one of them) and `link_only` (never match by email, only accounts linked once
    while signed in)."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return []
    try:
        providers = json.loads(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a JSON list: {exc}") from exc
    if not isinstance(providers, list) or not all(isinstance(p, dict) for p in providers):
        raise ImproperlyConfigured(f"{name} must be a JSON list of objects")
    seen: set[str] = set()
    for provider in providers:
        unknown = set(provider) - _OIDC_KEYS
        if unknown:
            raise ImproperlyConfigured(f"{name}: unknown keys {sorted(unknown)}")
        for key in ("name", "label", "discovery_url", "client_id"):
            if not isinstance(provider.get(key), str) or not provider[key]:
                raise ImproperlyConfigured(f"{name}: every provider needs {key!r}")
        slug = provider["name"]
        if not re.fullmatch(r"[a-z0-9-]+", slug) or slug in seen:
            raise ImproperlyConfigured(f"{name}: name {slug!r} must be a unique lowercase slug")
        seen.add(slug)
        secret = env_secret(f"OIDC_{slug.upper().replace('-', '_')}_CLIENT_SECRET")
        provider.setdefault("client_secret", secret or "")
    return providers
