"""What reports adds to pages it does not own (core.extensions): the municipality's annual
report, the network report and the national report."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kommunenettverk.core.extensions import Page, register_link


def register() -> None:
    register_link(Page.MUNICIPALITY, _("Årsrapport"), "reports:municipality_latest", order=90)
    register_link(
        Page.NETWORK, _("Nettverksrapport"), "reports:network", perm="reports.view_network_report"
    )
    register_link(
        Page.PROGRAMME,
        _("Nasjonal rapport"),
        "reports:national",
        perm="reports.view_national_report",
    )
