"""Delegations: a coordinator registers several people in roles, changes and cancels them
until the deadline; capacity and waiting list; another municipality's coordinator is refused;
invitations follow membership."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kommunenettverk.accounts.models import Role, User
from kommunenettverk.accounts.services import role_assign
from kommunenettverk.networks import selectors, services
from kommunenettverk.networks.models import Gathering, Network, Registration
from kommunenettverk.networks.services import NetworkError
from kommunenettverk.networks.tests.factories import make_gathering, nord_network
from kommunenettverk.notifications.tests.outbox import delivered
from kommunenettverk.programmes.models import Participation
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db
S = Registration.Status


def _coordinator(number: str, email: str) -> User:
    user = User.objects.create_user(email)
    role_assign(
        user=user, role=Role.MUNICIPAL_COORDINATOR, scope=Municipality.objects.get(number=number)
    )
    return user


def _setup() -> tuple[Network, Gathering, Participation, User]:
    network = nord_network(size=4)
    gathering = make_gathering(network)
    bodo = Participation.objects.get(municipality__number="1804")
    return network, gathering, bodo, _coordinator("1804", "k@bodo.kommune.no")


def test_coordinator_registers_three_roles_through_the_page_and_one_cancels(
    registry: None,
) -> None:
    network, gathering, bodo, coordinator = _setup()
    client = Client()
    client.force_login(coordinator)
    url = reverse("networks:gathering_register", args=[network.slug, gathering.number])
    for name, role in (
        ("Ida Ordfører", "elected"),
        ("Per Rådmann", "manager"),
        ("Kim Fag", "professional"),
    ):
        response = client.post(
            url,
            {"participation": bodo.pk, "name": name, "role": role, "dietary_needs": "Vegetar"},
        )
        assert response.status_code == 302, response.content.decode()
    assert gathering.registrations.filter(status=S.CONFIRMED).count() == 3
    assert not gathering.registrations.exclude(user=None).exists()  # none is the coordinator
    row = next(r for r in selectors.attendance_summary(gathering) if r.participation == bodo)
    assert row.has_all_roles
    page = client.get(url).content.decode()
    assert "Per Rådmann" in page and "Vegetar" in page
    per = gathering.registrations.get(name="Per Rådmann")
    cancel = reverse("networks:registration_cancel", args=[network.slug, 1, per.pk])
    assert "Trekk påmeldingen" in client.get(cancel).content.decode()  # asks first
    assert client.post(cancel).status_code == 302
    per.refresh_from_db()
    assert per.status == S.CANCELLED and per.cancelled_at is not None
    row = next(r for r in selectors.attendance_summary(gathering) if r.participation == bodo)
    assert row.missing == ["Toppleder"]
    edit = reverse("networks:registration_edit", args=[network.slug, 1, per.pk - 1])
    response = client.post(edit, {"name": "Ida Ordfører", "role": "elected", "email": "ida@x.no"})
    assert response.status_code == 302
    assert gathering.registrations.get(name="Ida Ordfører").email == "ida@x.no"


def test_another_municipalitys_coordinator_cannot_change_the_delegation(registry: None) -> None:
    network, gathering, bodo, coordinator = _setup()
    member = services.registration_add(
        gathering=gathering, by=coordinator, participation=bodo, name="Ida", role="elected"
    )
    other = Participation.objects.exclude(pk=bodo.pk).filter(memberships__network=network)[0]
    stranger = _coordinator(other.municipality.number, "k@annen.kommune.no")  # type: ignore[union-attr]
    client = Client()
    client.force_login(stranger)
    for name in ("registration_edit", "registration_cancel"):
        url = reverse(f"networks:{name}", args=[network.slug, 1, member.pk])
        assert client.post(url, {"name": "X", "role": "other"}).status_code == 403
    member.refresh_from_db()
    assert (member.name, member.status) == ("Ida", S.CONFIRMED)
    # Nor register someone into Bodø's delegation.
    url = reverse("networks:gathering_register", args=[network.slug, 1])
    client.post(url, {"participation": bodo.pk, "name": "Y", "role": "other"})
    assert not gathering.registrations.filter(name="Y").exists()


def test_capacity_puts_people_on_a_waiting_list_that_moves_up(registry: None) -> None:
    _network, gathering, bodo, coordinator = _setup()
    gathering.capacity = 1
    gathering.save()
    first = services.registration_add(
        gathering=gathering, by=coordinator, participation=bodo, name="A", role="elected"
    )
    second = services.registration_add(
        gathering=gathering, by=coordinator, participation=bodo, name="B", role="manager"
    )
    assert (first.status, second.status) == (S.CONFIRMED, S.WAITING)
    assert services.registration_cancel(registration=first) == second
    second.refresh_from_db()
    assert second.status == S.CONFIRMED


def test_nothing_changes_after_the_deadline(registry: None) -> None:
    _network, gathering, bodo, coordinator = _setup()
    member = services.registration_add(
        gathering=gathering, by=coordinator, participation=bodo, name="A", role="elected"
    )
    gathering.registration_deadline = timezone.now() - datetime.timedelta(minutes=1)
    gathering.save()
    member.refresh_from_db()
    with pytest.raises(NetworkError, match="fristen"):
        services.registration_add(
            gathering=gathering, by=coordinator, participation=bodo, name="B", role="elected"
        )
    with pytest.raises(NetworkError, match="fristen"):
        services.registration_cancel(registration=member)
    with pytest.raises(NetworkError, match="fristen"):
        services.registration_update(registration=member, name="C", role="other")


def test_leaving_uninvites_and_cancels_joining_invites(registry: None) -> None:
    network, gathering, bodo, coordinator = _setup()
    member = services.registration_add(
        gathering=gathering,
        by=coordinator,
        participation=bodo,
        name="A",
        role="elected",
        email="a@bodo.kommune.no",
    )
    membership = bodo.memberships.get(left_on=None)
    services.network_remove_member(membership=membership)
    member.refresh_from_db()
    assert member.status == S.CANCELLED
    told = [m for m in delivered() if m.to == ["a@bodo.kommune.no"]]
    assert len(told) == 1 and "er avlyst" in told[0].body
    assert not gathering.invitations.filter(participation=bodo).exists()
    services.network_add_member(network=network, participation=bodo)
    assert gathering.invitations.filter(participation=bodo, emailed_at=None).exists()


def test_the_adviser_sets_deadline_and_capacity_on_the_edit_page(registry: None) -> None:
    adviser = User.objects.create_user("radgiver@ks.no")
    network = nord_network(size=4, adviser=adviser)
    gathering = make_gathering(network)
    client = Client()
    client.force_login(adviser)
    url = reverse("networks:gathering_edit", args=[network.slug, 1])
    start = timezone.localtime(gathering.starts_at)
    data = {
        "title": "Samling",
        "date": start.date().isoformat(),
        "start": "10:00",
        "end": "15:00",
        "place": "Bodø",
        "capacity": "12",
    }
    late = {**data, "deadline": (start.date() + datetime.timedelta(days=1)).isoformat()}
    response = client.post(url, late)
    assert response.status_code == 200
    assert "kan ikke være etter" in response.content.decode()
    deadline = start.date() - datetime.timedelta(days=2)
    response = client.post(url, {**data, "deadline": deadline.isoformat()})
    assert response.status_code == 302
    gathering.refresh_from_db()
    assert gathering.capacity == 12
    assert timezone.localtime(gathering.registration_deadline).date() == (
        deadline + datetime.timedelta(days=1)
    )
    page = client.get(url).content.decode()
    assert f'value="{deadline.isoformat()}"' in page  # shown as the last day
