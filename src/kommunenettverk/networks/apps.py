from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    """Networks of participating municipalities, their gatherings and development projects."""

    name = "kommunenettverk.networks"
    label = "networks"
    verbose_name = _("Nettverk")

    def ready(self) -> None:
        from kommunenettverk.networks.extensions import register

        register()

        from kommunenettverk.networks.tasks import register_job_kinds

        register_job_kinds()

        from kommunenettverk.networks import receivers
        from kommunenettverk.programmes.signals import participation_status_changed

        participation_status_changed.connect(
            receivers.participation_status_changed, dispatch_uid="networks.leave_on_status"
        )
