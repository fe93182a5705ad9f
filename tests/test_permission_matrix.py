"""Every write URL, tried as every role and anonymously, against docs/permissions.md.

Write URLs are found, not listed: every URL name in the page index is posted to by a superuser,
and whatever does not answer 405 accepts writes. Each must have a row in the "Write URLs" table
of docs/permissions.md naming the rule that guards it; the rule's row in the first table says
which roles may. A new write URL fails here until it has its row.

The API's write endpoints (URL names `api:…`) are tried the same way, with a personal API token
of each role's demo user instead of a session, and without a token as the anonymous visitor.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from kommunenettverk.accounts.demo import DEMO_DOMAIN
from kommunenettverk.accounts.models import Role, User
from kommunenettverk.accounts.tests.test_permissions import ROWS, TABLE
from kommunenettverk.api.services import api_token_create
from tests.browser.pages import PAGES, resolve_args

PUBLIC, SIGNED_IN = "offentlig", "innlogget"
# The demo user who holds each role over the page index's example objects (Bodø, KS Nord-Norge).
ROLE_USERS = {
    Role.NATIONAL_COORDINATOR: "nasjonal",
    Role.REGIONAL_ADVISER: "radgiver.nord",
    Role.MUNICIPAL_COORDINATOR: "koordinator.bodo",
    Role.PARTICIPANT: "deltaker.bodo",
    Role.STATE_REPRESENTATIVE: "stat",
    Role.PARTNER: "partner",
}
WRITE_METHODS = ("post", "put", "patch", "delete")
# Every URL name of the site is in the page index (tests/test_page_index.py), so every write
# URL is tried here.
URL_NAMES = sorted({name.split("?")[0] for name in PAGES})


def _write_table() -> dict[str, str]:
    text = TABLE.read_text(encoding="utf-8").split("## Write URLs", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, str] = {}
    for line in text.splitlines():
        cells = [cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 2 and not set(cells[0]) <= {"-"}:
            rows[cells[0]] = cells[1]
    rows.pop("URL-navn", None)
    return rows


WRITES = _write_table()


def _is_api(name: str) -> bool:
    return name.startswith("api:")


def _url(name: str) -> str:
    spec = PAGES[name]
    return reverse(name, args=resolve_args(spec.args))


@pytest.fixture
def demo(demo_module: None, db: None) -> None:
    """The demo scenario (loaded once for the module, see tests/conftest.py)."""


def _post(name: str, url: str, method: str, user: User | None) -> HttpResponse:
    """One write attempt, rolled back so every role meets the same data."""
    data = PAGES[name].post
    with transaction.atomic():
        if _is_api(name):
            headers = {}
            if user is not None:
                _token, secret = api_token_create(user=user, name="Matrise")
                headers["Authorization"] = f"Bearer {secret}"
            client = Client(headers=headers)
            response: HttpResponse = getattr(client, method)(
                url, json.dumps(data), content_type="application/json"
            )
        else:
            client = Client()
            if user is not None:
                client.force_login(user)
            response = getattr(client, method)(url, data)
        transaction.set_rollback(True)
    return response


def _refused(response: HttpResponse, *, anonymous: bool, api: bool, hides: bool) -> bool:
    """403; for an anonymous visitor the login page (the API: 401); and where a rule guards
    objects that hide from those who may not see them (unpublished examples), 404."""
    if response.status_code == 403 or (hides and response.status_code == 404):
        return True
    if api:
        return anonymous and response.status_code == 401
    login = reverse(settings.LOGIN_URL)
    return anonymous and response.status_code == 302 and response["Location"].startswith(login)


def _write_methods(name: str, url: str, superuser: User) -> Iterator[str]:
    for method in WRITE_METHODS:
        if _post(name, url, method, superuser).status_code != 405:
            yield method


@pytest.mark.django_db
def test_every_write_url_is_in_the_table(demo: None) -> None:
    superuser = User.objects.create_superuser("super@example.org", "riktig-passord-123")
    found = {name for name in URL_NAMES if any(_write_methods(name, _url(name), superuser))}
    assert found - set(WRITES) == set(), "Add these write URLs to docs/permissions.md"
    assert set(WRITES) - found == set(), "These rows in docs/permissions.md accept no writes"


def test_every_rule_in_the_write_table_exists() -> None:
    unknown = {rule for rule in WRITES.values() if rule not in {PUBLIC, SIGNED_IN, *ROWS}}
    assert not unknown, f"Unknown rules in the write-URL table: {unknown}"
    assert all(re.fullmatch(r"[\w:]+", name) for name in WRITES)


def test_the_api_write_endpoints_are_in_the_table() -> None:
    """The API section of docs/permissions.md and the matrix agree on the token endpoints."""
    assert {name for name in WRITES if _is_api(name)} == {
        "api:measure_status_update",
        "api:value_list",  # the same URL as api:value_upload (GET lists, POST uploads)
        "api:value_upload",
        "api:value_upload_jsonstat",
        "api:value_upload_csv",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(WRITES))
def test_write_url_answers_each_role_as_the_table_says(name: str, demo: None) -> None:
    rule = WRITES[name]
    url = _url(name)
    superuser = User.objects.create_superuser("super@example.org", "riktig-passord-123")
    methods = list(_write_methods(name, url, superuser))
    if rule == PUBLIC:
        expected: dict[Role | None, bool] = dict.fromkeys([*ROLE_USERS, None], True)
    elif rule == SIGNED_IN:
        expected = {**dict.fromkeys(ROLE_USERS, True), None: False}
    else:
        expected = ROWS[rule][1]
    wrong: list[str] = []
    for method in methods:
        for role, allowed in expected.items():
            user = (
                None
                if role is None
                else User.objects.get(email=f"{ROLE_USERS[role]}@{DEMO_DOMAIN}")
            )
            response = _post(name, url, method, user)
            assert response.status_code < 500, f"{method.upper()} {url} as {role}: server error"
            refused = _refused(
                response,
                anonymous=user is None,
                api=_is_api(name),
                hides=rule not in (PUBLIC, SIGNED_IN),
            )
            if refused == allowed:
                who = "anonym" if role is None else role.label
                wrong.append(
                    f"{method.upper()} {url} as {who}: {response.status_code}, "
                    f"expected {'allowed' if allowed else 'refused'} ({rule})"
                )
    assert not wrong, "\n".join(wrong)
