"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium) against the real site.

The site runs in its own process (Django's server, DEBUG on) on a database of its own that is
migrated and loaded with the registry and the whole demo scenario once per session: SQLite in a
temporary folder, or a throwaway PostgreSQL database when DATABASE_URL points at PostgreSQL.
The browser signs in through the login form, as a person would.

`make test` installs the browser with apt-get when it is missing (scripts/system_packages.sh);
Playwright never downloads one here.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from kommunenettverk.accounts.demo import DEMO_DOMAIN, DEMO_PASSWORD

BASE_DIR = Path(settings.BASE_DIR)
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
AXE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@dataclass(frozen=True)
class Site:
    url: str
    pages: dict[str, str]  # page index name → path, placeholders resolved
    env: dict[str, str]

    def manage(self, *args: str) -> str:
        """Run a management command against the site's database; return its output."""
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
            timeout=900,  # migrate and load_demo on a busy machine
        )
        return result.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _database(tmp: Path) -> tuple[str, Callable[[], None]]:
    """A fresh database for the site: (DATABASE_URL, cleanup)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp / 'site.sqlite3'}", lambda: None
    import psycopg

    server, _, _ = url.rpartition("/")
    name = f"kn_browser_{os.getpid()}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"{server}/{name}", drop


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    tmp = tmp_path_factory.mktemp("site")
    database_url, cleanup = _database(tmp)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST")},
        "DATABASE_URL": database_url,
        "DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "kommunenettverk.config.settings",
        "PYTHONPATH": str(BASE_DIR / "src") + os.pathsep + str(BASE_DIR),
        "MEDIA_ROOT": str(tmp / "media"),
        # No worker runs beside the test site: background jobs (report files, email) run
        # as soon as they are queued.
        "TASKS_BACKEND": "immediate",
    }
    port = _free_port()
    site = Site(url=f"http://127.0.0.1:{port}", pages={}, env=env)
    site.manage("migrate", "--noinput")
    site.manage("load_registry")
    site.manage("load_demo")
    resolved = subprocess.run(
        [sys.executable, "-m", "tests.browser.resolve"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    site = Site(url=site.url, pages=json.loads(resolved.stdout), env=env)
    log = (tmp / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        # Up to three minutes: on a busy machine the server's imports and checks take long.
        deadline = time.monotonic() + 180
        started = False
        while not started and time.monotonic() < deadline and server.poll() is None:
            try:
                urllib.request.urlopen(site.url + "/om/", timeout=10)  # noqa: S310 - loopback
                started = True
            except OSError:
                time.sleep(0.5)
        if not started:
            pytest.fail(f"The site did not start: {(tmp / 'server.log').read_text()[-2000:]}")
        yield site
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
        cleanup()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium "
            "(scripts/system_packages.sh), or run `sudo apt-get install chromium`, "
            "or set CHROMIUM_PATH"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser: Browser, site: Site) -> Iterator[BrowserContext]:
    # bypass_csp lets the test inject axe-core; the site's own pages run under the strict CSP.
    context = browser.new_context(base_url=site.url, bypass_csp=True, locale="nb-NO")
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


LoginAs = Callable[[str], None]


@pytest.fixture
def login_as(context: BrowserContext, site: Site) -> LoginAs:
    """Sign the browser in as a demo user through the login form (HTTP, not clicks); whoever
    was signed in before is signed out first (a signed-in visit to the form signs in no one)."""

    def login(local_part: str) -> None:
        context.clear_cookies()
        context.request.get("/konto/logg-inn/")
        token = next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")
        response = context.request.post(
            "/konto/logg-inn/",
            form={
                "username": f"{local_part}@{DEMO_DOMAIN}",
                "password": DEMO_PASSWORD,
                "csrfmiddlewaretoken": token,
            },
            headers={"Referer": f"{site.url}/konto/logg-inn/"},
            max_redirects=0,
        )
        assert response.status == 302, f"login as {local_part} failed ({response.status})"

    return login


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core with the WCAG 2.1 A and AA rules; return the violations."""
    if not page.evaluate("typeof axe !== 'undefined'"):  # once per document
        page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in violations
    )
