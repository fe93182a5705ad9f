from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Users (email login), organisations and role assignments with object-level rules."""

    name = "kommunenettverk.accounts"
    label = "accounts"
    verbose_name = _("Brukere og roller")

    def ready(self) -> None:
        from kommunenettverk.accounts.extensions import register

        register()
