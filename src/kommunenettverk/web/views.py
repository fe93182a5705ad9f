"""Home page, service pages and error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kommunenettverk.registry.selectors import county_list, municipality_list


@require_GET
@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/home.html",
        {
            "municipality_count": municipality_list().count(),
            "county_count": county_list().count(),
        },
    )


@require_GET
@login_not_required
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "web/about.html")


@require_GET
@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "web/accessibility.html")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    message = (
        str(exception.args[0]) if exception.args and isinstance(exception.args[0], str) else ""
    )
    return render(request, "404.html", {"message": message}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form without a valid CSRF token: explain in Norwegian, with the site's layout."""
    return render(request, "403_csrf.html", status=403)
