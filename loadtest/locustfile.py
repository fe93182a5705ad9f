"""Locust users for `make loadtest`: anonymous visitors on the public pages (loadtest/paths.py).

Started by `python -m loadtest`, which passes the paths in LOADTEST_PATHS_FILE. Refuses any
host but 127.0.0.1: this machine's own server is the only allowed target.
"""

from __future__ import annotations

import json
import os
import random

from locust import HttpUser, between, events, task
from locust.env import Environment

from loadtest.paths import check_host

WAIT = [float(x) for x in os.environ.get("LOADTEST_WAIT", "0.5-1.5").split("-")]
with open(os.environ["LOADTEST_PATHS_FILE"], encoding="utf-8") as handle:
    PATHS: list[dict[str, object]] = json.load(handle)


@events.test_start.add_listener  # type: ignore[untyped-decorator]  # locust's hook is untyped
def _only_loopback(environment: Environment, **_kwargs: object) -> None:
    check_host(environment.host or "")


class Visitor(HttpUser):
    wait_time = between(WAIT[0], WAIT[-1])

    @task
    def visit(self) -> None:
        entry = random.choices(PATHS, weights=[int(str(p["weight"])) for p in PATHS])[0]  # noqa: S311
        with self.client.get(
            str(entry["path"]), name=str(entry["label"]), catch_response=True
        ) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code} for {entry['path']}")
