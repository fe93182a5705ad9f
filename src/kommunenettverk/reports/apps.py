from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Municipality, network and national reports as HTML, PDF and XLSX."""

    name = "kommunenettverk.reports"
    label = "reports"
    verbose_name = _("Rapporter")

    def ready(self) -> None:
        from kommunenettverk.networks.extensions import (
            register_network_link,
            register_programme_link,
        )
        from kommunenettverk.registry.extensions import register_profile_link

        register_profile_link(_("Årsrapport"), "reports:municipality_latest", order=90)
        register_network_link(
            _("Nettverksrapport"), "reports:network", perm="reports.view_network_report"
        )
        register_programme_link(
            _("Nasjonal rapport"), "reports:national", perm="reports.view_national_report"
        )
