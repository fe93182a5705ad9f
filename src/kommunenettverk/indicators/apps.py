from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    """Indicator catalogue, values per area and period, imports and analytics."""

    name = "kommunenettverk.indicators"
    label = "indicators"
    verbose_name = _("Indikatorer")

    def ready(self) -> None:
        from kommunenettverk.indicators.views import goal_section
        from kommunenettverk.plans.extensions import register_goal_section
        from kommunenettverk.registry.extensions import register_profile_link

        register_profile_link(_("Indikatorer"), "indicators:municipality", order=40)
        register_goal_section("indicators", goal_section, order=10)
