"""Home page, service pages and error pages."""

from __future__ import annotations

import sys

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from kommunenettverk.accounts.http import AuthedRequest
from kommunenettverk.core.cache import public_page_cache
from kommunenettverk.registry.selectors import county_list, municipality_list
from kommunenettverk.web.worklist import grouped, request_tasks


@require_safe
@login_not_required
@public_page_cache
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/home.html",
        {
            "municipality_count": municipality_list().count(),
            "county_count": county_list().count(),
        },
    )


@require_safe
def tasks(request: AuthedRequest) -> HttpResponse:
    """Mine oppgaver: what each app asks of the signed-in user now, where they land after
    signing in. Computed from the data on every visit; a done task is simply no longer found."""
    return render(request, "web/tasks.html", {"groups": grouped(request_tasks(request))})


@require_safe
@login_not_required
@public_page_cache
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "web/about.html")


@require_safe
@login_not_required
@public_page_cache
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "web/accessibility.html")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    message = (
        str(exception.args[0]) if exception.args and isinstance(exception.args[0], str) else ""
    )
    return render(request, "404.html", {"message": message}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 while the database cannot be reached (the page itself needs no database)."""
    exception = sys.exc_info()[1]
    if isinstance(exception, OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(render_to_string("500.html"), status=500)


@require_safe
@login_not_required
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on their own; the icon is the SVG that base.html links."""
    return redirect(static("web/favicon.svg"), permanent=True)


@require_safe
@login_not_required
@never_cache
def health(request: HttpRequest) -> HttpResponse:
    """Liveness: the web worker answers (no database). Also the minimal page of `make bench`."""
    return HttpResponse("ok", content_type="text/plain")


@require_safe
@login_not_required
@never_cache
def health_database(request: HttpRequest) -> HttpResponse:
    """Readiness: the database answers a query; 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable", content_type="text/plain", status=503)
    return HttpResponse("ok", content_type="text/plain")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form without a valid CSRF token: explain in Norwegian, with the site's layout."""
    return render(request, "403_csrf.html", status=403)
