"""Dialogue forums with the state: a gathering of its own kind with state bodies, outcomes and
follow-up actions; only the network's adviser (or the national coordinator) records them."""

from __future__ import annotations

import datetime

import pytest
from conftest import MakeUser
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kommunenettverk.accounts.models import Organisation, Role, User
from kommunenettverk.networks import services
from kommunenettverk.networks.models import FollowUpAction, Gathering
from kommunenettverk.networks.tests.factories import make_gathering, nord_network
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def adviser(make_user: MakeUser) -> User:
    return make_user()


@pytest.fixture
def forum(adviser: User, registry: None) -> Gathering:
    return make_gathering(nord_network(adviser=adviser), days=-30)


@pytest.fixture
def bodies(db: None) -> dict[str, Organisation]:
    return {
        "ministry": Organisation.objects.create(
            name="Klima- og miljødepartementet", kind=Organisation.Kind.MINISTRY
        ),
        "directorate": Organisation.objects.create(
            name="Miljødirektoratet", kind=Organisation.Kind.DIRECTORATE
        ),
    }


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(name: str, gathering: Gathering, *extra: int) -> str:
    return reverse(name, args=[gathering.network.slug, gathering.number, *extra])


def test_adviser_records_state_bodies(
    adviser: User, forum: Gathering, bodies: dict[str, Organisation]
) -> None:
    response = _client(adviser).post(
        _url("networks:gathering_dialogue", forum),
        {
            "dialog-kind": "dialogue_forum",
            "dialog-state_bodies_invited": [bodies["ministry"].pk],
            "dialog-state_bodies_present": [bodies["directorate"].pk],
        },
    )
    assert response.status_code == 302
    forum.refresh_from_db()
    assert forum.kind == Gathering.Kind.DIALOGUE_FORUM
    # A body that was present was invited too.
    assert set(forum.state_bodies_invited.all()) == set(bodies.values())
    assert list(forum.state_bodies_present.all()) == [bodies["directorate"]]
    page = _client(adviser).get(forum.get_absolute_url()).content.decode()
    assert "Dialogforum med staten" in page
    assert "Miljødirektoratet" in page


def test_a_plain_gathering_with_state_bodies_is_refused(
    adviser: User, forum: Gathering, bodies: dict[str, Organisation]
) -> None:
    response = _client(adviser).post(
        _url("networks:gathering_dialogue", forum),
        {"dialog-kind": "gathering", "dialog-state_bodies_invited": [bodies["ministry"].pk]},
        follow=True,
    )
    assert "Velg dialogforum eller konsultasjon" in response.content.decode()
    assert not forum.state_bodies_invited.exists()


def test_follow_up_needs_an_owner(adviser: User, forum: Gathering) -> None:
    response = _client(adviser).post(
        _url("networks:follow_up_add", forum),
        {"followup-text": "Sende innspill", "followup-deadline": "2030-01-01"},
        follow=True,
    )
    assert "Oppgi hvem som er ansvarlig" in response.content.decode()
    assert not FollowUpAction.objects.exists()
    with pytest.raises(services.NetworkError):
        services.follow_up_add(
            gathering=forum, text="x", deadline=datetime.date(2030, 1, 1), owner_name=" "
        )


def test_overdue_follow_ups_are_flagged_on_the_network_page(
    adviser: User, forum: Gathering, bodies: dict[str, Organisation]
) -> None:
    today = timezone.localdate()
    client = _client(adviser)
    client.post(
        _url("networks:follow_up_add", forum),
        {
            "followup-text": "Forfalt punkt",
            "followup-owner_name": "Kari Rådgiver",
            "followup-deadline": (today - datetime.timedelta(days=3)).isoformat(),
        },
    )
    services.follow_up_add(
        gathering=forum,
        text="Kommende punkt",
        owner_organisation=bodies["directorate"],
        deadline=today + datetime.timedelta(days=3),
    )
    overdue = FollowUpAction.objects.get(text="Forfalt punkt")
    assert (
        overdue.is_overdue() and not FollowUpAction.objects.get(text="Kommende punkt").is_overdue()
    )
    page = client.get(forum.network.get_absolute_url()).content.decode()
    assert "Oppfølgingspunkter" in page
    assert page.count("Forfalt</span>") == 1
    assert "Miljødirektoratet" in page and "Kari Rådgiver" in page
    client.post(_url("networks:follow_up_status", forum, overdue.pk), {"done": "1"})
    overdue.refresh_from_db()
    assert overdue.status == "done" and overdue.done_on == today
    page = client.get(forum.network.get_absolute_url()).content.decode()
    assert "Forfalt</span>" not in page


def test_other_roles_cannot_record_a_dialogue_forum(
    make_user: MakeUser, forum: Gathering, bodies: dict[str, Organisation]
) -> None:
    bodo = Municipality.objects.get(number="1804")
    action = services.follow_up_add(
        gathering=forum, text="Punkt", owner_name="Kari", deadline=datetime.date(2030, 1, 1)
    )
    others = [
        make_user(Role.MUNICIPAL_COORDINATOR, bodo),
        make_user(Role.PARTICIPANT, bodo),
        make_user(Role.STATE_REPRESENTATIVE),
        make_user(Role.PARTNER),
        make_user(),
    ]
    colleague = make_user()
    nord_network(adviser=colleague)
    for user in [*others, colleague]:
        client = _client(user)
        for url in (
            _url("networks:gathering_dialogue", forum),
            _url("networks:follow_up_add", forum),
            _url("networks:follow_up_status", forum, action.pk),
        ):
            response = client.post(
                url,
                {
                    "dialog-kind": "dialogue_forum",
                    "followup-text": "x",
                    "followup-owner_name": "y",
                    "followup-deadline": "2030-01-01",
                },
            )
            assert response.status_code == 403, (user, url)
    forum.refresh_from_db()
    assert forum.kind == Gathering.Kind.GATHERING
    assert FollowUpAction.objects.get().status == "open"
    assert FollowUpAction.objects.count() == 1
