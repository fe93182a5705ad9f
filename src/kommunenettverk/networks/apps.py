from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    """Networks of participating municipalities, their gatherings and development projects."""

    name = "kommunenettverk.networks"
    label = "networks"
    verbose_name = _("Nettverk")

    def ready(self) -> None:
        from kommunenettverk.registry.extensions import register_profile_link

        register_profile_link(_("Program og nettverk"), "networks:municipality_networks", order=10)
