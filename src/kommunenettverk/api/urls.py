"""The API's URLs. The API decides access itself (public reads, token writes), so its views
are exempt from the site's login-required default."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver, path
from django.views.decorators.http import require_GET

from kommunenettverk.api import views
from kommunenettverk.api.api import api

# django-ninja's own views (the schema and the empty root) answer any method; they are
# read-only, so other methods get 405 like every other read-only URL of the site.
_READ_ONLY = {"api-root", "openapi-json"}


def _public(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _public(pattern.url_patterns)
        else:
            if pattern.name in _READ_ONLY:
                pattern.callback = require_GET(pattern.callback)
            callback: Any = pattern.callback
            callback.login_required = False
    return patterns


patterns, _app_name, namespace = api.urls
app_name = namespace  # "api", as NinjaAPI(urls_namespace=…) reverses it
urlpatterns = _public([path("docs", views.docs, name="docs"), *patterns])
