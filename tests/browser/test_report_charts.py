"""Report charts render with vega-embed under the strict CSP, each above its data table, and
ordering the national report's file shows the job's progress and then the download."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import LoginAs


@pytest.mark.parametrize(
    ("user", "path"),
    [
        ("radgiver.nord", "/rapporter/nettverk/salten-livskraft/"),
        ("nasjonal", "/rapporter/program/livskraftige-kommuner/"),
    ],
)
def test_report_charts_render_under_the_strict_csp(
    page: Page, login_as: LoginAs, user: str, path: str
) -> None:
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    login_as(user)
    page.goto(path)
    charts = page.locator("[data-vega-spec]").count()
    assert charts >= 1
    page.wait_for_function(f"document.querySelectorAll('[data-rendered=done]').length === {charts}")
    assert page.locator(".chart__canvas svg").count() == charts
    # every chart is followed by the table with its numbers
    assert page.locator("figure.chart + .table-wrap table").count() == charts
    assert [e for e in errors if not e.startswith("Failed to load resource")] == []


def test_order_the_national_report_and_download_it(page: Page, login_as: LoginAs) -> None:
    login_as("nasjonal")
    page.goto("/rapporter/program/livskraftige-kommuner/")
    page.get_by_label("Regneark (XLSX)").check()
    page.get_by_role("button", name="Lag filen").click()
    page.wait_for_url("**/rapporter/jobber/*/")
    status = page.get_by_role("status")
    status.filter(has_text="Ferdig").wait_for(timeout=60_000)
    link = page.get_by_role("link", name="Last ned nasjonal-rapport-livskraftige-kommuner.xlsx")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "nasjonal-rapport-livskraftige-kommuner.xlsx"
