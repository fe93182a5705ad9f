"""The citizen signed in by email link, for the page header (community/_citizen_status.html)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from kommunenettverk.community.views.common import citizen_from


def signed_in_citizen(request: HttpRequest) -> dict[str, Any]:
    """Lazy: read (one query, and only with the session key set) when a template asks."""
    return {"signed_in_citizen": SimpleLazyObject(lambda: citizen_from(request))}
