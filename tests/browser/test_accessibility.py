"""Every page in the page index, in a real Chromium, at a phone's, a small phone's and a desk's
width: the document is never wider than the screen (WCAG 1.4.10 reflow), axe-core (WCAG 2.1 A
and AA) finds nothing, and the `<title>` is plain text.

One browser page per role (as the page index names it) visits its pages once each and only
resizes the viewport between widths, so the crawl costs one page load per entry.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import BASE_DIR, LoginAs, Site, axe_violations, describe
from tests.browser.pages import PAGES

WIDTHS = (320, 390, 1280)
HEIGHT = 844
PUBLIC = "public"
# The phone screenshot in README.md: a network page as its adviser sees it, 390 px wide.
SCREENSHOT = ("networks:network_detail", 390, BASE_DIR / "docs" / "screenshots" / "phone.png")


def _pages_by_role() -> dict[str, list[str]]:
    by_role: dict[str, list[str]] = defaultdict(list)
    for name, spec in sorted(PAGES.items()):
        if not spec.not_a_page:
            by_role[spec.as_user or PUBLIC].append(name)
    return dict(by_role)


BY_ROLE = _pages_by_role()


# The innermost elements that reach past the screen's right edge, to say what to fix.
_WIDER_THAN_SCREEN = """() => {
    const wide = (e) => e.getBoundingClientRect().right > innerWidth + 1
        && !e.parentElement.closest(".table-wrap");
    return [...document.body.querySelectorAll("*")]
        .filter((e) => wide(e) && ![...e.children].some(wide))
        .slice(0, 3)
        .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")} `
            + `(${Math.round(e.getBoundingClientRect().width)} px): `
            + (e.textContent || "").trim().slice(0, 40));
}"""


def _settle(page: Page) -> None:
    """Wait until charts have drawn (vega-embed redraws a container-wide chart on resize)."""
    page.wait_for_function("!document.querySelector('[data-rendered=pending]')", timeout=15_000)
    # Two frames for the new layout; the timer in case a headless frame never comes.
    page.evaluate(
        "() => new Promise((r) => { requestAnimationFrame(() => requestAnimationFrame(r));"
        " setTimeout(r, 300); })"
    )


def _check(page: Page, url: str) -> list[str]:
    failures = []
    title = page.title()
    if "<" in title or "&lt;" in title or "&amp;" in title or "&#" in title:
        failures.append(f"{url}: the title holds markup or an escaped entity: {title!r}")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": HEIGHT})
        _settle(page)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            culprits = page.evaluate(_WIDER_THAN_SCREEN)
            failures.append(
                f"{url} at {width} px: the document is {scroll_width} px wide: {culprits}"
            )
        violations = axe_violations(page)
        if violations:
            failures.append(f"{url} at {width} px:\n{describe(violations)}")
    return failures


@pytest.mark.parametrize("role", sorted(BY_ROLE))
def test_every_page_reflows_and_has_no_axe_violations_at_three_widths(
    page: Page, login_as: LoginAs, site: Site, role: str
) -> None:
    if role != PUBLIC:
        login_as(role)
    failures: list[str] = []
    for name in BY_ROLE[role]:
        url = site.pages[name]
        response = page.goto(url)
        assert response is not None
        if response.status != 200:
            failures.append(f"{url} answered {response.status}")
            continue
        failures += _check(page, url)
        if name == SCREENSHOT[0]:
            page.set_viewport_size({"width": SCREENSHOT[1], "height": HEIGHT})
            _settle(page)
            SCREENSHOT[2].parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=SCREENSHOT[2])
    assert not failures, "\n".join(failures)


def test_form_with_errors_has_no_axe_violations(page: Page, login_as: LoginAs) -> None:
    login_as("koordinator.bodo")
    page.goto("/kommuner/1804/rediger/")
    page.fill("#id_website", "ikke en adresse")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_selector(".ds-error-summary")
    assert not axe_violations(page), describe(axe_violations(page))


def test_pages_run_without_console_errors_under_the_csp(page: Page) -> None:
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto("/kommuner/")
    page.fill("#id_q", "Bodø")
    page.wait_for_function("document.querySelector('#results').textContent.includes('1 kommune')")
    assert errors == []


def test_lock_out_and_csrf_pages_have_no_axe_violations(page: Page) -> None:
    # An address of its own: the lock-out holds for 15 minutes on the shared demo site.
    page.goto("/konto/logg-inn/")
    for _ in range(5):
        page.fill("#id_username", "sperret.test@example.org")
        page.fill("#id_password", "feil-passord")
        page.get_by_role("button", name="Logg inn").click()
    page.wait_for_selector("text=For mange innloggingsforsøk")
    assert not axe_violations(page), describe(axe_violations(page))
    page.context.clear_cookies()  # no CSRF cookie: the next POST is refused
    page.goto("/konto/logg-inn/")
    page.context.clear_cookies()
    page.fill("#id_username", "x@example.org")
    page.fill("#id_password", "x")
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_selector("text=Skjemaet er utløpt")
    assert not axe_violations(page), describe(axe_violations(page))
