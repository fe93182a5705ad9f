"""The import in a real browser: the national coordinator uploads a file as Miljødirektoratet
publishes it through the saved recipe, reads the preview (nothing written yet), presses
"Importer", and undoes the import through the confirmation dialog; each page passes axe."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import LoginAs, axe_violations, describe

GREENHOUSE = (
    Path(__file__).parents[2]
    / "src/kommunenettverk/indicators/tests/data/miljodirektoratet_klimagass_kommune.csv"
)


def test_preview_then_import_then_undo(page: Page, login_as: LoginAs) -> None:
    login_as("nasjonal")
    page.goto("/indikatorer/import/")
    page.get_by_label("Fil", exact=True).set_input_files(str(GREENHOUSE))
    page.get_by_label("Importoppskrift").select_option(
        label="Miljødirektoratet: klimagassutslipp fra veitrafikk"
    )
    page.get_by_role("button", name="Forhåndsvis").click()
    page.wait_for_url(re.compile(r"/indikatorer/import/\d+/$"))
    status = page.locator("#job-status [role=status]")
    expect(status).to_contain_text("Klar til import")
    main = page.locator("main")
    expect(main).to_contain_text("Ingenting er lagret ennå.")
    expect(main).to_contain_text("Våler (Østfold)")  # the sample shows where names went
    assert not axe_violations(page), describe(axe_violations(page))

    page.get_by_role("button", name="Importer", exact=True).click()
    expect(status).to_contain_text("Importert")
    undo = page.get_by_role("button", name="Angre importen")
    undo.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("#confirm-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Angre importen av miljodirektoratet_klimagass_kommune.csv?")
    assert not axe_violations(page), describe(axe_violations(page))
    page.keyboard.press("Shift+Tab")
    expect(page.locator("[data-confirm-accept]")).to_be_focused()
    page.keyboard.press("Enter")
    expect(status).to_contain_text("Angret")
    expect(main).not_to_contain_text("Angre importen")
