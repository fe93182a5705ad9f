"""Login lock-out (django-axes): how attempts are counted and what a locked-out person sees."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def login_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The e-mail address of a login attempt, as the login form reads it (case-insensitive).

    Without this, `Kari@example.org` and `kari@example.org` would be counted as two accounts.
    """
    source: Any = credentials if credentials else request.POST
    return str(source.get(settings.AXES_USERNAME_FORM_FIELD) or "").strip().lower()


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The page shown instead of the login form while an e-mail address and IP are locked."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(
        request,
        "accounts/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
    response["Retry-After"] = str(minutes * 60)
    return response
