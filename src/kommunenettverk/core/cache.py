"""Whole-page cache for public pages seen by anonymous visitors (docs/performance.md).

Public pages are the same for every anonymous visitor except for the CSRF token in their forms
(the language switch). The first visitor's page is stored with its tokens replaced by a
placeholder; later visitors get the stored page with a fresh token of their own. Signed-in
visitors (also citizens signed in by email link: `personal_session_key_register`), POSTs, and
visitors with a pending message always get a freshly rendered page. Only
HTML pages are stored: a download the same view answers (a CSV file for `?csv=…`) keeps its
headers by being rendered each time.

A page is kept for `PUBLIC_PAGE_CACHE_SECONDS` (default 60). Services that change what public
pages show call `public_pages_changed()`, which drops every stored page in this process at once
(with a shared cache such as Redis, in every process; with the default per-process memory
cache, other workers catch up within the timeout).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

_TOKEN_RE = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_PLACEHOLDER = b"\x00csrf\x00"
_VERSION_KEY = "public-pages:version"

View = TypeVar("View", bound=Callable[..., HttpResponse])


def public_pages_changed() -> None:
    """Call after a write that changes what public pages show."""
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 1, None)


# Session keys that make a visitor's pages personal without a staff login (e.g. a citizen
# signed in by email link sees their name in the header); apps register theirs.
_PERSONAL_SESSION_KEYS: set[str] = set()


def personal_session_key_register(key: str) -> None:
    """Pages of a visitor whose session holds `key` are personal: never stored or served
    from the page cache."""
    _PERSONAL_SESSION_KEYS.add(key)


def _cacheable(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and "messages" not in request.COOKIES
        and not request.user.is_authenticated
        and not any(key in request.session for key in _PERSONAL_SESSION_KEYS)
    )


def _key(request: HttpRequest) -> str:
    version = cache.get_or_set(_VERSION_KEY, 1, None)
    variant = "|".join(
        [
            get_language() or "",
            request.headers.get("HX-Request", ""),
            request.headers.get("HX-Boosted", ""),
            request.get_full_path(),
        ]
    )
    digest = hashlib.sha256(variant.encode()).hexdigest()
    return f"public-page:{version}:{digest}"


def public_page_cache(view: View) -> View:
    """Serve the view's 200 answers from the page cache for anonymous visitors."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        stored: tuple[bytes, str] | None = cache.get(key)
        if stored is None:
            response = view(request, *args, **kwargs)
            # Only HTML pages are stored; downloads (open data files) keep their headers.
            if (
                response.status_code == 200
                and not response.streaming
                and response["Content-Type"].startswith("text/html")
                and not response.has_header("Content-Disposition")
            ):
                body = _TOKEN_RE.sub(rb"\1" + _PLACEHOLDER + rb"\2", response.content)
                cache.set(key, (body, response["Content-Type"]), settings.PUBLIC_PAGE_CACHE_SECONDS)
            return response
        body, content_type = stored
        token = get_token(request).encode()
        return HttpResponse(body.replace(_PLACEHOLDER, token), content_type=content_type)

    return cast(View, wrapped)
