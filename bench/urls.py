"""The site's URLs plus the bench's minimal signed-in page (never served by the site itself).

`/_bench/innlogget/` is the fixed cost of being signed in: the session, the user, and the base
layout with its signed-in menu (the "Mine oppgaver" count, unread notices, home municipality),
with no content. Every signed-in page is measured against it (bench/bench_signedin.py).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path
from django.views.decorators.http import require_safe

from kommunenettverk.config.urls import handler404, handler500
from kommunenettverk.config.urls import urlpatterns as site_urls

MINIMAL_SIGNED_IN = "/_bench/innlogget/"

_TEMPLATE = engines["django"].from_string(
    '{% extends "base.html" %}{% block title %}Benk{% endblock %}'
    "{% block content %}<h1>Benk</h1>{% endblock %}"
)


@require_safe
def signed_in_minimal(request: HttpRequest) -> HttpResponse:
    """Needs a login (LoginRequiredMiddleware), renders the base layout and nothing else."""
    return HttpResponse(_TEMPLATE.render({}, request))


urlpatterns = [
    path(MINIMAL_SIGNED_IN.strip("/") + "/", signed_in_minimal, name="bench_signed_in"),
    *site_urls,
]

__all__ = ["handler404", "handler500", "urlpatterns"]
