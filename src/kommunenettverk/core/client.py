"""The client's address: the one function every limit and log uses (axes' lock-out, API
throttling, citizen sign-in limits, password reset limits).

Without a proxy the address is the connection's (`REMOTE_ADDR`); a client's own
`X-Forwarded-For` is never trusted. Behind our own proxies (`BEHIND_TLS_PROXY=true`, with
`TRUSTED_PROXY_COUNT` of them, 1 by default) every request comes from the last proxy, and each
proxy appends the address it saw to `X-Forwarded-For`: the client is the entry that the first
of our proxies appended, `TRUSTED_PROXY_COUNT` from the end. Entries before it were written by
the client and are ignored.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_ip(request: HttpRequest) -> str:
    """The address of the client that sent `request` (see the module docstring)."""
    remote = str(request.META.get("REMOTE_ADDR", "") or "")
    proxies: int = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        # Fewer hops than proxies: the request did not pass through all of them.
        return remote
    candidate = forwarded[-proxies]
    return candidate if _valid(candidate) else remote
