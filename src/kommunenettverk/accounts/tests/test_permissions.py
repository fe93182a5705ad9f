"""docs/permissions.md is the permission table; this test holds the code to it, cell by cell."""

from __future__ import annotations

import datetime
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
    lines: list[str] = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.startswith("|"):
            lines.append(line)
        elif lines:
            break  # only the first table: the rules (the write-URL table follows it)
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


def _activity() -> tuple[Any, dict[Role, Any], dict[Role, Any]]:
    """A volunteer activity in Bodø (community); roles reach it through its municipality."""
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from kommunenettverk.community.models import Activity, VolunteerArena

    bodo, covering, elsewhere = _municipality()
    arena = VolunteerArena.objects.create(municipality=bodo, name="Arena", description="Test")
    activity = Activity.objects.create(
        arena=arena,
        title="Aktivitet",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        duration_hours=Decimal("2"),
        place="Sted",
        capacity=5,
    )
    return activity, covering, elsewhere


def _partner() -> tuple[Any, dict[Role, Any], dict[Role, Any]]:
    """A regional partner of the directory in KS Nord-Norge (community): reached through its
    KS region only."""
    from kommunenettverk.community.models import Partner
    from kommunenettverk.community.services import partner_save
    from kommunenettverk.registry.models import KsRegion

    bodo, _covering, _elsewhere = _municipality()
    partner = partner_save(
        name="Statsforvalteren (test)",
        kind="county_governor",
        level=Partner.Level.REGIONAL,
        region=bodo.county.ks_region,
        description="Test",
    )
    vest = KsRegion.objects.get(code="vest")
    covering = {Role.REGIONAL_ADVISER: bodo.county.ks_region, Role.MUNICIPAL_COORDINATOR: bodo}
    elsewhere = {Role.REGIONAL_ADVISER: vest}
    return partner, covering, elsewhere


def _policy_input() -> tuple[Any, dict[Role, Any], dict[Role, Any]]:
    """A submitted policy input from Bodø to a ministry (policy). The state representative
    reaches it through the addressed ministry; one for another ministry does not."""
    from kommunenettverk.accounts.models import Organisation
    from kommunenettverk.policy.models import PolicyInput

    bodo, covering, elsewhere = _municipality()
    ministry = Organisation.objects.create(name="Et departement", kind="ministry")
    other = Organisation.objects.create(name="Et annet departement", kind="ministry")
    policy_input = PolicyInput.objects.create(
        municipality=bodo,
        title="Innspill",
        problem="Problem",
        proposal="Forslag",
        addressee=ministry,
        status=PolicyInput.Status.SUBMITTED,
        submitted_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC),
    )
    covering[Role.STATE_REPRESENTATIVE], elsewhere[Role.STATE_REPRESENTATIVE] = ministry, other
    return policy_input, covering, elsewhere


def _country() -> tuple[Any, dict[Role, Any], dict[Role, Any]]:
    """Rules checked without an object (national data): every role is tried nationally."""
    return None, {}, {}


def _import_job() -> tuple[Any, dict[Role, Any], dict[Role, Any]]:
    """An indicator import job uploaded by someone else (the uploader's own right to undo is
    tested in indicators/tests/test_recipes_and_templates.py); roles are tried nationally."""
    from kommunenettverk.indicators.models import ImportJob

    return ImportJob.objects.create(filename="v.csv", data=b"", options={}), {}, {}


def _anywhere() -> tuple[Any, dict[Role, Any], dict[Role, Any]]:
    """Rules checked without an object where a role held over any scope counts (e.g. a
    regional adviser anywhere may start a network)."""
    _bodo, covering, _elsewhere = _municipality()
    return None, covering, {}


def _theme() -> tuple[Any, dict[Role, Any], dict[Role, Any]]:
    from kommunenettverk.programmes.models import Theme

    return Theme.objects.create(name="Klima og energi (test)", slug="klima-test"), {}, {}


