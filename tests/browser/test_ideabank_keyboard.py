"""Keyboard-only: search the idea bank and open an example."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)


def _tab_to(page: Page, selector: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_search_the_idea_bank_with_keyboard_only(
    page: Page, ideabank_examples: dict[str, str]
) -> None:
    page.goto(reverse("web:home"))
    _tab_to(page, "a[href='/idebank/']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/idebank/$"))
    _tab_to(page, "#id_q")
    page.keyboard.type("klimaplanen")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/idebank/\?q=klimaplanen"))
    # Both published fixture examples mention the plan; the title match comes first.
    expect(page.locator("#results [role=status]")).to_have_text("2 eksempler passer «klimaplanen»")
    expect(page.locator("#results li h3").first).to_have_text("Klimaplan for Bodø")
    expect(page.locator("#results mark").first).to_be_visible()
    link = f"a[href='/idebank/eksempler/{ideabank_examples['@published']}/']"
    _tab_to(page, link)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/idebank/eksempler/\d+/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Klimaplan for Bodø")


def test_empty_search_is_explained(page: Page, ideabank_examples: dict[str, str]) -> None:
    page.goto(reverse("ideabank:example_list"))
    _tab_to(page, "#id_q")
    page.keyboard.press("Enter")
    expect(page.locator("#results .ds-alert")).to_contain_text("Skriv ett eller flere ord")
