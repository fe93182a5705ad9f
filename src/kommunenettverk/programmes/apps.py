from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    """National programmes, their themes and goals, and the municipalities taking part."""

    name = "kommunenettverk.programmes"
    label = "programmes"
    verbose_name = _("Program")

    def ready(self) -> None:
        from kommunenettverk.programmes.extensions import register

        register()
