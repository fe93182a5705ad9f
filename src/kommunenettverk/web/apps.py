from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    """Base layout, navigation, home page, service pages and design-system assets."""

    name = "kommunenettverk.web"
    label = "web"
    verbose_name = _("Nettsted")
