"""axe-core (WCAG 2.1 A and AA) on every page in the page index, in a real Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import LoginAs, Site, axe_violations, describe
from tests.browser.pages import PAGES

VISITABLE = sorted(name for name, spec in PAGES.items() if not spec.not_a_page)


@pytest.mark.parametrize("name", VISITABLE)
def test_page_has_no_axe_violations(page: Page, login_as: LoginAs, site: Site, name: str) -> None:
    spec = PAGES[name]
    if spec.as_user:
        login_as(spec.as_user)
    url = site.pages[name]
    response = page.goto(url)
    assert response is not None
    assert response.status == 200, f"{url} answered {response.status}"
    violations = axe_violations(page)
    assert not violations, f"{url}:\n{describe(violations)}"


def test_form_with_errors_has_no_axe_violations(page: Page, login_as: LoginAs) -> None:
    login_as("koordinator.bodo")
    page.goto("/kommuner/1804/rediger/")
    page.fill("#id_website", "ikke en adresse")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_selector(".ds-error-summary")
    assert not axe_violations(page), describe(axe_violations(page))


def test_pages_run_without_console_errors_under_the_csp(page: Page) -> None:
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto("/kommuner/")
    page.fill("#id_q", "Bodø")
    page.wait_for_function("document.querySelector('#results').textContent.includes('1 kommune')")
    assert errors == []


def test_lock_out_and_csrf_pages_have_no_axe_violations(page: Page) -> None:
    # An address of its own: the lock-out holds for 15 minutes on the shared demo site.
    page.goto("/konto/logg-inn/")
    for _ in range(5):
        page.fill("#id_username", "sperret.test@example.org")
        page.fill("#id_password", "feil-passord")
        page.get_by_role("button", name="Logg inn").click()
    page.wait_for_selector("text=For mange innloggingsforsøk")
    assert not axe_violations(page), describe(axe_violations(page))
    page.context.clear_cookies()  # no CSRF cookie: the next POST is refused
    page.goto("/konto/logg-inn/")
    page.context.clear_cookies()
    page.fill("#id_username", "x@example.org")
    page.fill("#id_password", "x")
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_selector("text=Skjemaet er utløpt")
    assert not axe_violations(page), describe(axe_violations(page))
