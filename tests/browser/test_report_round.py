"""The annual report's hand-off in a real browser, as the two roles involved: Bodø's
coordinator finds the reporting round in Mine oppgaver and submits the report (asked first),
signs out; the region's adviser finds it in Mine oppgaver and sends it back with a reason
(asked first), signs out; the coordinator finds it sent back in Mine oppgaver and submits the
new version, which the adviser then finds to comment."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from kommunenettverk.accounts.demo import DEMO_DOMAIN, DEMO_PASSWORD
from tests.browser.conftest import axe_violations, describe


def _sign_in(page: Page, local_part: str) -> None:
    page.goto("/konto/logg-inn/")
    page.locator("#id_username").fill(f"{local_part}@{DEMO_DOMAIN}")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/oppgaver/$"))


def _sign_out(page: Page) -> None:
    page.locator("form[action$='/konto/logg-ut/'] button").first.click()
    page.wait_for_load_state()


def _task_link(page: Page, kind: str, text: str) -> str:
    link = page.locator(f"[data-task-kind={kind}] a", has_text=text).first
    expect(link).to_be_visible()
    return link.get_attribute("href") or ""


def test_coordinator_submits_in_the_round_and_the_adviser_sends_it_back(page: Page) -> None:
    _sign_in(page, "koordinator.bodo")
    report_url = _task_link(page, "report_round", "Bodø")
    page.goto(report_url)
    expect(page.locator("main")).to_contain_text("Mål: ")  # lines grouped by goal
    page.locator("main button[name=submit]").click()
    dialog = page.locator("#confirm-dialog")
    expect(dialog).to_contain_text("Sende inn årsrapporten")
    with page.expect_navigation(timeout=30_000):
        page.locator("[data-confirm-accept]").click()
    expect(page.get_by_role("status").first).to_contain_text("Rapporten er sendt inn")
    page.goto("/oppgaver/")
    expect(page.locator("[data-task-kind=report_round] a", has_text="Bodø")).to_have_count(0)
    _sign_out(page)

    _sign_in(page, "radgiver.nord")
    expect(page.locator(f"[data-task-kind=report_comment] a[href='{report_url}']")).to_be_visible()
    page.goto(report_url)
    page.locator("#id_reason").fill("Tallene for ladeplasser mangler. Legg dem inn og send igjen.")
    page.locator("main form[action$='/send-tilbake/'] button").click()
    expect(dialog).to_contain_text("Sende årsrapporten for")
    assert not axe_violations(page), describe(axe_violations(page))
    with page.expect_navigation(timeout=30_000):
        page.locator("[data-confirm-accept]").click()
    expect(page.get_by_role("status").first).to_contain_text("Rapporten er sendt tilbake")
    expect(page.locator("main")).to_contain_text("Tallene for ladeplasser mangler.")
    page.goto("/oppgaver/")
    expect(page.locator(f"[data-task-kind=report_comment] a[href='{report_url}']")).to_have_count(0)
    _sign_out(page)

    _sign_in(page, "koordinator.bodo")
    draft_url = _task_link(page, "report_returned", "Bodø")
    assert draft_url != report_url  # a new version; the submitted one is kept
    page.goto(draft_url)
    expect(page.locator("main")).to_contain_text("Tallene for ladeplasser mangler.")
    expect(page.locator("main button[name=submit]")).to_be_visible()
    assert not axe_violations(page), describe(axe_violations(page))
    # Resubmitted: the new version goes to the adviser, the sent-back task leaves.
    page.locator("main button[name=submit]").click()
    with page.expect_navigation(timeout=30_000):
        page.locator("[data-confirm-accept]").click()
    expect(page.get_by_role("status").first).to_contain_text("Rapporten er sendt inn")
    page.goto("/oppgaver/")
    expect(page.locator("[data-task-kind=report_returned] a", has_text="Bodø")).to_have_count(0)
    _sign_out(page)
    _sign_in(page, "radgiver.nord")
    expect(page.locator(f"[data-task-kind=report_comment] a[href='{draft_url}']")).to_be_visible()
