from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from kommunenettverk.accounts.models import Role, RoleAssignment, User
from kommunenettverk.networks import dashboards, selectors, services
from kommunenettverk.networks.models import (
    AttendeeRole,
    DevelopmentProject,
    Gathering,
    NetworkMembership,
)
from kommunenettverk.networks.services import NetworkError
from kommunenettverk.networks.tests.factories import make_gathering, make_network, nord_network
from kommunenettverk.programmes.models import ParticipationStatus, Theme
from kommunenettverk.programmes.services import participation_set_status
from kommunenettverk.programmes.tests.factories import (
    make_participation,
    make_programme,
    municipalities,
)
from kommunenettverk.registry.models import KsRegion, Municipality

pytestmark = pytest.mark.django_db
R = AttendeeRole


def test_network_needs_the_programmes_minimum_number_of_themes(registry: None) -> None:
    programme = make_programme(min_themes=2)
    with pytest.raises(NetworkError, match="minst 2 temaer \\(valgt: 1\\)"):
        services.network_save(
            programme=programme,
            ks_region=KsRegion.objects.get(code="nord"),
            name="Salten",
            adviser=None,
            themes=list(programme.themes.all()[:1]),
            established_on=datetime.date(2007, 1, 1),
        )
    stranger = Theme.objects.create(name="Fremmed tema", slug="fremmed")
    with pytest.raises(NetworkError, match="«Fremmed tema» hører ikke til"):
        services.network_save(
            programme=programme,
            ks_region=KsRegion.objects.get(code="nord"),
            name="Salten",
            adviser=None,
            themes=[stranger, *programme.themes.all()],
            established_on=datetime.date(2007, 1, 1),
        )


def test_adviser_gets_the_adviser_role_over_the_network(registry: None) -> None:
    adviser = User.objects.create_user("radgiver@example.org")
    network = make_network(adviser=adviser)
    assignment = RoleAssignment.objects.get(user=adviser)
    assert assignment.role == Role.REGIONAL_ADVISER
    assert assignment.scope == network
    assert network.permission_scopes() == [network, network.ks_region]
    successor = User.objects.create_user("etterfolger@example.org")
    services.network_save(
        network=network,
        programme=network.programme,
        ks_region=network.ks_region,
        name=network.name,
        adviser=successor,
        themes=list(network.themes.all()),
        established_on=network.established_on,
    )
    assert list(RoleAssignment.objects.values_list("user__email", flat=True)) == [
        "etterfolger@example.org"
    ]


def test_size_rules_warn_below_and_refuse_above_the_range(registry: None) -> None:
    programme = make_programme(network_size_min=4, network_size_max=5)
    towns = municipalities("18", 6)
    network = make_network(programme, members=towns[:3])
    check = selectors.network_size_check(network)
    assert not check.ok
    assert check.message == "Nettverket har 3 medlemmer; programmet krever minst 4."
    for town in towns[3:5]:
        services.network_add_member(
            network=network, participation=make_participation(programme, town)
        )
    assert selectors.network_size_check(network).ok
    sixth = make_participation(programme, towns[5])
    with pytest.raises(NetworkError, match="har allerede 5 medlemmer, som er det høyeste"):
        services.network_add_member(network=network, participation=sixth)
    assert selectors.network_size_check(network).size == 5


def test_only_active_participations_of_the_programme_join_one_network(registry: None) -> None:
    programme = make_programme()
    a, b = municipalities("18", 2)
    network = make_network(programme, members=[a])
    other = make_network(programme, name="Andre")
    applied = make_participation(programme, b, active=False)
    with pytest.raises(NetworkError, match=r"Bare aktive deltakere.*«Søkt»"):
        services.network_add_member(network=network, participation=applied)
    member = NetworkMembership.objects.get(network=network).participation
    with pytest.raises(NetworkError, match="allerede med i nettverket Nettverk 1"):
        services.network_add_member(network=other, participation=member)
    foreign = make_participation(make_programme(), b)
    with pytest.raises(NetworkError, match="deltar ikke i Testprogram 1"):
        services.network_add_member(network=network, participation=foreign)


def test_database_allows_one_current_network_per_participation(registry: None) -> None:
    programme = make_programme()
    (a,) = municipalities("18", 1)
    network = make_network(programme, members=[a])
    participation = NetworkMembership.objects.get().participation
    with pytest.raises(IntegrityError), transaction.atomic():
        NetworkMembership.objects.create(
            network=network, participation=participation, joined_on=datetime.date(2008, 1, 1)
        )


