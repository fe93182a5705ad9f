from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialogueConfig(AppConfig):
    """Citizens, volunteers and partners: the public municipality portal, citizen proposals
    and consultations (moderated), volunteer arenas and activities, partners and partnerships."""

    name = "kommunenettverk.dialogue"
    label = "dialogue"
    verbose_name = _("Innbyggere, frivillighet og partnerskap")

    def ready(self) -> None:
        from kommunenettverk.registry.extensions import register_profile_link

        register_profile_link(_("For innbyggere"), "dialogue:portal", order=10)
