from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    """Citizens, volunteers and partners: the public municipality portal, citizen proposals
    and consultations (moderated), volunteer arenas and activities, partners and partnerships."""

    name = "kommunenettverk.community"
    label = "community"
    verbose_name = _("Innbyggere, frivillighet og partnerskap")

    def ready(self) -> None:
        from kommunenettverk.community import extensions

        extensions.register()
