"""The header on a phone and on a desk: a menu button that folds the menu away on narrow
screens (keyboard and screen reader alike), the menu on one line at 1280 px, and a menu that
stays reachable without JavaScript."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.browser.conftest import LoginAs, Site

PHONE: ViewportSize = {"width": 390, "height": 844}


def test_phone_menu_opens_and_closes_by_keyboard(page: Page, login_as: LoginAs) -> None:
    login_as("koordinator.bodo")
    page.set_viewport_size(PHONE)
    page.goto("/")
    header = page.locator(".site-header").bounding_box()
    assert header is not None and header["height"] < 100, header  # was ~300 px of 844
    button = page.get_by_role("button", name="Meny")
    menu_link = page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name=re.compile("^Mine oppgaver")
    )
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(menu_link).to_be_hidden()
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu_link).to_be_visible()
    page.keyboard.press("Tab")  # into the menu, the first link
    expect(menu_link).to_be_focused()
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    expect(menu_link).to_be_hidden()


def test_desk_menu_fits_on_one_line(page: Page, login_as: LoginAs) -> None:
    login_as("koordinator.bodo")  # the longest menu: a municipality's plans and indicators
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/")
    expect(page.get_by_role("button", name="Meny")).to_be_hidden()
    tops = page.locator(".site-header a, .site-header button:visible").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); return r.top + r.height / 2; })"
    )
    assert len(tops) >= 8
    assert max(tops) - min(tops) <= 4, tops  # logo, every menu item and the tools: one row


def test_without_javascript_the_menu_is_open(browser: Browser, site: Site) -> None:
    context = browser.new_context(base_url=site.url, java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto("/")
    nav = page.get_by_role("navigation", name="Hovedmeny")
    expect(nav.get_by_role("link", name="Kommuner")).to_be_visible()
    expect(page.get_by_role("button", name="Meny")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def test_favicon_answers(page: Page) -> None:
    response = page.goto("/favicon.ico")
    assert response is not None and response.status == 200
    assert response.headers["content-type"].startswith("image/svg+xml")


def test_a_gatherings_programme_prints_without_menus_and_buttons(
    page: Page, login_as: LoginAs
) -> None:
    login_as("deltaker.bodo")
    page.goto("/nettverk/helse-og-miljo-salten/samlinger/3/")
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    assert page.locator("main button:visible").count() == 0
    page.emulate_media(media="screen")
    expect(page.locator(".site-header")).to_be_visible()