def test_leaving_keeps_the_history_and_frees_the_participation(registry: None) -> None:
    programme = make_programme()
    (a,) = municipalities("18", 1)
    network = make_network(programme, members=[a])
    other = make_network(programme, name="Andre")
    membership = NetworkMembership.objects.get()
    services.network_remove_member(membership=membership, left_on=datetime.date(2008, 6, 1))
    services.network_add_member(
        network=other, participation=membership.participation, joined_on=datetime.date(2008, 6, 1)
    )
    assert selectors.membership_list(network, current_only=False).count() == 1
    assert selectors.membership_list(network).count() == 0
    assert dashboards.network_count_on(programme, datetime.date(2008, 1, 1)) == 1
    with pytest.raises(NetworkError, match="allerede gått ut"):
        services.network_remove_member(membership=membership)


def test_gatherings_are_numbered_and_invite_current_members(registry: None) -> None:
    network = nord_network(size=4)
    first = make_gathering(network)
    second = make_gathering(network, days=40)
    assert (first.number, second.number) == (1, 2)
    assert first.invitations.count() == 4
    start = timezone.now()
    with pytest.raises(NetworkError, match="Sluttidspunktet må være etter"):
        services.gathering_create(network=network, starts_at=start, ends_at=start, place="X")
    with pytest.raises(IntegrityError), transaction.atomic():
        Gathering.objects.create(
            network=network, number=1, starts_at=start, ends_at=start, place="X"
        )


def test_attendance_summary_shows_whether_all_three_roles_came(registry: None) -> None:
    network = nord_network(size=4)
    gathering = make_gathering(network)
    bodo, other = (m.participation for m in selectors.membership_list(network)[:2])
    regs = [
        services.gathering_register(
            gathering=gathering, user=None, participation=bodo, name=name, role=role
        )
        for name, role in (("Ola", R.ELECTED), ("Kari", R.MANAGER), ("Per", R.PROFESSIONAL))
    ]
    services.gathering_register(
        gathering=gathering, user=None, participation=other, name="Eva", role=R.ELECTED
    )
    rows = {row.participation.pk: row for row in selectors.attendance_summary(gathering)}
    assert rows[bodo.pk].has_all_roles
    assert not rows[other.pk].has_all_roles
    assert rows[other.pk].missing == ["Toppleder", "Fagperson"]
    # Attendance waits until the gathering has started.
    with pytest.raises(NetworkError, match="når samlingen har startet"):
        services.gathering_record_attendance(gathering=gathering, attended={regs[0].pk: True})
    assert not gathering.registrations.exclude(attended=None).exists()
    Gathering.objects.filter(pk=gathering.pk).update(starts_at=timezone.now())
    gathering.refresh_from_db()
    # Once attendance is recorded, only those who came count.
    services.gathering_record_attendance(
        gathering=gathering, attended={regs[0].pk: True, regs[1].pk: True, regs[2].pk: False}
    )
    rows = {row.participation.pk: row for row in selectors.attendance_summary(gathering)}
    assert not rows[bodo.pk].has_all_roles
    assert rows[bodo.pk].missing == ["Fagperson"]
    with pytest.raises(NetworkError, match="hører ikke til denne samlingen"):
        services.gathering_record_attendance(gathering=gathering, attended={999_999: True})


def test_network_summary_counts_gatherings_with_all_roles(registry: None) -> None:
    network = nord_network(size=4)
    gathering = make_gathering(network)
    bodo = selectors.membership_list(network)[0].participation
    for role in (R.ELECTED, R.MANAGER, R.PROFESSIONAL):
        services.gathering_register(
            gathering=gathering, user=None, participation=bodo, name=role, role=role
        )
    Gathering.objects.filter(pk=gathering.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=2),
        ends_at=timezone.now() - datetime.timedelta(days=1),
    )
    gatherings, rows = selectors.network_attendance_summary(network)
    assert [g.pk for g in gatherings] == [gathering.pk]
    by_pk = {row.participation.pk: row for row in rows}
    assert by_pk[bodo.pk].per_gathering == [True]
    assert sum(row.complete_count for row in rows) == 1


