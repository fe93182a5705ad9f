"""SSB PxWebApi v2 requests: building the query (GET for small selections, POST for large
ones) and keeping to SSB's rate limit of 30 requests per minute. The HTTP call itself is
services.ssb_fetch; this module has no Django and no network."""

from __future__ import annotations

import json
import time
import urllib.parse
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from kommunenettverk.core.errors import DomainError

MAX_GET_URL = 2_000  # longer selections are sent as a POST body
RATE_LIMIT = 30  # requests per window (SSB: 30 per minute per IP address)
RATE_WINDOW = 60.0


class QueryError(DomainError, ValueError):
    """A --query argument is not DIMENSION=CODE[,CODE…]."""


def parse_query(items: list[str]) -> dict[str, list[str]]:
    """["Region=0301,4601", "Tid=top(5)"] → {"Region": ["0301", "4601"], "Tid": ["top(5)"]}."""
    selection: dict[str, list[str]] = {}
    for item in items:
        name, sep, codes = item.partition("=")
        if not sep or not name.strip() or not codes.strip():
            raise QueryError(f"«{item}» må skrives som DIMENSJON=KODE[,KODE…], f.eks. Tid=2024.")
        selection.setdefault(name.strip(), []).extend(
            c.strip() for c in codes.split(",") if c.strip()
        )
    return selection


@dataclass(frozen=True)
class Request:
    method: str
    url: str
    body: bytes | None


def build_request(base_url: str, table: str, selection: dict[str, list[str]]) -> Request:
    """A GET with valueCodes[...] parameters, or a POST with a JSON selection body when the
    URL would be longer than MAX_GET_URL."""
    if not table.isalnum():
        raise QueryError(f"«{table}» er ikke et tabellnummer.")
    endpoint = f"{base_url.rstrip('/')}/tables/{table}/data"
    common = {"lang": "no", "outputFormat": "json-stat2"}
    params = dict(common)
    for name, codes in selection.items():
        params[f"valueCodes[{name}]"] = ",".join(codes)
    url = f"{endpoint}?{urllib.parse.urlencode(params)}"
    if len(url) <= MAX_GET_URL:
        return Request("GET", url, None)
    body = {
        "selection": [
            {"variableCode": name, "valueCodes": codes} for name, codes in selection.items()
        ]
    }
    return Request(
        "POST", f"{endpoint}?{urllib.parse.urlencode(common)}", json.dumps(body).encode()
    )


class RateLimiter:
    """At most `limit` calls in any `window` seconds: `wait()` sleeps until a call may go."""

    def __init__(
        self,
        limit: int = RATE_LIMIT,
        window: float = RATE_WINDOW,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], object] = time.sleep,
    ) -> None:
        self.limit, self.window, self.clock, self.sleep = limit, window, clock, sleep
        self.calls: deque[float] = deque()

    def wait(self) -> float:
        """Block until a call is allowed; returns the seconds waited."""
        now = self.clock()
        while self.calls and now - self.calls[0] >= self.window:
            self.calls.popleft()
        waited = 0.0
        if len(self.calls) >= self.limit:
            waited = self.window - (now - self.calls[0])
            self.sleep(waited)
            now = self.clock()
            self.calls.popleft()
        self.calls.append(now)
        return waited
