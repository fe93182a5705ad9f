from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    """Policy input to the state from municipalities, networks and the programme: drafts,
    submission, forwarding, answers from the state body, and the public register."""

    name = "kommunenettverk.policy"
    label = "policy"
    verbose_name = _("Innspill til nasjonal politikk")

    def ready(self) -> None:
        from kommunenettverk.policy.extensions import register

        register()
