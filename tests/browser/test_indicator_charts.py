"""Indicator charts render with vega-embed under the site's strict CSP (no 'unsafe-eval',
no inline styles), and the data table and the CSV and JSON-stat links are there for every chart."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import Site


@pytest.mark.parametrize(
    ("path", "charts"),
    [
        ("/indikatorer/kommuner/1804/fysisk-aktivitet/", 3),  # series, county, network
        ("/indikatorer/nasjonalt/?indikator=andel-vernet-areal", 4),  # map, 2 groups, totals
    ],
)
def test_charts_render_under_the_strict_csp(
    browser: Browser, site: Site, path: str, charts: int
) -> None:
    context = browser.new_context(base_url=site.url, locale="nb-NO")  # CSP enforced
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(path)
    page.wait_for_function(
        f"document.querySelectorAll('[data-rendered=done]').length === {charts}", timeout=15_000
    )
    assert page.locator(".chart__canvas svg").count() == charts
    # Every chart's numbers download as CSV and as JSON-stat.
    assert page.locator("figure.chart a[download]").count() == 2 * charts
    # No failed request: not a chart's script, not the map, not the browser's /favicon.ico.
    assert failed == []
    assert [e for e in errors if not e.startswith("Failed to load resource")] == []
    context.close()
