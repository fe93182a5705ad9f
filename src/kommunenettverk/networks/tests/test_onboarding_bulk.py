"""The onboarding import writes participations, memberships and outbox messages in bulk
(`participation_apply_many`, `network_add_members`, `message_queue_many`); here the same small
file goes through the one-at-a-time services too, and both leave the same rows: participations,
their themes, history (with the themes in it), status changes, notices, outbox messages,
memberships with their history, and the `participation_status_changed` signals."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from conftest import MakeUser
from django.db import transaction

from kommunenettverk.accounts.models import Role
from kommunenettverk.networks import onboarding as layout
from kommunenettverk.networks.models import Network, NetworkMembership
from kommunenettverk.networks.services.network import network_add_member, network_save
from kommunenettverk.networks.services.onboarding import onboarding_import
from kommunenettverk.networks.tests.test_onboarding import (
    csv_bytes,
    networks_rows,
    participations_rows,
    programme,  # noqa: F401 - the fixture
    xlsx,
)
from kommunenettverk.notifications.models import Message, Notice
from kommunenettverk.programmes.models import Participation, ParticipationStatusChange, Programme
from kommunenettverk.programmes.services import (
    Application,
    Refused,
    participation_apply,
    participation_apply_many,
    participation_approve,
)
from kommunenettverk.programmes.signals import participation_status_changed
from kommunenettverk.registry.models import County, KsRegion, Municipality

pytestmark = pytest.mark.django_db

THEMES = ["Klima og energi", "Arealpolitiske hensyn"]


def _snapshot() -> dict[str, Any]:
    """Every row the import writes for participations and memberships, without keys and
    timestamps (which differ between two runs by nature)."""
    key = {p.pk: p.key for p in Participation.objects.all()}
    history = Participation.history.model.objects.order_by("id", "history_id")
    themes_history = {
        record.history_id: sorted(t.theme.name for t in record.themes.all()) for record in history
    }
    return {
        "participations": sorted(
            (
                p.key,
                p.status,
                p.applied_on,
                p.approved_on,
                p.approved_by_id,
                p.decision_body,
                p.decision_case_ref,
                p.decision_pending,
                tuple(sorted(t.name for t in p.themes.all())),
            )
            for p in Participation.objects.all()
        ),
        "history": sorted(
            (
                key[r.id],
                [
                    (r2.history_type, r2.status, r2.approved_on, themes_history[r2.history_id])
                    for r2 in history
                    if r2.id == r.id
                ],
            )
            for r in {r.id: r for r in history}.values()
        ),
        "status_changes": sorted(
            (key[c.participation_id], c.status, c.changed_on, c.changed_by_id, c.note)
            for c in ParticipationStatusChange.objects.order_by("pk")
        ),
        "notices": sorted(
            (n.recipient_id, n.kind, n.text, n.link, n.email) for n in Notice.objects.all()
        ),
        "messages": sorted(
            (m.to, m.kind, re.sub(r"\d+", "N", m.key), m.subject, m.status)
            for m in Message.objects.all()
        ),
        "memberships": sorted(
            (m.network.name, key[m.participation_id], m.joined_on, m.left_on)
            for m in NetworkMembership.objects.select_related("network")
        ),
        "membership_history": sorted(
            (key[h.participation_id], h.history_type, h.joined_on)
            for h in NetworkMembership.history.all()
        ),
    }


def test_bulk_import_writes_the_same_rows_as_one_at_a_time(
    make_user: MakeUser,
    programme: Programme,  # noqa: F811 - the fixture imported above
) -> None:
    importer = make_user(Role.NATIONAL_COORDINATOR)
    # People who hear of the applications and decisions: another national coordinator (notice
    # and email at once), the region's adviser, and a coordinator of Bodø who has an account.
    make_user(Role.NATIONAL_COORDINATOR)
    make_user(Role.REGIONAL_ADVISER, KsRegion.objects.get(code="nord"))
    make_user(Role.MUNICIPAL_COORDINATOR, Municipality.objects.get(number="1804"))
    signals: list[tuple[str, str, str, datetime.date]] = []

    def heard(participation: Participation, old_status: str, new_status: str, **kw: Any) -> None:
        signals.append((participation.key, old_status, new_status, kw["on"]))

    participation_status_changed.connect(heard, dispatch_uid="test-bulk-heard")
    try:
        with transaction.atomic():
            onboarding_import(
                user=importer,
                participations=layout.read_table(
                    xlsx(participations_rows()), "d.xlsx", "participations"
                ),
                networks=layout.read_table(csv_bytes(networks_rows()), "n.csv", "networks"),
                preview=False,
            )
            bulk = _snapshot()
            bulk_signals = sorted(signals)
            transaction.set_rollback(True)
        signals.clear()
        assert Participation.objects.count() == 0  # the first run is gone

        # The same file, one row at a time through the single services.
        bodo, narvik = (Municipality.objects.get(number=n) for n in ("1804", "1806"))
        themes = list(programme.themes.filter(name__in=THEMES))
        one = participation_apply(
            programme=programme,
            municipality=bodo,
            themes=themes,
            user=importer,
            applied_on=datetime.date(2024, 2, 1),
            accepts_expectations=True,
            decision_body="Bystyret",
            decision_date=datetime.date(2024, 2, 15),
            decision_case_ref="2024/1187",
            decision_url="https://innsyn.example.no/sak/2024-1187",
        )
        one = participation_approve(participation=one, user=importer, on=datetime.date(2024, 3, 1))
        two = participation_apply(
            programme=programme,
            municipality=narvik,
            themes=themes,
            user=importer,
            applied_on=datetime.date(2024, 2, 3),
            accepts_expectations=True,
            decision_body="Kommunestyret",
            decision_date=datetime.date(2024, 1, 30),
            decision_case_ref="24/311",
            decision_url="https://innsyn.example.no/sak/24-311",
        )
        two = participation_approve(participation=two, user=importer, on=datetime.date(2024, 3, 1))
        participation_apply(
            programme=programme,
            county=County.objects.get(number="18"),
            themes=list(programme.themes.filter(slug="quality_of_life_health")),
            user=importer,
            applied_on=datetime.date(2024, 4, 2),
            accepts_expectations=True,
            decision_body="Fylkestinget",
            decision_date=datetime.date(2024, 3, 20),
            decision_case_ref="2024/55",
            decision_url="https://innsyn.example.no/sak/2024-55",
        )
        network = network_save(
            programme=programme,
            ks_region=KsRegion.objects.get(code="nord"),
            name="Salten og Ofoten",
            adviser=None,
            themes=themes,
            established_on=datetime.date(2024, 3, 15),
        )
        for participation in (one, two):
            network_add_member(
                network=network, participation=participation, joined_on=datetime.date(2024, 3, 15)
            )
        single = _snapshot()
    finally:
        participation_status_changed.disconnect(dispatch_uid="test-bulk-heard")
    # The contacts' and the adviser's roles and invitations are role_give_many's in both runs;
    # compare what the two paths write themselves.
    bulk["messages"] = [m for m in bulk["messages"] if m[1].startswith("notice:")]
    single["messages"] = [m for m in single["messages"] if m[1].startswith("notice:")]
    assert bulk == single
    assert (
        sorted(signals)
        == bulk_signals
        == [
            ("1804", "applied", "active", datetime.date(2024, 3, 1)),
            ("1806", "applied", "active", datetime.date(2024, 3, 1)),
        ]
    )
    # Something to compare: notices of the applications and of the decisions, and history
    # records that carry the themes.
    assert {n[1] for n in bulk["notices"]} == {"application_sent", "application_decided"}
    bodo_history = dict(bulk["history"])["1804"]
    assert [(h[0], h[1], h[3]) for h in bodo_history] == [
        ("+", "applied", []),
        ("~", "applied", sorted(THEMES)),
        ("~", "active", sorted(THEMES)),
    ]
    assert len(bulk["messages"]) == len(bulk["notices"]) > 0
    assert Network.objects.count() == 1


def test_bulk_apply_refuses_each_one_as_the_single_path_does(
    make_user: MakeUser,
    programme: Programme,  # noqa: F811 - the fixture imported above
) -> None:
    importer = make_user(Role.NATIONAL_COORDINATOR)
    programme.capacity = 2
    programme.save()
    bodo, narvik, rana = (Municipality.objects.get(number=n) for n in ("1804", "1806", "1833"))
    themes = list(programme.themes.filter(name__in=THEMES))
    decision = {
        "accepts_expectations": True,
        "decision_body": "Kommunestyret",
        "decision_date": datetime.date(2024, 1, 30),
        "decision_case_ref": "24/1",
        "decision_url": "https://innsyn.example.no/sak/24-1",
    }

    def application(m: Municipality, **changes: Any) -> Application:
        values: dict[str, Any] = {
            "programme": programme,
            "municipality": m,
            "county": None,
            "themes": themes,
            "applied_on": datetime.date(2024, 2, 1),
            "fields": decision,
            "approved_on": datetime.date(2024, 3, 1),
        }
        return Application(**(values | changes))

    outcomes = participation_apply_many(
        applications=[
            application(bodo, approved_on=datetime.date(2024, 1, 1)),  # before the application
            application(bodo),
            application(bodo),  # twice in the file
            application(narvik, fields={**decision, "decision_case_ref": ""}),  # no decision
            application(narvik),
            application(rana),  # the programme is full
        ],
        user=importer,
    )
    kinds = [
        type(o).__name__ if isinstance(o, Participation) else str(o.approval) for o in outcomes
    ]
    assert kinds == ["True", "Participation", "False", "False", "Participation", "False"]
    refused = [o for o in outcomes if isinstance(o, Refused)]
    assert "før forrige statusendring" in str(refused[0].error)
    assert "deltar allerede" in str(refused[1].error)
    assert "decision_case_ref" in refused[2].error.message_dict  # type: ignore[union-attr]
    assert "fullt" in str(refused[3].error)
    assert sorted(Participation.objects.values_list("municipality__number", "status")) == [
        ("1804", "active"),
        ("1806", "active"),
    ]
