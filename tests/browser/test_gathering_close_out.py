"""The gathering's edit pages cannot lose work: text typed in one form survives an attempt to
save another form on the same page or to follow a link away (the in-page warning shows
instead), and the close-out is saved by keyboard."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import LoginAs, Site, axe_violations, describe


def test_minutes_survive_adding_a_follow_up_and_are_saved_by_keyboard(
    page: Page, login_as: LoginAs, site: Site
) -> None:
    url = site.pages["networks:gathering_close_out"]
    login_as("radgiver.nord")
    page.goto(url)
    typed = "Tillegg skrevet i nettleseren: Fauske tar neste samling."
    minutes = page.locator("#id_minutes")
    minutes.fill(minutes.input_value() + "\n" + typed)
    page.fill("#id_followup-text", "Sende referatet til kommunestyrene (test)")
    page.fill("#id_followup-owner_name", "Rita Rådgiver")
    page.fill("#id_followup-deadline", "2030-01-15")
    page.get_by_role("button", name="Legg til oppfølgingspunkt").click()
    # Not sent: the warning names the changed part, and the typed minutes are still there.
    notice = page.get_by_role("alert")
    expect(notice).to_contain_text("«Oppsummering og referat»")
    expect(page).to_have_url(re.compile(re.escape(url) + "$"))
    expect(minutes).to_have_value(re.compile(re.escape(typed)))
    assert not axe_violations(page), describe(axe_violations(page))
    notice.get_by_role("button", name="Gå tilbake til endringene").click()
    expect(page.locator("#id_summary")).to_be_focused()
    # Leaving by a link asks too; staying keeps the text.
    page.get_by_role("link", name="Program og dokumenter").click()
    expect(page.get_by_role("alert")).to_contain_text("«Oppsummering og referat»")
    expect(page).to_have_url(re.compile(re.escape(url) + "$"))
    page.get_by_role("button", name="Gå tilbake til endringene").click()
    # Save the close-out by keyboard: the button is reached with Tab and pressed with Enter.
    save = page.get_by_role("button", name="Lagre avslutningen")
    page.locator("#id_adviser_evaluation").focus()
    for _ in range(10):
        if save.evaluate("b => b === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(save).to_be_focused()
    page.keyboard.press("Enter")
    # The follow-up typed earlier is still unsaved: the warning names it; go on and drop it.
    notice = page.get_by_role("alert")
    expect(notice).to_contain_text("«Nytt oppfølgingspunkt»")
    proceed = notice.get_by_role("button", name="Forkast endringene og fortsett")
    proceed.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Avslutningen er oppdatert.")
    expect(page.locator("#id_minutes")).to_have_value(re.compile(re.escape(typed)))
    # Nothing is changed now: the follow-up form saves at once.
    page.fill("#id_followup-text", "Sende referatet til kommunestyrene (test)")
    page.fill("#id_followup-owner_name", "Rita Rådgiver")
    page.fill("#id_followup-deadline", "2030-01-15")
    page.get_by_role("button", name="Legg til oppfølgingspunkt").click()
    expect(page.get_by_role("status")).to_contain_text("Oppfølgingspunktet er lagt til.")
    expect(page.locator("table")).to_contain_text(["Sende referatet til kommunestyrene (test)"])
    # The public minutes carry the new text, for anyone.
    page.goto(site.pages["networks:gathering_minutes"])
    expect(page.get_by_role("main")).to_contain_text(typed)
