"""A participation that stops leaves its network; gathering invitations are emailed once."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kommunenettverk.accounts.demo import DEMO_DOMAIN, demo_accounts_load
from kommunenettverk.accounts.models import Role, User
from kommunenettverk.accounts.services import role_assign
from kommunenettverk.networks import selectors, services
from kommunenettverk.networks.demo import demo_networks_load
from kommunenettverk.networks.models import Gathering, Invitation, NetworkMembership
from kommunenettverk.networks.tests.factories import make_gathering, nord_network
from kommunenettverk.programmes.models import Participation, ParticipationStatus
from kommunenettverk.programmes.services import participation_set_status
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db
S = ParticipationStatus
Capture = Callable[..., Any]


@pytest.mark.parametrize("status", [S.PAUSED, S.WITHDRAWN, S.COMPLETED])
def test_stopping_a_participation_ends_its_membership_on_that_date(
    registry: None, status: str
) -> None:
    network = nord_network(size=4)
    membership = selectors.membership_list(network)[0]
    on = datetime.date(2008, 3, 1)
    participation_set_status(participation=membership.participation, status=status, on=on)
    membership.refresh_from_db()
    assert membership.left_on == on
    former = selectors.membership_list(network, current_only=False).exclude(left_on=None)
    assert [m.pk for m in former] == [membership.pk]


def test_a_change_dated_before_joining_leaves_on_the_joining_day(registry: None) -> None:
    network = nord_network(size=4)
    membership = selectors.membership_list(network)[0]  # joined 1.5.2007
    participation_set_status(
        participation=membership.participation, status=S.WITHDRAWN, on=datetime.date(2007, 4, 1)
    )
    membership.refresh_from_db()
    assert membership.left_on == membership.joined_on


def test_reactivating_does_not_rejoin(registry: None) -> None:
    network = nord_network(size=4)
    participation = selectors.membership_list(network)[0].participation
    participation_set_status(participation=participation, status=S.PAUSED)
    participation_set_status(participation=participation, status=S.ACTIVE)
    assert not NetworkMembership.objects.filter(
        participation=participation, left_on__isnull=True
    ).exists()
    # The adviser adds it again, as a new membership.
    services.network_add_member(network=network, participation=participation)
    assert participation.memberships.count() == 2


def test_a_refused_status_change_leaves_the_membership(registry: None) -> None:
    network = nord_network(size=4)
    membership = selectors.membership_list(network)[0]
    participation_set_status(participation=membership.participation, status=S.COMPLETED)
    with pytest.raises(Exception, match="kan ikke settes til"):
        participation_set_status(participation=membership.participation, status=S.PAUSED)
    assert NetworkMembership.objects.filter(network=network, left_on=None).count() == 3


def _coordinator(number: str, email: str) -> User:
    user = User.objects.create_user(email)
    role_assign(
        user=user, role=Role.MUNICIPAL_COORDINATOR, scope=Municipality.objects.get(number=number)
    )
    return user


def test_invitations_are_emailed_to_coordinators_and_contacts_once(
    registry: None, django_capture_on_commit_callbacks: Capture
) -> None:
    network = nord_network(size=4)
    _coordinator("1804", "koordinator@bodo.kommune.no")
    inactive = _coordinator("1804", "sluttet@bodo.kommune.no")
    inactive.is_active = False
    inactive.save()
    bodo = Participation.objects.get(municipality__number="1804")
    bodo.contact_professional = "Miljørådgiver Berg <berg@bodo.kommune.no>"
    bodo.save()
    with django_capture_on_commit_callbacks(execute=True):
        gathering = make_gathering(network)
    # Only Bodø has anyone with an address; the others are marked, with nobody to tell. One
    # message per recipient, each from its own outbox row.
    assert [m.to for m in mail.outbox] == [
        ["koordinator@bodo.kommune.no"],
        ["berg@bodo.kommune.no"],
    ]
    message = mail.outbox[0]
    assert message.subject.startswith(f"Invitasjon: samling 1 i {network.name}, ")
    assert "Bodø er invitert til samling 1" in message.body
    assert "Sted: Bodø rådhus" in message.body
    assert gathering.get_absolute_url() in message.body
    register = reverse("networks:gathering_register", args=[network.slug, 1])
    assert register in message.body
    (name, content, mimetype) = message.attachments[0]
    assert name == "samling-1.ics" and mimetype == "text/calendar"
    assert "LOCATION:Bodø rådhus" in content
    assert not Invitation.objects.filter(gathering=gathering, emailed_at=None).exists()
    # Sending again (or inviting again) sends nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.gathering_invitations_email(gathering=gathering) == 0
        services.gathering_invite(gathering=gathering)
    assert len(mail.outbox) == 2


def test_a_member_who_joins_later_is_invited_and_emailed(
    registry: None, django_capture_on_commit_callbacks: Capture
) -> None:
    network = nord_network(size=4)
    with django_capture_on_commit_callbacks(execute=True):
        gathering = make_gathering(network)
    assert mail.outbox == []
    membership = selectors.membership_list(network)[0]
    participation_set_status(participation=membership.participation, status=S.PAUSED)
    participation_set_status(participation=membership.participation, status=S.ACTIVE)
    membership.participation.contact_elected = "ordforer@bodo.kommune.no"
    membership.participation.save()
    # Leaving uninvited it; joining again invites it anew, not yet emailed.
    assert not gathering.invitations.filter(participation=membership.participation).exists()
    services.network_add_member(network=network, participation=membership.participation)
    invitation = gathering.invitations.get(participation=membership.participation)
    assert invitation.emailed_at is None
    with django_capture_on_commit_callbacks(execute=True):
        assert services.gathering_invite(gathering=gathering) == 0  # invited on joining
    assert [m.to for m in mail.outbox] == [["ordforer@bodo.kommune.no"]]


@pytest.fixture
def demo(registry: None) -> None:
    demo_accounts_load()
    demo_networks_load(full=False)


def _login(client: Client, local: str) -> Client:
    client.force_login(User.objects.get(email=f"{local}@{DEMO_DOMAIN}"))
    return client


def test_withdrawn_participation_shows_as_former_member_on_the_network_page(
    client: Client, demo: None
) -> None:
    network_slug = "helse-og-miljo-salten"
    membership = NetworkMembership.objects.get(
        network__slug=network_slug, participation__municipality__number="1804", left_on=None
    )
    url = reverse(
        "programmes:participation_status",
        args=[membership.participation.programme.slug, "1804"],
    )
    today = timezone.localdate()
    assert _login(Client(), "koordinator.bodo").post(url).status_code == 403
    _login(client, "radgiver.nord")
    client.post(
        url, {"status": S.WITHDRAWN, "on": today.isoformat(), "note": "Vedtak", "confirmed": "1"}
    )
    membership.refresh_from_db()
    assert membership.left_on == today
    page = client.get(reverse("networks:network_detail", args=[network_slug])).text
    former = page.split("Tidligere medlemmer", 1)[1]
    assert "Bodø" in former and today.strftime("%-d.%-m.%Y") in former and "Trukket" in former


def test_gathering_invite_action_for_the_adviser_only(
    client: Client, demo: None, django_capture_on_commit_callbacks: Capture
) -> None:
    gathering = Gathering.objects.filter(
        network__slug="helse-og-miljo-salten", starts_at__gt=timezone.now()
    ).first()
    assert gathering is not None
    url = reverse("networks:gathering_invite", args=["helse-og-miljo-salten", gathering.number])
    for refused in ("koordinator.bodo", "deltaker.bodo", "radgiver.vest", "stat", "partner"):
        assert _login(Client(), refused).post(url).status_code == 403, refused
    Invitation.objects.filter(gathering=gathering).update(emailed_at=None)
    _login(client, "radgiver.nord")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "Invitasjoner som ikke er sendt, sendes på e-post." in response.text
    addresses = {address for message in mail.outbox for address in message.to}
    assert f"koordinator.bodo@{DEMO_DOMAIN}" in addresses
    assert not Invitation.objects.filter(gathering=gathering, emailed_at=None).exists()
