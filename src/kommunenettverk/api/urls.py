"""The API's URLs. The API decides access itself (public reads, token writes), so its views
are exempt from the site's login-required default."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver, path

from kommunenettverk.api import views
from kommunenettverk.api.api import api


def _public(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _public(pattern.url_patterns)
        else:
            callback: Any = pattern.callback
            callback.login_required = False
    return patterns


patterns, _app_name, namespace = api.urls
app_name = namespace  # "api", as NinjaAPI(urls_namespace=…) reverses it
urlpatterns = _public([path("docs", views.docs, name="docs"), *patterns])
