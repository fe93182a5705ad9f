"""Personal API tokens: a token acts as its user, with exactly the user's roles."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX_LENGTH = 8


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_generate() -> str:
    """A new raw token: "kn_" + 40 URL-safe characters. Only its hash is stored."""
    return "kn_" + secrets.token_urlsafe(30)


class ApiToken(models.Model):
    """A personal API token. The raw value is shown once when created; we keep its SHA-256."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruker"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("navn"), max_length=100, help_text=_("Hva nøkkelen brukes til."))
    prefix = models.CharField(_("begynner med"), max_length=TOKEN_PREFIX_LENGTH + 3)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("sist brukt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API-nøkkel")
        verbose_name_plural = _("API-nøkler")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
