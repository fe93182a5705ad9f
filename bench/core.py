"""What a `bench/bench_*.py` module may define, and how pages are measured.

A module defines any of:

- `PAGES: list[PageBench]` — pages to measure: median server time and SQL queries in-process
  (Django's test client against the bench database), and throughput through gunicorn
  relative to the minimal page `/helse/`;
- `setup() -> None` — called once after the database has the registry and demo data (with
  Django set up), e.g. to load a national-size data set;
- `run() -> list[Result]` — other measurements (imports, analytics), printed as they are.
"""

from __future__ import annotations

import multiprocessing
import socket
import statistics
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

HOST = "127.0.0.1"


@dataclass(frozen=True)
class PageBench:
    """A page to measure. `path` may name demo objects by the page index's placeholders
    (`/planer/mal/<goal:1804>/`, tests/browser/placeholders.py); `url()` resolves them.
    `max_ms`: a target for Django's time to render it without the page cache."""

    label: str
    path: str
    as_user: str | None = None  # a demo user's e-mail address
    max_ms: float | None = None

    def url(self) -> str:
        """The path with its placeholders replaced by demo keys (needs the demo database)."""
        if "<" not in self.path:
            return self.path
        from tests.browser.placeholders import resolve_args

        return "/".join(resolve_args(tuple(self.path.split("/"))))


@dataclass
class Result:
    label: str
    median_ms: float
    queries: int | None = None
    uncached_ms: float | None = None
    uncached_queries: int | None = None
    rps: float | None = None
    ratio: float | None = None
    note: str = ""
    goal: str = ""  # the target it is held to, e.g. "≥ 50 % av minimal innlogget"
    met: bool | None = None  # whether it holds (None: no target)


def client_for(page: PageBench) -> Client:
    client = Client(SERVER_NAME=HOST)
    if page.as_user:
        from kommunenettverk.accounts.models import User

        client.force_login(User.objects.get(email=page.as_user))
    return client


def server_time(page: PageBench, *, repeat: int, cached: bool = True) -> tuple[float, int]:
    """Median milliseconds for Django to answer the page, and the SQL queries it makes
    (with the public page cache as configured, or with it turned off)."""
    if not cached:
        with override_settings(PUBLIC_PAGE_CACHE_SECONDS=0):
            return server_time(page, repeat=repeat)
    client = client_for(page)
    url = page.url()
    times: list[float] = []
    queries = 0
    for _ in range(repeat + 2):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        queries = len(captured.captured_queries)
    reset_queries()
    return statistics.median(times[2:]), queries


def session_cookie(page: PageBench) -> str:
    if not page.as_user:
        return ""
    client = client_for(page)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _hammer(args: tuple[int, str, str, float]) -> int:
    """One client process: sequential HTTP/1.0 GETs for `seconds`; returns the 200s."""
    port, path, cookie, seconds = args
    request = f"GET {path} HTTP/1.0\r\nHost: {HOST}\r\n"
    if cookie:
        request += f"Cookie: {cookie}\r\n"
    payload = (request + "\r\n").encode()
    done = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.create_connection((HOST, port), timeout=30) as sock:
            sock.sendall(payload)
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        head = b"".join(chunks[:1])
        if not head.startswith(b"HTTP/1.0 200") and not head.startswith(b"HTTP/1.1 200"):
            raise RuntimeError(f"{path}: {head[:80]!r}")
        done += 1
    return done


def throughput(port: int, path: str, *, cookie: str, seconds: float, clients: int) -> float:
    """Requests per second that gunicorn serves for `path` to `clients` parallel clients."""
    with multiprocessing.Pool(clients) as pool:
        start = time.monotonic()
        counts = pool.map(_hammer, [(port, path, cookie, seconds)] * clients)
        elapsed = time.monotonic() - start
    return sum(counts) / elapsed
