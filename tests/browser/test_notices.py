"""A hand-off carried by a notice, in a real browser, as the two roles involved: the regional
adviser signs in, finds Bodø's submitted annual report among their notices, comments it and
signs out; Bodø's coordinator signs in, sees the unread notice in the header, opens it and
lands on the report with the comment."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from kommunenettverk.accounts.demo import DEMO_DOMAIN, DEMO_PASSWORD
from tests.browser.conftest import Site, axe_violations, describe


def _sign_in(page: Page, local_part: str) -> None:
    page.goto("/konto/logg-inn/")
    page.locator("#id_username").fill(f"{local_part}@{DEMO_DOMAIN}")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/oppgaver/$"))


def _unread(page: Page) -> int:
    """The unread count beside the header's bell (its accessible name says it in words)."""
    link = page.locator("#site-menu nav a[href='/varsler/']")
    count = int(link.locator("span[aria-hidden=true]").inner_text())
    expect(link).to_have_accessible_name(re.compile(rf"^Varsler, {count} uleste?$"))
    return count


def test_adviser_comments_a_report_and_the_coordinator_opens_the_notice(
    browser: Browser, site: Site
) -> None:
    context = browser.new_context(base_url=site.url, bypass_csp=True, locale="nb-NO")
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        _sign_in(page, "radgiver.nord")
        assert _unread(page) > 0, "the demo tells the adviser what waits"
        page.locator("#site-menu nav a[href='/varsler/']").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Varsler")
        assert not axe_violations(page), describe(axe_violations(page))
        page.get_by_role("link", name=re.compile("Bodø har sendt inn årsrapporten")).first.click()
        page.wait_for_url(re.compile(r"/planer/rapporter/\d+/$"))
        report_url = page.url
        page.get_by_label("Kommentar").fill("Godt arbeid med ladeplassene. Hva med sykkel?")
        page.get_by_role("button", name="Lagre kommentar").click()
        expect(page.get_by_role("status")).to_contain_text("Kommentaren er lagret")
        page.locator("form[action='/konto/logg-ut/'] button").click()

        _sign_in(page, "koordinator.bodo")
        before = _unread(page)
        assert before >= 1
        page.locator("#site-menu nav a[href='/varsler/']").click()
        notice = page.get_by_role("link", name=re.compile("har kommentert årsrapporten"))
        expect(notice.first).to_be_visible()
        notice.first.click()
        page.wait_for_url(report_url)
        expect(page.locator("main")).to_contain_text("Hva med sykkel?")
        assert _unread(page) == before - 1  # opened: read
    finally:
        context.close()
