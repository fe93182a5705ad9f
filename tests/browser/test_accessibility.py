"""axe-core (WCAG 2.1 A and AA) on every page in the page index, in a real Chromium."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from tests.browser.conftest import LoginAs, axe_violations, describe
from tests.browser.pages import PAGES

VISITABLE = sorted(name for name, spec in PAGES.items() if not spec.not_a_page)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", VISITABLE)
def test_page_has_no_axe_violations(
    page: Page, login_as: LoginAs, name: str, request: pytest.FixtureRequest
) -> None:
    spec = PAGES[name]
    values: dict[str, str] = {}
    for fixture in spec.needs:  # fixtures give values for "@name" arguments
        values.update(request.getfixturevalue(fixture) or {})
    args = [values.get(arg, arg) for arg in spec.args]
    if spec.as_user:
        login_as(spec.as_user)
    url = reverse(name.split("?")[0], args=args) + (f"?{spec.query}" if spec.query else "")
    response = page.goto(url)
    assert response is not None
    assert response.status == 200, f"{url} answered {response.status}"
    violations = axe_violations(page)
    assert not violations, f"{url}:\n{describe(violations)}"


@pytest.mark.django_db(transaction=True)
def test_form_with_errors_has_no_axe_violations(page: Page, login_as: LoginAs) -> None:
    login_as("koordinator.bodo")
    page.goto(reverse("registry:municipality_edit", args=["1804"]))
    page.fill("#id_website", "ikke en adresse")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_selector(".ds-error-summary")
    assert not axe_violations(page), describe(axe_violations(page))


@pytest.mark.django_db(transaction=True)
def test_pages_run_without_console_errors_under_the_csp(page: Page, live_server: Any) -> None:
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(reverse("registry:municipality_list"))
    page.fill("#id_q", "Bodø")
    page.wait_for_function("document.querySelector('#results').textContent.includes('1 kommune')")
    assert errors == []
