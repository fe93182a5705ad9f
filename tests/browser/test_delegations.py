"""A municipal coordinator registers the municipality's delegation to a gathering: three
people in three roles, then withdraws one (asked first)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import LoginAs, axe_violations, describe

REGISTER = "/nettverk/helse-og-miljo-salten/samlinger/3/pamelding/"


def test_coordinator_registers_three_roles_and_withdraws_one(page: Page, login_as: LoginAs) -> None:
    login_as("koordinator.bodo")
    page.goto(REGISTER)
    people = [
        ("Ola Ordfører (test)", "Folkevalgt", "Vegetar"),
        ("Kari Kommunedirektør (test)", "Toppleder", ""),
        ("Per Planlegger (test)", "Fagperson", ""),
    ]
    for name, role, diet in people:
        page.select_option("#id_participation", label="Bodø")
        page.fill("#id_name", name)
        page.select_option("#id_role", label=role)
        page.fill("#id_dietary_needs", diet)
        page.click("main button[type=submit]")
        page.wait_for_url(re.compile(r"/pamelding/$"))
        expect(page.get_by_role("status")).to_contain_text(f"{name} er påmeldt.")
    table = page.locator("table[data-delegation]")
    for name, role, _diet in people:
        expect(table.get_by_role("row", name=re.compile(re.escape(name)))).to_contain_text(role)
    expect(table).to_contain_text("Vegetar")
    assert not axe_violations(page), describe(axe_violations(page))
    row = table.get_by_role("row", name=re.compile("Kari Kommunedirektør"))
    row.get_by_role("link", name=re.compile("Trekk")).click()
    page.wait_for_url(re.compile(r"/trekk/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Trekk påmeldingen")
    assert not axe_violations(page), describe(axe_violations(page))
    page.get_by_role("button", name="Trekk påmeldingen").click()
    page.wait_for_url(re.compile(r"/pamelding/$"))
    expect(page.get_by_role("status")).to_contain_text("Kari Kommunedirektør (test) er trukket")
    row = table.get_by_role("row", name=re.compile("Kari Kommunedirektør"))
    expect(row).to_contain_text("Avmeldt")
    expect(row.get_by_role("link", name=re.compile("Trekk"))).to_have_count(0)
