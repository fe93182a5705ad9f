"""docs/permissions.md is the permission table; this test holds the code to it, cell by cell."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import rules.permissions
from conftest import MakeUser
from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from kommunenettverk.accounts.models import Role
from kommunenettverk.registry.models import Municipality

TABLE = Path(settings.BASE_DIR) / "docs" / "permissions.md"
COLUMNS = {
    "Nasjonal koordinator": Role.NATIONAL_COORDINATOR,
    "Regional rådgiver": Role.REGIONAL_ADVISER,
    "Kommunekoordinator": Role.MUNICIPAL_COORDINATOR,
    "Deltaker": Role.PARTICIPANT,
    "Statlig representant": Role.STATE_REPRESENTATIVE,
    "Partner": Role.PARTNER,
    "Anonym": None,
}


def _table() -> dict[str, tuple[str, dict[Role | None, bool]]]:
    lines = [
        line for line in TABLE.read_text(encoding="utf-8").splitlines() if line.startswith("|")
    ]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    rows: dict[str, tuple[str, dict[Role | None, bool]]] = {}
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rule = re.sub(r"`", "", cells[0])
        allowed = {
            COLUMNS[name]: cells[i] == "ja" for i, name in enumerate(header) if name in COLUMNS
        }
        rows[rule] = (cells[1], allowed)
    return rows


# What each "Gjelder" value means: the object to test, and a scope for each role that covers
# it (None = national). Later apps add their object kinds here.
ObjectMaker = Callable[[], tuple[Any, dict[Role, Any], dict[Role, Any]]]


def _municipality() -> tuple[Any, dict[Role, Any], dict[Role, Any]]:
    bodo = Municipality.objects.select_related("county__ks_region").get(number="1804")
    voss = Municipality.objects.select_related("county__ks_region").get(number="4621")
    covering = {
        Role.REGIONAL_ADVISER: bodo.county.ks_region,
        Role.MUNICIPAL_COORDINATOR: bodo,
        Role.PARTICIPANT: bodo,
    }
    elsewhere = {
        Role.REGIONAL_ADVISER: voss.county.ks_region,
        Role.MUNICIPAL_COORDINATOR: voss,
        Role.PARTICIPANT: voss,
    }
    return bodo, covering, elsewhere


def _example() -> tuple[Any, dict[Role, Any], dict[Role, Any]]:
    from kommunenettverk.ideabank.tests.factories import make_example

    bodo, covering, elsewhere = _municipality()
    return make_example(bodo, status="in_review"), covering, elsewhere


OBJECTS: dict[str, ObjectMaker] = {"kommune": _municipality, "eksempel": _example}
ROWS = _table()


def test_table_lists_every_rule_and_only_real_rules() -> None:
    registered = {name for name in rules.permissions.permissions if "." in name}
    assert set(ROWS) == registered


@pytest.mark.django_db
@pytest.mark.parametrize("rule", sorted(ROWS))
def test_rule_matches_table(rule: str, make_user: MakeUser) -> None:
    kind, allowed = ROWS[rule]
    obj, covering, elsewhere = OBJECTS[kind]()
    for role, expected in allowed.items():
        if role is None:
            assert rules.permissions.has_perm(rule, AnonymousUser(), obj) is False, (
                f"{rule}: anonym"
            )
            continue
        holder = make_user(role, covering.get(role))
        assert holder.has_perm(rule, obj) is expected, f"{rule}: {role.label}"
        if expected and role in elsewhere:
            outsider = make_user(role, elsewhere[role])
            assert outsider.has_perm(rule, obj) is False, f"{rule}: {role.label} elsewhere"
    nobody = make_user()
    assert nobody.has_perm(rule, obj) is False, f"{rule}: user without roles"
