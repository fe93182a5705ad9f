"""The national coordinator moves a participation in from a spreadsheet: upload, preview,
import, each page checked with axe-core."""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from playwright.sync_api import FilePayload, Page, expect

from kommunenettverk.networks import onboarding as layout
from tests.browser.conftest import LoginAs, Site, axe_violations, describe
from tests.browser.test_accessibility import _check


def _participations() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(layout.PARTICIPATION_COLUMNS))
    sheet.append(
        [
            "Tvedestrand", "Helse- og miljøkommuner", "Søkt", "20.01.2026", "", "",
            "Kommunestyret", "15.01.2026", "2026/31",
            "https://www.tvedestrand.kommune.no/innsyn/sak/2026-31",
            "Livskvalitet, friluftsliv og folkehelse",
            "Tone Tveit <tone.tveit@tvedestrand.kommune.no>", "",
        ]
    )  # fmt: skip
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_upload_preview_and_import(page: Page, login_as: LoginAs) -> None:
    login_as("nasjonal")
    page.goto("/nettverk/")
    page.get_by_role("link", name="Flytte inn et program").click()
    page.wait_for_url(re.compile(r"/nettverk/flytt-inn/$"))
    upload: FilePayload = {
        "name": "deltakelser.xlsx",
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "buffer": _participations(),
    }
    page.get_by_label("Deltakelser (CSV eller XLSX)").set_input_files(files=[upload])
    page.get_by_role("button", name="Forhåndsvis").click()
    page.wait_for_url(re.compile(r"/nettverk/flytt-inn/\d+/$"))
    status = page.locator("#job-status [role=status]")
    expect(status).to_contain_text("Forhåndsvisning: 1 deltakelser")
    expect(status).to_contain_text("Ingenting er lagret ennå")
    assert not axe_violations(page), describe(axe_violations(page))
    page.get_by_role("button", name="Importer").click()
    expect(page.locator("#job-status [role=status]")).to_contain_text("Lagret: 1 deltakelser")
    assert not axe_violations(page), describe(axe_violations(page))
    page.goto("/programmer/helse-og-miljokommuner/deltakere/4213/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tvedestrand")


def test_new_pages_reflow_without_axe_violations(page: Page, login_as: LoginAs, site: Site) -> None:
    """The crawl (test_accessibility.py) visits these too; checked here on their own."""
    failures: list[str] = []
    for user, name in (
        (None, "accounts:invitation_accept"),
        ("radgiver.nord", "accounts:municipality_roles?invited"),
        ("radgiver.nord", "networks:onboarding_job"),
        ("radgiver.nord", "networks:onboarding_upload"),
    ):
        if user:
            login_as(user)
        response = page.goto(site.pages[name])
        assert response is not None and response.status == 200, name
        failures += _check(page, site.pages[name])
    assert not failures, "\n".join(failures)
