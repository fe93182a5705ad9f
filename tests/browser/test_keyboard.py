"""Keyboard-only walks through the main flows of the foundation: log in, use the directory."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import LoginAs


def _tab_to(page: Page, selector: str, limit: int = 40) -> None:
    """Press Tab until the element matching `selector` has focus (as a keyboard user would)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_skip_link_is_first_and_moves_focus_to_main(page: Page) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Hopp til hovedinnhold"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_login_with_keyboard_only(page: Page) -> None:
    page.goto("/")
    _tab_to(page, "a[href='/konto/logg-inn/']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/konto/logg-inn/"))
    _tab_to(page, "#id_username")
    page.keyboard.type("koordinator.bodo@demo.kommunenettverk.no")
    page.keyboard.press("Tab")
    page.keyboard.type("demo-passord-2026")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/oppgaver/"))  # people land on their tasks
    expect(page.get_by_role("heading", name="Mine oppgaver")).to_be_visible()


def test_wrong_password_is_announced(page: Page) -> None:
    page.goto("/konto/logg-inn/")
    _tab_to(page, "#id_username")
    page.keyboard.type("koordinator.bodo@demo.kommunenettverk.no")
    page.keyboard.press("Tab")
    page.keyboard.type("feil-passord")
    page.keyboard.press("Enter")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Feil e-postadresse eller passord")


def test_directory_search_with_keyboard_only(page: Page) -> None:
    page.goto("/")
    _tab_to(page, "#home-q")
    page.keyboard.type("Kautokeino")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/kommuner/\?q=Kautokeino"))
    _tab_to(page, "a[href='/kommuner/5612/']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/kommuner/5612/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Guovdageaidnu - Kautokeino")


def test_directory_county_filter_with_keyboard_updates_results(page: Page) -> None:
    page.goto("/kommuner/")
    _tab_to(page, "#id_fylke")
    page.keyboard.press("Tab")  # to the submit button
    page.keyboard.press("Shift+Tab")
    page.select_option("#id_fylke", "56")  # a keyboard user picks with arrow keys; same event
    expect(page.locator("#results [role=status]")).to_have_text("18 kommuner")


def test_update_a_measure_with_keyboard_only(page: Page, login_as: LoginAs) -> None:
    login_as("koordinator.bodo")
    page.goto("/planer/kommuner/1804/")
    _tab_to(page, "a[href^='/planer/tiltak/']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/planer/tiltak/\d+/"))
    _tab_to(page, "#id_status")
    page.select_option("#id_status", "in_progress")  # arrow keys on a focused select
    page.keyboard.press("Tab")
    page.keyboard.press("Control+a")
    page.keyboard.type("55")
    page.keyboard.press("Tab")
    page.keyboard.type("Oppdatert med tastatur")
    _tab_to(page, "#status button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("#status")).to_contain_text("55 % gjennomført")
    expect(page.locator("#measure-status-saved")).not_to_be_empty()  # read by screen readers
    expect(page.get_by_role("cell", name="Oppdatert med tastatur")).to_be_visible()
