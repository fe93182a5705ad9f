from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The public read API and the authenticated write API (django-ninja, /api/v1/)."""

    name = "kommunenettverk.api"
    label = "api"
    verbose_name = _("API")
