"""Keyboard-only walks through the programme and network flows: a municipal coordinator
applies for participation; a participant registers for a gathering."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import LoginAs, axe_violations, describe
from tests.browser.test_keyboard import _tab_to


def test_apply_for_participation_with_keyboard_only(page: Page, login_as: LoginAs) -> None:
    login_as("koordinator.voss")
    page.goto("/programmer/")
    _tab_to(page, "a[href='/programmer/helse-og-miljokommuner/']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/programmer/helse-og-miljokommuner/$"))
    _tab_to(page, "a[href='/programmer/helse-og-miljokommuner/sok/']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/sok/$"))
    # Send the empty form first: the error summary takes focus-worthy place at the top.
    _tab_to(page, "main button[type=submit]", limit=80)
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Velg minst ett tema.")
    assert not axe_violations(page), describe(axe_violations(page))
    _tab_to(page, "#id_participant", limit=80)
    page.keyboard.press("ArrowDown")  # the only choice: Voss
    _tab_to(page, "#id_themes_0")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    _tab_to(page, "#id_local_challenges")
    page.keyboard.type("Mange eldre innbyggere og lange avstander.")
    _tab_to(page, "#id_decision_body")
    page.keyboard.type("Kommunestyret")
    # The council has not decided yet: the application is sent as "vedtak kommer".
    _tab_to(page, "#id_decision_pending")
    page.keyboard.press("Space")
    _tab_to(page, "#id_accepts_expectations", limit=80)
    page.keyboard.press("Space")
    _tab_to(page, "main button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/programmer/helse-og-miljokommuner/deltakere/4621/$"))
    expect(page.get_by_role("status")).to_contain_text("Søknaden fra Voss er registrert")
    expect(page.locator("main")).to_contain_text("Klima og energi, Arealpolitiske hensyn")
    expect(page.locator("main")).to_contain_text("Mange eldre innbyggere og lange avstander.")
    expect(page.locator("main")).to_contain_text("Vedtak kommer.")


def test_register_for_a_gathering_with_keyboard_only(page: Page, login_as: LoginAs) -> None:
    login_as("deltaker.bodo")
    page.goto("/nettverk/mitt/")
    _tab_to(page, "a[href='/nettverk/helse-og-miljo-salten/samlinger/3/']", limit=80)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/samlinger/3/$"))
    _tab_to(page, "a[href$='/samlinger/3/pamelding/']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/pamelding/$"))
    _tab_to(page, "#id_role")
    page.keyboard.press("ArrowDown")  # Folkevalgt
    page.keyboard.press("ArrowDown")  # Toppleder
    page.keyboard.press("ArrowDown")  # Fagperson
    _tab_to(page, "main button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/samlinger/3/$"))
    expect(page.get_by_role("status")).to_contain_text("Du er påmeldt samlingen.")
    expect(page.get_by_text("Du er påmeldt som fagperson for Bodø.")).to_be_visible()
