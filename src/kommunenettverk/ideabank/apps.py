from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeabankConfig(AppConfig):
    """Good-practice examples, their search, dissemination to neighbours and digests."""

    name = "kommunenettverk.ideabank"
    label = "ideabank"
    verbose_name = _("Idébank")

    def ready(self) -> None:
        from kommunenettverk.ideabank.extensions import register

        register()
