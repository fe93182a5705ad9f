"""The API's URLs. The API decides access itself (public reads, token writes), so its views
are exempt from the site's login-required default.

PostgreSQL cannot store or compare text holding NUL characters (a query with one is a server
error there, not on SQLite). No stored text holds one, so every NUL in a query parameter or a
path segment is replaced with U+FFFD before the view runs: a filter with it matches nothing,
as on SQLite. Written text refuses NUL in the input schemas.

django-ninja routes by method and knows no HEAD; uptime monitors and caches send it. Every
operation that answers GET answers HEAD too, with the GET's headers and no body (Django's
own views do the same through `require_safe`)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path
from django.views.decorators.http import require_safe

from kommunenettverk.api import views
from kommunenettverk.api.api import api

# django-ninja's own views (the schema and the empty root) answer any method; they are
# read-only, so other methods get 405 like every other read-only URL of the site.
_READ_ONLY = {"api-root", "openapi-json"}


def _without_nul(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "\x00" in request.META.get("QUERY_STRING", "") or "%00" in request.META.get(
            "QUERY_STRING", ""
        ):
            query = request.GET.copy()
            for key in list(query):
                query.setlist(key, [v.replace("\x00", "\ufffd") for v in query.getlist(key)])
            query._mutable = False
            request.GET = query  # type: ignore[assignment]  # made immutable on the line above
        kwargs = {
            k: v.replace("\x00", "\ufffd") if isinstance(v, str) else v for k, v in kwargs.items()
        }
        return view(request, *args, **kwargs)

    return wrapped


def _head_as_get(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "HEAD":
            return view(request, *args, **kwargs)
        request.method = "GET"
        try:
            response = view(request, *args, **kwargs)
        finally:
            request.method = "HEAD"
        if not response.streaming:
            response["Content-Length"] = str(len(response.content))
            response.content = b""
        return response

    return wrapped


def _public(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _public(pattern.url_patterns)
        else:
            if pattern.name in _READ_ONLY:
                pattern.callback = require_safe(pattern.callback)
            callback: Any = _head_as_get(_without_nul(pattern.callback))
            callback.login_required = False
            pattern.callback = callback
    return patterns


patterns, _app_name, namespace = api.urls
app_name = namespace  # "api", as NinjaAPI(urls_namespace=…) reverses it
urlpatterns = _public([path("docs", views.docs, name="docs"), *patterns])
