"""Counting limits kept in the shared cache (Redis with CACHE_URL, so every web process and
machine counts together; each process's memory without it).

`rate_limit_hit(scope, ident, limit=…, window_seconds=…)` counts one attempt by `ident` (an
email address, a client address from `core.client.client_ip`) in the current window of
`window_seconds` and says whether it is within `limit`. Refused attempts count too, so hammering
does not shorten the wait. The identity is hashed before it becomes a cache key: the cache holds
no addresses. While the cache is unreachable the limit lets the attempt through and logs it,
like the API's throttling: a Redis outage must not stop people from signing in.
"""

from __future__ import annotations

import hashlib
import logging
import time

from django.core.cache import cache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _key(scope: str, ident: str, window: int) -> str:
    digest = hashlib.sha256(ident.strip().lower().encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}:{window}"


def rate_limit_hit(scope: str, ident: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt of `ident` under `scope`; True when it is within the limit."""
    window = int(time.time() // window_seconds)
    key = _key(scope, ident, window)
    try:
        cache.add(key, 0, timeout=window_seconds + 60)
        try:
            count = cache.incr(key)
        except ValueError:  # the key expired between add and incr
            cache.set(key, 1, timeout=window_seconds + 60)
            count = 1
    except RedisError:
        logger.warning("Rate limit %s skipped: the cache is unreachable", scope)
        return True
    return count <= limit
