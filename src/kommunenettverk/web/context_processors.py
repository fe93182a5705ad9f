from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from kommunenettverk.accounts.selectors import home_municipality_get


def site(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {"SITE_NAME": "Kommunenettverk", "DEBUG": settings.DEBUG}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        # Lazy: read only when a page draws the signed-in menu (error pages may not).
        context["HOME_MUNICIPALITY"] = SimpleLazyObject(lambda: home_municipality_get(user))
    return context
