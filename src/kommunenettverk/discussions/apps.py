from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    """The network between gatherings: threads, answers and comments on each other's work."""

    name = "kommunenettverk.discussions"
    label = "discussions"
    verbose_name = _("Diskusjoner")

    def ready(self) -> None:
        from kommunenettverk.discussions.extensions import register

        register()
