from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    """Counties, municipalities, KS regions and the code changes between municipal reforms."""

    name = "kommunenettverk.registry"
    label = "registry"
    verbose_name = _("Kommuneregister")
