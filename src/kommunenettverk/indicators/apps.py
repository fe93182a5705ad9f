from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    """Indicator catalogue, values per area and period, imports and analytics."""

    name = "kommunenettverk.indicators"
    label = "indicators"
    verbose_name = _("Indikatorer")

    def ready(self) -> None:
        from kommunenettverk.indicators.extensions import register
        from kommunenettverk.indicators.tasks import register_job_kinds

        register()
        register_job_kinds()
