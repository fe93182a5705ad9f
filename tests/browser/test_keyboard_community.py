"""Keyboard-only walks through the citizen portal's flows, and the pages of a signed-in citizen."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import Site, axe_violations, describe
from tests.browser.test_keyboard import _tab_to


def test_sign_up_for_a_volunteer_activity_with_keyboard_only(page: Page) -> None:
    page.goto("/innbyggere/kommuner/1804/")
    href = page.get_by_role("link", name="Reparasjonskveld (demo)").get_attribute("href")
    _tab_to(page, f"a[href='{href}']", limit=150)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/innbyggere/aktiviteter/\d+/"))
    _tab_to(page, "#id_name")
    page.keyboard.type("Tastatur Testesen")
    page.keyboard.press("Tab")
    page.keyboard.type("tastatur@example.org")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_phone"  # honeypot is skipped
    page.keyboard.type("+47 400 00 999")
    _tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_role("status")).to_contain_text("Du er påmeldt")
    # The person's data is not shown on the public page.
    assert "tastatur@example.org" not in page.content()
    # Signing up again with the same address is refused with a message on the field.
    _tab_to(page, "#id_name")
    page.keyboard.type("Tastatur Testesen")
    page.keyboard.press("Tab")
    page.keyboard.type("tastatur@example.org")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("allerede påmeldt")


def test_citizen_pages_signed_in_have_no_axe_violations(page: Page, site: Site) -> None:
    """Sign a demo inhabitant in by an email link made on the site's database, then check the
    pages only a signed-in citizen sees, and a proposal refused for HTML."""
    site.manage(
        "shell",
        "-c",
        "import hashlib; from kommunenettverk.community.models import CitizenLoginToken; "
        "CitizenLoginToken.objects.create(email='innbygger.anna@demo.kommunenettverk.no', "
        "token_hash=hashlib.sha256(b'axe-token').hexdigest())",
    )
    page.goto("/innbyggere/logg-inn/axe-token/")
    _tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/innbyggere/mine-data/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mine opplysninger")
    assert not axe_violations(page), describe(axe_violations(page))
    page.goto(site.pages["community:proposal_create"])
    expect(page.get_by_text("Du sender som «Anna (demo)»")).to_be_visible()
    assert not axe_violations(page), describe(axe_violations(page))
    page.fill("#id_text", "<script>alert(1)</script>")
    page.get_by_role("button", name="Send til moderering").click()
    expect(page.get_by_role("alert")).to_contain_text("HTML-koder")
    assert not axe_violations(page), describe(axe_violations(page))
