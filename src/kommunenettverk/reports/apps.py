from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Municipality, network and national reports as HTML, PDF and XLSX."""

    name = "kommunenettverk.reports"
    label = "reports"
    verbose_name = _("Rapporter")

    def ready(self) -> None:
        from kommunenettverk.reports.extensions import register
        from kommunenettverk.reports.tasks import register_job_kinds

        register()
        register_job_kinds()
