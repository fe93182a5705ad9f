"""Mine oppgaver and the confirmation of irreversible actions, in a real browser: the national
coordinator signs in, lands on the task list, follows an application and approves it through
the confirmation dialog by keyboard; without JavaScript the same button asks on a page."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from kommunenettverk.accounts.demo import DEMO_DOMAIN, DEMO_PASSWORD
from tests.browser.conftest import Site, axe_violations, describe
from tests.browser.test_keyboard import _tab_to


def _applications(page: Page) -> list[str]:
    links = page.locator("[data-task-kind=participation_decide] a")
    return [links.nth(i).get_attribute("href") or "" for i in range(links.count())]


def test_national_coordinator_lands_on_tasks_and_approves_through_the_dialog(page: Page) -> None:
    page.goto("/konto/logg-inn/")
    page.locator("#id_username").fill(f"nasjonal@{DEMO_DOMAIN}")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/oppgaver/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mine oppgaver")
    applications = _applications(page)
    assert applications, "the demo has applications waiting for the national coordinator"
    count = page.locator("[data-task-kind]").count()
    expect(page.locator("#site-menu nav")).to_contain_text(f"Mine oppgaver ({count})")
    assert not axe_violations(page), describe(axe_violations(page))

    href = applications[0]
    _tab_to(page, f"main a[href='{href}']", limit=150)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(href) + "$"))
    approve = "main form[action$='/godkjenn/'] button"
    _tab_to(page, approve, limit=150)
    page.keyboard.press("Enter")
    dialog = page.locator("#confirm-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Godkjenne søknaden fra")
    expect(page.locator("[data-confirm-cancel]")).to_be_focused()  # the safe choice first
    assert not axe_violations(page), describe(axe_violations(page))
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator(approve)).to_be_focused()  # focus returns to the button
    expect(page.locator("main")).to_contain_text("Godkjenn søknaden")  # nothing happened

    page.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    page.keyboard.press("Shift+Tab")
    expect(page.locator("[data-confirm-accept]")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("er godkjent som deltaker")

    page.goto("/oppgaver/")
    assert href not in _applications(page)  # done: it left the list by itself


def test_without_javascript_the_confirmation_is_a_page(browser: Browser, site: Site) -> None:
    context = browser.new_context(
        base_url=site.url, bypass_csp=True, locale="nb-NO", java_script_enabled=False
    )
    try:
        page = context.new_page()
        # Sign in through the form: the no-JS context has its own cookies.
        page.goto("/konto/logg-inn/")
        page.locator("#id_username").fill(f"nasjonal@{DEMO_DOMAIN}")
        page.locator("#id_password").fill(DEMO_PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_url(re.compile(r"/oppgaver/$"))
        applications = _applications(page)
        assert applications, "the demo has a second application waiting"
        page.goto(applications[0])
        page.locator("main form[action$='/godkjenn/'] button").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Godkjenne søknaden fra")
        page.get_by_role("link", name="Avbryt").click()
        page.wait_for_url(re.compile(re.escape(applications[0]) + "$"))
        page.locator("main form[action$='/godkjenn/'] button").click()
        page.get_by_role("button", name="Godkjenn søknaden").click()
        expect(page.get_by_role("status")).to_contain_text("er godkjent som deltaker")
    finally:
        context.close()
