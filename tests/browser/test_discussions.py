"""A question walked through the network in a real browser: Bodø's participant asks in *Helse
og miljø Salten*, Fauske's participant finds it among her tasks and notices and answers, the
asker gets the notice, marks the answer as helpful and turns the thread into an idea-bank
draft, and Bodø's coordinator opens the draft from her notice."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from kommunenettverk.accounts.demo import DEMO_DOMAIN, DEMO_PASSWORD
from tests.browser.conftest import LoginAs, Site, axe_violations, describe
from tests.browser.pages import PAGES
from tests.browser.test_accessibility import _check

TITLE = "Hvem har erfaring med gatetun ved skolene?"
ANSWER = (
    "Vi stengte gata ved Vestmyra skole i 2023. Foreldrene var skeptiske, men nå vil ingen tilbake."
)


def _sign_in(page: Page, local_part: str) -> None:
    page.goto("/konto/logg-inn/")
    page.locator("#id_username").fill(f"{local_part}@{DEMO_DOMAIN}")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/oppgaver/$"))


def _sign_out(page: Page) -> None:
    page.locator("form[action='/konto/logg-ut/'] button").click()


def _open_notice(page: Page, text: str) -> None:
    page.goto("/varsler/")
    page.get_by_role("link", name=re.compile(re.escape(text))).first.click()


def test_question_answer_notice_and_idea_bank_draft(browser: Browser, site: Site) -> None:
    context = browser.new_context(base_url=site.url, bypass_csp=True, locale="nb-NO")
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        _sign_in(page, "deltaker.bodo")
        page.goto("/nettverk/helse-og-miljo-salten/")
        page.get_by_role("link", name="Diskusjoner i nettverket").click()
        page.get_by_role("link", name="Start en ny tråd").click()
        page.get_by_label("Tittel").fill(TITLE)
        page.get_by_label("Tekst").fill("Bodø vurderer gatetun ved to skoler. Hva lærte dere?")
        page.get_by_role("button", name="Start tråden").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
        thread_url = page.url
        _sign_out(page)

        _sign_in(page, "deltaker.fauske")
        expect(page.locator("main")).to_contain_text(TITLE)  # an unanswered question: a task
        _open_notice(page, f"Ny tråd i Helse og miljø Salten: {TITLE}")
        page.wait_for_url(thread_url)
        page.get_by_label("Ditt svar").fill(ANSWER)
        page.get_by_role("button", name="Send svaret").click()
        expect(page.get_by_role("status").first).to_contain_text("Svaret er lagt inn")
        assert not axe_violations(page), describe(axe_violations(page))
        _sign_out(page)

        _sign_in(page, "deltaker.bodo")
        _open_notice(page, f"Frida Fjell svarte på «{TITLE}»")
        page.wait_for_url(re.compile(re.escape(thread_url)))
        expect(page.locator("main")).to_contain_text("Fauske")
        page.get_by_role("button", name="Dette hjalp").click()
        expect(page.locator("main .badge")).to_have_text("Hjalp")
        page.get_by_role("link", name="Gjør om til eksempel i idébanken").click()
        expect(page.locator("main")).to_contain_text(ANSWER)  # the draft is shown first
        page.get_by_role("button", name="Lag utkastet i idébanken").click()
        expect(page.get_by_role("status").first).to_contain_text("Utkastet er laget i idébanken")
        _sign_out(page)

        _sign_in(page, "koordinator.bodo")
        _open_notice(page, f"Et utkast i idébanken er laget fra tråden «{TITLE}»")
        page.wait_for_url(re.compile(r"/idebank/eksempler/\d+/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(page.locator("main")).to_contain_text(ANSWER)
        expect(page.locator("main")).to_contain_text("Frida Fjell, Fauske")
    finally:
        context.close()


def test_discussion_pages_reflow_and_have_no_axe_violations(
    page: Page, login_as: LoginAs, site: Site
) -> None:
    """The discussion pages of the page index, as the sweep of test_accessibility.py checks
    every page, on their own (for a quick run while working on them)."""
    failures: list[str] = []
    signed_in = ""
    for name, spec in sorted(PAGES.items(), key=lambda item: item[1].as_user or ""):
        if not name.startswith("discussions:") or spec.not_a_page:
            continue
        if (spec.as_user or "") != signed_in:
            page.context.clear_cookies()
            if spec.as_user:
                login_as(spec.as_user)
            signed_in = spec.as_user or ""
        url = site.pages[name]
        response = page.goto(url)
        assert response is not None
        if response.status != 200:
            failures.append(f"{url} answered {response.status}")
            continue
        failures += _check(page, url)
    assert not failures, "\n".join(failures)
