"""PostgreSQL stops while gunicorn serves: a Norwegian 503 meanwhile, recovery without restart."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

from tests.stack import Postgres, gunicorn, site_env

PAGES = ["/", "/kommuner/", "/kommuner/1804/", "/kommuner/fylker/18/"]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - 127.0.0.1
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class _Load(threading.Thread):
    """Requests the public pages in a loop, as a visitor would, and counts the answers."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.base = base
        self.stop = threading.Event()
        self.statuses: Counter[int] = Counter()
        self.unexpected: list[str] = []

    def run(self) -> None:
        while not self.stop.is_set():
            for path in PAGES:
                status, body = _get(self.base + path)
                self.statuses[status] += 1
                if status == 503 and "midlertidig utilgjengelig" not in body:
                    self.unexpected.append(f"{path}: 503 without the Norwegian page")
                elif status not in (200, 503):
                    self.unexpected.append(f"{path}: {status}")


def test_site_answers_503_while_postgresql_is_down_and_recovers(
    cluster: Postgres, site_template: str, static: Path
) -> None:
    # The public page cache keeps serving pages it already holds while the database is down
    # (good for visitors); off here, so every request needs the database.
    env = site_env(
        cluster.createdb("kn_outage", template=site_template),
        static,
        PUBLIC_PAGE_CACHE_SECONDS="0",
    )
    with gunicorn(env, workers=2) as base:
        for path in PAGES:
            assert _get(base + path)[0] == 200
        load = [_Load(base) for _ in range(3)]
        for thread in load:
            thread.start()
        time.sleep(1)
        cluster.stop()
        try:
            time.sleep(2)
            status, body = _get(base + "/kommuner/1804/")
            assert status == 503
            assert "Tjenesten er midlertidig utilgjengelig" in body
            assert '<html lang="nb">' in body
            assert _get(base + "/helse/database/")[0] == 503
            assert _get(base + "/helse/") == (200, "ok")  # the workers themselves are alive
        finally:
            cluster.start()
        deadline = time.monotonic() + 15
        while _get(base + "/kommuner/1804/")[0] != 200:
            assert time.monotonic() < deadline, "the site did not recover within 15 s"
            time.sleep(0.2)
        time.sleep(1)
        for thread in load:
            thread.stop.set()
        for thread in load:
            thread.join(timeout=15)
        for path in PAGES:
            status, _body = _get(base + path)
            assert status == 200, f"{path} answered {status} after recovery"
    statuses = sum((thread.statuses for thread in load), Counter[int]())
    assert statuses[503] > 0 and statuses[200] > 0, statuses
    assert [m for thread in load for m in thread.unexpected] == []