def _programme() -> tuple[Any, dict[Role, Any], dict[Role, Any]]:
    """A programme is national: the adviser is tried with the role over a KS region (the only
    way advisers hold it), the other roles nationally."""
    from kommunenettverk.programmes.tests.factories import make_programme

    bodo, _covering, _elsewhere = _municipality()
    return make_programme(), {Role.REGIONAL_ADVISER: bodo.county.ks_region}, {}


def _participation() -> tuple[Any, dict[Role, Any], dict[Role, Any]]:
    from kommunenettverk.programmes.tests.factories import make_participation, make_programme

    bodo, covering, elsewhere = _municipality()
    return make_participation(make_programme(), bodo), covering, elsewhere


def _network_object(kind: str) -> tuple[Any, dict[Role, Any], dict[Role, Any]]:
    """A network with Bodø as a member (and its gathering or project); the adviser role is
    held over the network itself, the municipal roles over Bodø."""
    from kommunenettverk.networks.models import DevelopmentProject
    from kommunenettverk.networks.services import project_save
    from kommunenettverk.networks.tests.factories import make_gathering, make_network, nord_network

    network = nord_network(size=4)
    other = make_network(network.programme, name="Et annet nettverk")
    _bodo, covering, elsewhere = _municipality()
    covering[Role.REGIONAL_ADVISER], elsewhere[Role.REGIONAL_ADVISER] = network, other
    obj: Any = network
    if kind == "samling":
        obj = make_gathering(network)
    elif kind == "prosjekt":
        obj = project_save(
            network=network,
            title="Felles prosjekt",
            scope=DevelopmentProject.Scope.NETWORK,
            participations=[],
            themes=[],
            goals="Felles mål",
        )
    return obj, covering, elsewhere


def _thread() -> tuple[Any, dict[Role, Any], dict[Role, Any]]:
    """A question in a network with Bodø as a member, asked for Bodø by someone without a
    role in the table (the asker's own rights are tried in discussions/tests)."""
    from kommunenettverk.accounts.models import User
    from kommunenettverk.discussions.models import Thread

    network, covering, elsewhere = _network_object("nettverk")
    asker = User.objects.create_user("spor@example.org", "riktig-passord-123")
    bodo = Municipality.objects.get(number="1804")
    thread = Thread.objects.create(
        network=network, title="Spørsmål", body="Tekst", author=asker, municipality=bodo
    )
    return thread, covering, elsewhere


def _report_job() -> tuple[Any, dict[Role, Any], dict[Role, Any]]:
    """A report job ordered by someone without a role: only a role held nationally reaches it
    (its creator is tried in reports/tests)."""
    from kommunenettverk.accounts.models import User
    from kommunenettverk.reports.models import ReportJob

    creator = User.objects.create_user("bestiller@example.org", "riktig-passord-123")
    job = ReportJob.objects.create(
        kind=ReportJob.Kind.NATIONAL, fmt=ReportJob.Format.XLSX, title="Rapport", created_by=creator
    )
    return job, {}, {}


def _notice() -> tuple[Any, dict[Role, Any], dict[Role, Any]]:
    """Someone else's notice: only its recipient may mark it read, so every role is refused."""
    from kommunenettverk.accounts.models import User
    from kommunenettverk.notifications.models import Notice

    recipient = User.objects.create_user("mottaker@example.org", "riktig-passord-123")
    return Notice.objects.create(recipient=recipient, kind="general", text="Hei", link="/"), {}, {}


OBJECTS: dict[str, ObjectMaker] = {
    "kommune": _municipality,
    "tema": _theme,
    "program": _programme,
    "deltakelse": _participation,
    "nettverk": lambda: _network_object("nettverk"),
    "samling": lambda: _network_object("samling"),
    "prosjekt": lambda: _network_object("prosjekt"),
    "landet": _country,
    "importjobben": _import_job,
    "hvor som helst": _anywhere,
    "aktivitet": _activity,
    "eksempel": _example,
    "ressursmiljø": _partner,
    "innspill": _policy_input,
    "rapportjobb": _report_job,
    "tråd": _thread,
    "varsel": _notice,
}
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
