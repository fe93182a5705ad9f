"""Long lists to choose from (core/picker.js): found by typing, chosen by keyboard only."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import LoginAs, Site, axe_violations, describe
from tests.browser.test_keyboard import _tab_to


def _visible_rows(page: Page, name: str) -> int:
    rows = page.locator(f"#id_{name}_list .checkbox-row")
    return int(rows.evaluate_all("(rows) => rows.filter((r) => r.offsetParent !== null).length"))


def test_choose_examples_and_indicators_by_filtering_with_keyboard_only(
    page: Page, login_as: LoginAs, site: Site
) -> None:
    login_as("koordinator.bodo")
    page.goto(site.pages["policy_input:create_municipal"])
    expect(page.locator("[data-picker-filter]").first).to_be_visible()  # the script ran
    assert not axe_violations(page), describe(axe_violations(page))
    total = page.locator("#id_examples_list .checkbox-row").count()
    assert total > 20  # the demo's published examples: a list that needs a filter
    wanted = page.locator("#id_examples_list label").nth(total // 2).inner_text().strip()
    _tab_to(page, "#id_title")
    page.keyboard.type("Innspill valgt med tastatur")
    _tab_to(page, "#id_problem")
    page.keyboard.type("Regelverket hindrer samarbeid.")
    _tab_to(page, "#id_proposal")
    page.keyboard.type("Endre forskriften.")
    _tab_to(page, "#id_addressee")
    page.keyboard.press("ArrowDown")
    _tab_to(page, "#id_examples_filter", limit=60)
    form_url = page.url
    page.keyboard.type(wanted.upper())  # case does not matter
    page.keyboard.press("Enter")  # filters; must not send the form
    page.wait_for_timeout(300)
    assert page.url == form_url and not page.get_by_role("alert").count()
    shown = _visible_rows(page, "examples")
    assert 1 <= shown < total
    expect(page.locator("#id_examples_count")).to_have_text(f"{shown} av {total} vises, 0 valgt")
    page.keyboard.press("Tab")  # straight to the first option that matches
    focused = page.evaluate("document.activeElement.labels[0].textContent")
    assert wanted.lower() in focused.lower()
    page.keyboard.press("Space")
    expect(page.locator("#id_examples_count")).to_have_text(f"{shown} av {total} vises, 1 valgt")
    indicator = page.locator("#id_indicators_list label").first.inner_text().strip()
    _tab_to(page, "#id_indicators_filter", limit=200)
    page.keyboard.type(indicator[:12])
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    _tab_to(page, "main form button[type=submit]", limit=200)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/innspill/\d+/"))
    expect(page.get_by_role("link", name=wanted)).to_be_visible()
    expect(page.locator("main")).to_contain_text(indicator)
