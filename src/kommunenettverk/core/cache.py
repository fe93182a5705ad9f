"""Whole-page cache for public pages seen by anonymous visitors (docs/performance.md).

Public pages are the same for every anonymous visitor except for the CSRF token in their forms
(the language switch). The first visitor's page is stored with its tokens replaced by a
placeholder; later visitors get the stored page with a fresh token of their own. Signed-in
visitors (also citizens signed in by email link: `personal_session_key_register`), POSTs, and
visitors with a pending message always get a freshly rendered page. Only
HTML pages are stored: a download the same view answers (a CSV file for `?csv=…`) keeps its
headers by being rendered each time.

A page is kept for `PUBLIC_PAGE_CACHE_SECONDS` (default 60). Services that change what public
pages show call `public_pages_changed()`, which gives the stored pages a new version token, so
every page stored before is passed over at once. With the shared cache (`CACHE_URL=redis://…`,
docs/deployment.md) that holds in every worker on every machine; with the default per-process
memory cache only in the process that made the change, and other workers catch up within the
timeout. The token is random, never a counter: a version key lost from Redis (evicted,
restarted) can never bring back pages stored under an earlier version.

A cache that cannot be reached (Redis down) costs speed, never the page: the view is rendered
as if the cache were off, and the failure is logged.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import secrets
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language
from redis.exceptions import RedisError

_TOKEN_RE = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_PLACEHOLDER = b"\x00csrf\x00"
_VERSION_KEY = "public-pages:version"

View = TypeVar("View", bound=Callable[..., HttpResponse])
logger = logging.getLogger(__name__)


def _new_version() -> str:
    return secrets.token_hex(8)


def public_pages_changed() -> None:
    """Call after a write that changes what public pages show: every stored page is dropped
    for every process that shares the cache."""
    try:
        cache.set(_VERSION_KEY, _new_version(), None)
    except RedisError:
        logger.warning("Public page cache unreachable: could not drop the stored pages")


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
    version = cache.get_or_set(_VERSION_KEY, _new_version, None)
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
        try:
            key = _key(request)
            stored: tuple[bytes, str] | None = cache.get(key)
        except RedisError:
            logger.warning("Public page cache unreachable: %s rendered without it", request.path)
            return view(request, *args, **kwargs)
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
                try:
                    cache.set(
                        key, (body, response["Content-Type"]), settings.PUBLIC_PAGE_CACHE_SECONDS
                    )
                except RedisError:
                    logger.warning("Public page cache unreachable: %s not stored", request.path)
            return response
        body, content_type = stored
        token = get_token(request).encode()
        return HttpResponse(body.replace(_PLACEHOLDER, token), content_type=content_type)

    return cast(View, wrapped)
