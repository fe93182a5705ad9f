"""Locust users for `make loadtest`: anonymous visitors on the public pages (loadtest/paths.py)
and signed-in people at work (loadtest/signed_in.py): municipal coordinators, advisers and one
national coordinator, with writes.

Started by `python -m loadtest`, which passes the paths and sessions in LOADTEST_PATHS_FILE.
Refuses any host but 127.0.0.1: this machine's own server is the only allowed target.
"""

from __future__ import annotations

import itertools
import json
import os
import random
from typing import Any

from locust import HttpUser, between, events, task
from locust.env import Environment

from loadtest.forms import form_data
from loadtest.paths import check_host

WAIT = [float(x) for x in os.environ.get("LOADTEST_WAIT", "0.5-1.5").split("-")]
with open(os.environ["LOADTEST_PATHS_FILE"], encoding="utf-8") as handle:
    PLAN: dict[str, Any] = json.load(handle)
PATHS: list[dict[str, object]] = PLAN["public"]
URLS: dict[str, str] = PLAN["signed_in"]["urls"]
SESSIONS: dict[str, list[str]] = PLAN["signed_in"]["sessions"]
COOKIE: str = PLAN["signed_in"]["cookie"]
_NEXT = {role: itertools.cycle(cookies) for role, cookies in SESSIONS.items()}
_SERIAL = itertools.count(1)


@events.test_start.add_listener  # type: ignore[untyped-decorator]  # locust's hook is untyped
def _only_loopback(environment: Environment, **_kwargs: object) -> None:
    check_host(environment.host or "")


class Visitor(HttpUser):
    weight = 10
    wait_time = between(WAIT[0], WAIT[-1])

    @task
    def visit(self) -> None:
        entry = random.choices(PATHS, weights=[int(str(p["weight"])) for p in PATHS])[0]  # noqa: S311
        with self.client.get(
            str(entry["path"]), name=str(entry["label"]), catch_response=True
        ) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code} for {entry['path']}")


class _SignedIn(HttpUser):
    abstract = True
    role = ""
    wait_time = between(WAIT[0], WAIT[-1])

    def on_start(self) -> None:
        self.client.cookies.set(COOKIE, next(_NEXT[self.role]))

    def read(self, key: str, label: str) -> str:
        with self.client.get(URLS[key], name=label, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code} for {URLS[key]}")
            return str(r.text)

    def submit(
        self, key: str, label: str, field: str, changes: dict[str, Any], *, page: str = ""
    ) -> None:
        """Open the form (on its own page or on `page`), change some fields, post it: a
        redirect is success, anything else (the form shown again with errors) a failure."""
        html = self.read(page or key, f"{label} (skjema)")
        try:
            data: dict[str, Any] = {**form_data(html, field), **changes}
        except LookupError as error:
            self.environment.events.request.fire(
                request_type="POST",
                name=label,
                response_time=0,
                response_length=0,
                exception=error,
                context={},
            )
            return
        data = {k: v for k, v in data.items() if v is not None}
        with self.client.post(
            URLS[key], data=data, name=label, allow_redirects=False, catch_response=True
        ) as r:
            if r.status_code not in (302, 303):
                r.failure(f"{r.status_code} for POST {URLS[key]}")


class Coordinator(_SignedIn):
    """A municipal coordinator (Bodø): plans, goals, measures, gatherings."""

    weight = 6
    role = "coordinator"

    @task(3)
    def my_tasks(self) -> None:
        self.read("tasks", "innlogget: Mine oppgaver (koordinator)")

    @task(2)
    def strategy(self) -> None:
        self.read("strategy", "innlogget: strategioversikt")

    @task(2)
    def goal(self) -> None:
        self.read("goal", "innlogget: målside")

    @task(1)
    def indicators(self) -> None:
        self.read("indicators", "innlogget: indikatorer i kommunen")

    @task(1)
    def gathering(self) -> None:
        self.read("gathering", "innlogget: samling")

    @task(1)
    def goal_edit(self) -> None:
        n = next(_SERIAL)
        self.submit(
            "goal_edit",
            "skriv: rediger mål",
            "statement",
            {"rationale": f"Begrunnelse oppdatert i lasttesten ({n})."},
        )

    @task(1)
    def measure_edit(self) -> None:
        n = next(_SERIAL)
        self.submit(
            "measure_edit",
            "skriv: rediger tiltak",
            "title",
            {"description": f"Beskrivelse oppdatert i lasttesten ({n})."},
        )

    @task(1)
    def register(self) -> None:
        n = next(_SERIAL)
        self.submit(
            "register",
            "skriv: meld på til samling",
            "name",
            {"myself": None, "name": f"Deltaker {n}", "role": "professional", "email": ""},
        )


class Adviser(_SignedIn):
    """A KS adviser (Nord): the network's page, annual reports to comment."""

    weight = 3
    role = "adviser"

    @task(2)
    def my_tasks(self) -> None:
        self.read("tasks", "innlogget: Mine oppgaver (rådgiver)")

    @task(4)
    def network(self) -> None:
        self.read("network", "innlogget: nettverksside")

    @task(1)
    def gathering(self) -> None:
        self.read("gathering", "innlogget: samling")

    @task(1)
    def comment(self) -> None:
        n = next(_SERIAL)
        self.submit(
            "report_comment",
            "skriv: kommenter årsrapport",
            "text",
            {"text": f"Kommentar fra lasttesten ({n}).", "entry": ""},
            page="report",
        )


class National(_SignedIn):
    """The one national coordinator: the task list, and a file imported now and then."""

    fixed_count = 1
    role = "national"
    wait_time = between(5, 10)

    @task(3)
    def my_tasks(self) -> None:
        self.read("tasks", "innlogget: Mine oppgaver (nasjonal)")

    @task(1)
    def import_file(self) -> None:
        template = self.client.get(URLS["import_file"], name="innlogget: importmal")
        html = self.read("upload", "skriv: importer fil (skjema)")
        try:
            data = form_data(html, "indicator_code")
        except LookupError as error:
            self.environment.events.request.fire(
                request_type="POST",
                name="skriv: importer fil",
                response_time=0,
                response_length=0,
                exception=error,
                context={},
            )
            return
        with self.client.post(
            URLS["upload"],
            data=data,
            files={"file": ("lasttest.csv", template.content, "text/csv")},
            name="skriv: importer fil",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code not in (302, 303):
                r.failure(f"{r.status_code} for POST {URLS['upload']}")
