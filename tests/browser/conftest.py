"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium) against live_server.

Install the browser with `apt-get install chromium`; Playwright never downloads one here.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from kommunenettverk.accounts.demo import DEMO_DOMAIN, demo_accounts_load
from kommunenettverk.accounts.models import User

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
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


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo(registry: None) -> None:
    demo_accounts_load()


@pytest.fixture
def context(browser: Browser, live_server: Any, demo: None) -> Iterator[BrowserContext]:
    # bypass_csp lets the test inject axe-core; the site's own pages run under the strict CSP.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="nb-NO")
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def ideabank_examples(demo: None) -> dict[str, str]:
    """A published, an in-review and a draft example in Bodø, and a digest subscription; their
    ids for the page index's "@…" arguments."""
    from kommunenettverk.ideabank.models import Subscription
    from kommunenettverk.ideabank.tests.factories import make_example
    from kommunenettverk.registry.models import KsRegion

    published = make_example(
        "1804", title="Klimaplan for Bodø", links=[("Planen", "https://example.org/plan")]
    )
    make_example("1841", title="Turstier i Fauske", themes=["quality_of_life_health"])
    in_review = make_example("1804", status="in_review", title="Ombruk i skolene")
    draft = make_example("1804", status="draft", title="Lokalmat i kantina")
    subscription = Subscription.objects.create(
        email="abonnent@example.org", region=KsRegion.objects.get(code="nord")
    )
    return {
        "@published": str(published.pk),
        "@in_review": str(in_review.pk),
        "@draft": str(draft.pk),
        "@subscription": subscription.token,
    }


LoginAs = Callable[[str], None]


@pytest.fixture
def login_as(context: BrowserContext, live_server: Any) -> LoginAs:
    """Sign the browser in as a demo user (by session cookie, not through the form)."""

    def login(local_part: str) -> None:
        client = Client()
        client.force_login(User.objects.get(email=f"{local_part}@{DEMO_DOMAIN}"))
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])

    return login


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core with the WCAG 2.1 A and AA rules; return the violations."""
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
