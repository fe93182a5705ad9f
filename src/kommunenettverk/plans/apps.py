from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """Plan documents, goals, measures and annual status reports of each municipality."""

    name = "kommunenettverk.plans"
    label = "plans"
    verbose_name = _("Planer, mål og tiltak")

    def ready(self) -> None:
        from kommunenettverk.plans.extensions import register

        register()
