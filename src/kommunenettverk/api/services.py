"""Writes for API tokens."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from kommunenettverk.accounts.models import User
from kommunenettverk.api.models import (
    TOKEN_PREFIX_LENGTH,
    ApiToken,
    token_generate,
    token_hash,
)


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns the row and the raw token (shown once)."""
    raw = token_generate()
    token = ApiToken(
        user=user, name=name, prefix=raw[: TOKEN_PREFIX_LENGTH + 3], key_hash=token_hash(raw)
    )
    token.full_clean()
    token.save()
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])


def api_token_authenticate(raw: str) -> User | None:
    """The active user behind an active token, or None. Records when it was last used."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=token_hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