def test_registration_rules(registry: None) -> None:
    network = nord_network(size=4)
    gathering = make_gathering(network)
    bodo = selectors.membership_list(network)[0].participation
    user = User.objects.create_user("deltaker@example.org")
    services.gathering_register(
        gathering=gathering, user=user, participation=bodo, name="Dina", role=R.PROFESSIONAL
    )
    with pytest.raises(NetworkError, match="allerede påmeldt"):
        services.gathering_register(
            gathering=gathering, user=user, participation=bodo, name="Dina", role=R.OTHER
        )
    outsider = make_participation(network.programme, Municipality.objects.get(number="4621"))
    with pytest.raises(NetworkError, match="Voss er ikke invitert"):
        services.gathering_register(
            gathering=gathering, user=None, participation=outsider, name="X", role=R.OTHER
        )


def test_evaluation_only_by_registered_after_start_and_summarised(registry: None) -> None:
    network = nord_network(size=4)
    gathering = make_gathering(network)
    bodo = selectors.membership_list(network)[0].participation
    users = [User.objects.create_user(f"d{i}@example.org") for i in range(3)]
    for user in users[:2]:
        services.gathering_register(
            gathering=gathering, user=user, participation=bodo, name=user.email, role=R.OTHER
        )
    with pytest.raises(NetworkError, match="når den har startet"):
        services.evaluation_submit(
            gathering=gathering, user=users[0], usefulness=5, organisation=4, exchange=3
        )
    Gathering.objects.filter(pk=gathering.pk).update(starts_at=timezone.now())
    gathering.refresh_from_db()
    services.evaluation_submit(
        gathering=gathering, user=users[0], usefulness=5, organisation=4, exchange=3, comment="Bra"
    )
    services.evaluation_submit(
        gathering=gathering, user=users[1], usefulness=4, organisation=4, exchange=2
    )
    with pytest.raises(NetworkError, match="Bare de som var påmeldt"):
        services.evaluation_submit(
            gathering=gathering, user=users[2], usefulness=5, organisation=5, exchange=5
        )
    with pytest.raises(NetworkError, match="allerede evaluert"):
        services.evaluation_submit(
            gathering=gathering, user=users[0], usefulness=5, organisation=5, exchange=5
        )
    summary = selectors.evaluation_summary(gathering)
    assert (summary.count, summary.usefulness, summary.exchange) == (2, 4.5, 2.5)
    assert summary.comments == ["Bra"]
    assert selectors.evaluation_summary(make_gathering(network)).usefulness is None


def test_project_scopes_decide_the_municipalities(registry: None) -> None:
    network = nord_network(size=4)
    members = [m.participation for m in selectors.membership_list(network)]
    themes = list(network.programme.themes.all()[:1])
    Scope = DevelopmentProject.Scope
    whole = services.project_save(
        network=network,
        title="Felles klimaplan",
        scope=Scope.NETWORK,
        participations=[],
        themes=themes,
        goals="Felles mal",
    )
    assert whole.participations.count() == 4
    with pytest.raises(NetworkError, match="minst to kommuner"):
        services.project_save(
            network=network,
            title="X",
            scope=Scope.SOME,
            participations=members[:1],
            themes=themes,
            goals="",
        )
    with pytest.raises(NetworkError, match="nøyaktig én kommune"):
        services.project_save(
            network=network,
            title="X",
            scope=Scope.ONE,
            participations=members[:2],
            themes=themes,
            goals="",
        )
    outsider = make_participation(network.programme, Municipality.objects.get(number="4621"))
    with pytest.raises(NetworkError, match="Voss er ikke medlem av nettverket"):
        services.project_save(
            network=network,
            title="X",
            scope=Scope.ONE,
            participations=[outsider],
            themes=themes,
            goals="",
        )
    bodo_member = next(p for p in members if p.municipality.number == "1804")  # type: ignore[union-attr]
    one = services.project_save(
        network=network,
        title="Bodø sykkelby",
        scope=Scope.ONE,
        participations=[bodo_member],
        themes=themes,
        goals="Flere sykler",
    )
    milestone = services.milestone_add(
        project=one, title="Plan vedtatt", due_on=datetime.date(2008, 1, 1)
    )
    services.milestone_mark_done(milestone=milestone, done_on=datetime.date(2007, 12, 1))
    bodo = Municipality.objects.get(number="1804")
    assert {p.title for p in selectors.project_list(municipality=bodo)} == {
        "Felles klimaplan",
        "Bodø sykkelby",
    }


def test_paused_participation_leaves_its_network(registry: None) -> None:
    network = nord_network(size=4)
    participation = selectors.membership_list(network)[0].participation
    participation_set_status(participation=participation, status=ParticipationStatus.PAUSED)
    assert selectors.network_size_check(network).size == 3
