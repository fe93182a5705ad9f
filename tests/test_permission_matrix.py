"""Every write URL, tried as every role and anonymously, against docs/permissions.md.

Write URLs are found, not listed: every URL name in the page index is posted to by a superuser,
and whatever does not answer 405 accepts writes. Each must have a row in the "Write URLs" table
of docs/permissions.md naming the rule that guards it; the rule's row in the first table says
which roles may. Other apps join by adding their row to that table.
"""

from __future__ import annotations

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


def _write_table() -> dict[str, str]:
    text = TABLE.read_text(encoding="utf-8").split("## Write URLs", 1)[1]
    rows: dict[str, str] = {}
    for line in text.splitlines():
        cells = [cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 2 and not set(cells[0]) <= {"-"}:
            rows[cells[0]] = cells[1]
    rows.pop("URL-navn", None)
    return rows


WRITES = _write_table()
# The apps whose every write URL the matrix covers. The later apps (programmes, networks, plans,
# indicators, ideabank, dialogue, api tokens) prove their refusals in their own view tests and
# join the matrix by adding their write URLs to the table and their namespace here
# (TODO: issue 9). Write URLs of other namespaces listed in the table are covered one by one.
COVERED = {"", "web", "registry", "accounts", "policy_input"}
URL_NAMES = sorted(
    {
        name.split("?")[0]
        for name in PAGES
        if (name.split("?")[0].split(":")[0] if ":" in name else "") in COVERED
        or name.split("?")[0] in WRITES
    }
)


def _url(name: str) -> str:
    spec = PAGES[name]
    return reverse(name, args=resolve_args(spec.args))


@pytest.fixture
def demo(demo_module: None, db: None) -> None:
    """The demo scenario (loaded once for the module, see tests/conftest.py)."""


def _post(url: str, method: str, user: User | None) -> HttpResponse:
    """One write attempt, rolled back so every role meets the same data."""
    with transaction.atomic():
        client = Client()
        if user is not None:
            client.force_login(user)
        response: HttpResponse = getattr(client, method)(url)
        transaction.set_rollback(True)
    return response


def _refused(response: HttpResponse, anonymous: bool) -> bool:
    if response.status_code == 403:
        return True
    login = reverse(settings.LOGIN_URL)
    return anonymous and response.status_code == 302 and response["Location"].startswith(login)


def _write_methods(url: str, superuser: User) -> Iterator[str]:
    for method in WRITE_METHODS:
        if _post(url, method, superuser).status_code != 405:
            yield method


@pytest.mark.django_db
def test_every_write_url_is_in_the_table(demo: None) -> None:
    superuser = User.objects.create_superuser("super@example.org", "riktig-passord-123")
    found = {name for name in URL_NAMES if any(_write_methods(_url(name), superuser))}
    assert found - set(WRITES) == set(), "Add these write URLs to docs/permissions.md"
    assert set(WRITES) - found == set(), "These rows in docs/permissions.md accept no writes"


def test_every_rule_in_the_write_table_exists() -> None:
    unknown = {rule for rule in WRITES.values() if rule not in {PUBLIC, SIGNED_IN, *ROWS}}
    assert not unknown, f"Unknown rules in the write-URL table: {unknown}"
    assert all(re.fullmatch(r"[\w:]+", name) for name in WRITES)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(WRITES))
def test_write_url_answers_each_role_as_the_table_says(name: str, demo: None) -> None:
    rule = WRITES[name]
    url = _url(name)
    superuser = User.objects.create_superuser("super@example.org", "riktig-passord-123")
    methods = list(_write_methods(url, superuser))
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
            response = _post(url, method, user)
            assert response.status_code < 500, f"{method.upper()} {url} as {role}: server error"
            refused = _refused(response, anonymous=user is None)
            if refused == allowed:
                who = "anonym" if role is None else role.label
                wrong.append(
                    f"{method.upper()} {url} as {who}: {response.status_code}, "
                    f"expected {'allowed' if allowed else 'refused'} ({rule})"
                )
    assert not wrong, "\n".join(wrong)
