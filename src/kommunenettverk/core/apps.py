from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Truly shared code: typed requests, security headers. No domain models live here."""

    name = "kommunenettverk.core"
    label = "core"

    def ready(self) -> None:
        from kommunenettverk.core import dataversion

        dataversion.install()
