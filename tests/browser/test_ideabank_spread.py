"""Ideas that spread, in the browser: the spread page's map and timeline render under the strict
CSP, and the example form shows similar published examples as the author types (htmx)."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LoginAs, Site


def test_spread_map_and_timeline_render(browser: Browser, site: Site) -> None:
    context = browser.new_context(base_url=site.url, locale="nb-NO")  # CSP enforced
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(site.pages["ideabank:example_spread"])
    page.wait_for_function(
        "document.querySelectorAll('[data-rendered=done]').length === 2", timeout=15_000
    )
    assert page.locator(".chart__canvas svg").count() == 2
    expect(page.locator("table").first).to_contain_text("Lenger unna")  # Trondheim, far away
    assert errors == []
    context.close()


def test_similar_examples_appear_while_typing(page: Page, login_as: LoginAs) -> None:
    login_as("koordinator.bodo")
    page.goto("/idebank/ny/")
    expect(page.locator("#similar li")).to_have_count(0)
    page.locator("#id_title").fill("Energisparekontrakt for kommunale bygg")
    page.locator("#id_summary").press_sequentially("Energioppfølging i skoler og sykehjem")
    expect(page.locator("#similar")).to_contain_text("Lignende eksempler som allerede er publisert")
    expect(page.locator("#similar li").first).to_contain_text("Energisparekontrakt")
