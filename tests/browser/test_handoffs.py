"""The remaining hand-offs of issue 16 in a real browser, each walked by the roles involved:
one signs in, acts and signs out; the next finds the work in Mine oppgaver and does it.

- an idea-bank example sent for review (Bodø's coordinator) → published (the adviser);
- policy input submitted (Bodø's coordinator) → forwarded (the national coordinator) →
  answered by the state body it is addressed to (the ministry's representative);
- a new gathering (the adviser) → registration (Bodø's coordinator);
- a follow-up action assigned to a participant (the adviser) → found by the participant, done.

The annual report (test_report_round.py) and the application's decision (test_tasks.py) are
walked there. Each test uses its own demo objects, so the order of the tests does not matter.
"""

from __future__ import annotations

import datetime
import re

from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import axe_violations, describe
from tests.browser.test_report_round import _sign_in, _sign_out, _task_link


def _press(page: Page, button: Locator) -> None:
    """Click a submit button; when it asks first (data-confirm), accept in the dialog."""
    asks = button.get_attribute("data-confirm") is not None
    with page.expect_navigation(timeout=30_000):
        button.click()
        if asks:
            page.locator("#confirm-dialog [data-confirm-accept]").click()


def _no_task(page: Page, kind: str, href: str) -> None:
    page.goto("/oppgaver/")
    expect(page.locator(f"[data-task-kind={kind}] a[href='{href}']")).to_have_count(0)


def _choose_first(page: Page, select: str) -> None:
    """Choose the first real option of a select unless one is chosen already."""
    if page.locator(select).input_value():
        return
    value = page.locator(f"{select} option:not([value=''])").first.get_attribute("value")
    page.locator(select).select_option(value=value)


def test_example_sent_for_review_is_published_by_the_adviser(page: Page) -> None:
    _sign_in(page, "koordinator.bodo")
    page.goto("/idebank/mine/")
    page.locator("main a", has_text="Lokalmat i kantina i Bodø").first.click()
    page.wait_for_url(re.compile(r"/idebank/eksempler/\d+/$"))
    example_url = page.url.removeprefix(page.url.split("/idebank/")[0])
    page.locator("#id_submit_comment").fill("Klar for vurdering, med tall fra kantina.")
    _press(page, page.get_by_role("button", name="Send til vurdering"))
    _sign_out(page)

    _sign_in(page, "radgiver.nord")
    assert _task_link(page, "example_review", "Lokalmat i kantina") == example_url
    page.goto(example_url)
    expect(page.locator("main")).to_contain_text("Klar for vurdering")
    _press(page, page.locator("main button[name=action][value=publish]"))
    expect(page.get_by_role("status").first).to_be_visible()
    _no_task(page, "example_review", example_url)
    _sign_out(page)


def test_policy_input_is_forwarded_and_answered_by_the_body_it_is_addressed_to(
    page: Page,
) -> None:
    _sign_in(page, "koordinator.bodo")
    page.goto("/innspill/mine/")
    page.locator("main a", has_text="Enklere Klimasats-søknad").first.click()
    page.wait_for_url(re.compile(r"/innspill/\d+/$"))
    input_url = page.url.removeprefix(page.url.split("/innspill/")[0])
    page.goto(input_url + "rediger/")
    page.locator("#id_addressee").select_option(label="Klima- og miljødepartementet")
    _press(page, page.locator("main form[method=post] button[type=submit]").first)
    page.goto(input_url)
    _press(page, page.locator(f"main form[action='{input_url}send-inn/'] button"))
    _sign_out(page)

    _sign_in(page, "nasjonal")
    assert _task_link(page, "policy_forward", "Enklere Klimasats-søknad") == input_url
    page.goto(input_url)
    forward = page.get_by_role("button", name="Videresend til Klima- og miljødepartementet")
    _press(page, forward)
    _no_task(page, "policy_forward", input_url)
    _sign_out(page)

    _sign_in(page, "stat")  # the representative of Klima- og miljødepartementet
    assert _task_link(page, "policy_answer", "Enklere Klimasats-søknad") == input_url
    page.goto(input_url)
    page.get_by_role("link", name="Svar på innspillet").click()
    page.locator("#id_answer").fill("Departementet ser på en forenklet søknad for små tiltak.")
    assert not axe_violations(page), describe(axe_violations(page))
    _press(page, page.get_by_role("button", name="Publiser svaret"))
    page.goto(input_url)
    expect(page.locator("main")).to_contain_text("forenklet søknad for små tiltak")
    expect(page.locator("main")).to_contain_text("Klima- og miljødepartementet")
    _no_task(page, "policy_answer", input_url)


def test_a_new_gathering_is_found_and_registered_for_by_the_coordinator(page: Page) -> None:
    day = datetime.date.today() + datetime.timedelta(days=40)
    _sign_in(page, "radgiver.nord")
    page.goto("/nettverk/helse-og-miljo-salten/samlinger/ny/")
    page.locator("#id_title").fill("Overlevering i nettleseren")
    page.locator("#id_date").fill(day.isoformat())
    page.locator("#id_start").fill("10:00")
    page.locator("#id_end").fill("15:00")
    page.locator("#id_place").fill("Bodø rådhus")
    _press(page, page.get_by_role("button", name="Lagre"))
    match = re.search(r"/nettverk/helse-og-miljo-salten/samlinger/\d+/", page.url)
    assert match, page.url
    gathering_url = match.group(0)
    _sign_out(page)

    _sign_in(page, "koordinator.bodo")
    expect(
        page.locator(f"[data-task-kind=gathering_register] a[href='{gathering_url}']")
    ).to_be_visible()
    page.goto(gathering_url)
    page.get_by_role("link", name="Meld deg på").click()
    page.locator("#id_myself").check()
    _choose_first(page, "#id_participation")
    _choose_first(page, "#id_role")
    _press(page, page.get_by_role("button", name="Meld på"))
    _no_task(page, "gathering_register", gathering_url)


def test_a_follow_up_action_reaches_the_participant_and_leaves_when_done(page: Page) -> None:
    text = "Sjekke ladepunktene fra nettleseren"
    after = "/nettverk/helse-og-miljo-salten/samlinger/5/rediger/etter/"
    _sign_in(page, "radgiver.nord")
    page.goto(after)
    page.locator("#id_followup-text").fill(text)
    # Dina has no registration of her own here (the demo's are by name): owner by name.
    page.locator("#id_followup-owner_name").fill("Dina Deltaker")
    deadline = datetime.date.today() + datetime.timedelta(days=14)
    page.locator("#id_followup-deadline").fill(deadline.isoformat())
    _press(page, page.get_by_role("button", name="Legg til oppfølgingspunkt"))
    _sign_out(page)

    _sign_in(page, "deltaker.bodo")
    href = _task_link(page, "follow_up_assigned", text)
    page.goto(href)
    expect(page.locator("main")).to_contain_text(text)
    assert not axe_violations(page), describe(axe_violations(page))
    _sign_out(page)

    _sign_in(page, "radgiver.nord")
    page.goto(after)
    _press(page, page.get_by_role("button", name=re.compile(f"^Merk utført: {text[:30]}")))
    _sign_out(page)

    _sign_in(page, "deltaker.bodo")
    expect(page.locator("[data-task-kind=follow_up_assigned] a", has_text=text)).to_have_count(0)
