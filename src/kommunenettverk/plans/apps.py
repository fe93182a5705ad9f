from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """Plan documents, goals, measures and annual status reports of each municipality."""

    name = "kommunenettverk.plans"
    label = "plans"
    verbose_name = _("Planer, mål og tiltak")

    def ready(self) -> None:
        from kommunenettverk.registry.extensions import register_profile_link

        register_profile_link(_("Mål og tiltak"), "plans:strategy_overview", order=20)
        register_profile_link(_("Planer og plansyklus"), "plans:plan_list", order=30)

        from kommunenettverk.networks.extensions import (
            register_network_link,
            register_section,
        )
        from kommunenettverk.plans.views import project_measures_section

        register_network_link(_("Mål og tiltak"), "plans:network_strategy", order=20)
        register_section(
            "tiltak", "plans/_project_measures.html", project_measures_section, order=40
        )
