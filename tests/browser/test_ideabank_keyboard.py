"""Keyboard-only: search the idea bank and open an example."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


def _tab_to(page: Page, selector: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_search_the_idea_bank_with_keyboard_only(page: Page) -> None:
    page.goto("/")
    _tab_to(page, "a[href='/idebank/']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/idebank/$"))
    _tab_to(page, "#id_q")
    page.keyboard.type("klimaplanen")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/idebank/\?q=klimaplanen"))
    # Stemming: the demo's examples say "klimaplan"; the search word is "klimaplanen".
    expect(page.locator("#results [role=status]")).to_contain_text("passer «klimaplanen»")
    expect(page.locator("#results mark").first).to_be_visible()
    first = page.locator("#results li h3").first.inner_text()
    _tab_to(page, "#results li h3 a")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/idebank/eksempler/\d+/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(first)


def test_empty_search_is_explained(page: Page) -> None:
    page.goto("/idebank/")
    _tab_to(page, "#id_q")
    page.keyboard.press("Enter")
    expect(page.locator("#results .ds-alert")).to_contain_text("Skriv ett eller flere ord")
