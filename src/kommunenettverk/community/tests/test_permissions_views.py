"""The municipality's coordinator manages the citizen portal; every other role is refused (403) and
anonymous visitors are sent to the login page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import MakeUser
from django.test import Client
from django.urls import reverse

from kommunenettverk.accounts.models import Role, User
from kommunenettverk.community import services
from kommunenettverk.community.models import Activity, Citizen, Consultation, Partner, Proposal
from kommunenettverk.plans.models import Goal
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership_pk(bodo: Municipality, activity: Activity) -> int:
    partner = services.partner_save(
        name="GRIP", kind="partner", level=Partner.Level.NATIONAL, description="Innkjøp"
    )
    return services.partnership_save(
        municipality=bodo,
        fields={
            "partner": partner,
            "theme": "Innkjøp",
            "purpose": "P",
            "starts_on": activity.starts_at.date(),
            "contact": "K",
        },
    ).pk


@pytest.fixture
def pages(activity: Activity, consultation: Consultation, partnership_pk: int) -> list[str]:
    return [
        reverse("community:moderation", args=["1804"]),
        reverse("community:consultation_create", args=["1804"]),
        reverse("community:consultation_edit", args=[consultation.pk]),
        reverse("community:arena_create", args=["1804"]),
        reverse("community:arena_edit", args=[activity.arena_id]),
        reverse("community:activity_create", args=[activity.arena_id]),
        reverse("community:activity_edit", args=[activity.pk]),
        reverse("community:activity_sign_ups", args=[activity.pk]),
        reverse("community:partnership_create", args=["1804"]),
        reverse("community:partnership_edit", args=[partnership_pk]),
        reverse("community:partner_create", args=["1804"]),
    ]


OTHERS: list[tuple[Role | None, Callable[[Municipality, Municipality], object | None]]] = [
    (Role.MUNICIPAL_COORDINATOR, lambda bodo, voss: voss),  # another municipality
    (Role.REGIONAL_ADVISER, lambda bodo, voss: bodo.county.ks_region),
    (Role.NATIONAL_COORDINATOR, lambda bodo, voss: None),
    (Role.PARTICIPANT, lambda bodo, voss: bodo),
    (Role.STATE_REPRESENTATIVE, lambda bodo, voss: None),
    (Role.PARTNER, lambda bodo, voss: None),
    (None, lambda bodo, voss: None),  # signed in, no role
]


def test_coordinator_reaches_every_management_page(
    client: Client, coordinator: User, pages: list[str]
) -> None:
    client.force_login(coordinator)
    for url in pages:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(("role", "scope"), OTHERS)
def test_other_roles_are_refused(
    client: Client,
    make_user: MakeUser,
    bodo: Municipality,
    voss: Municipality,
    pages: list[str],
    role: Role | None,
    scope: Callable[[Municipality, Municipality], object | None],
) -> None:
    client.force_login(make_user(role, scope(bodo, voss)))
    for url in pages:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Bare kommunens koordinator" in response.text, url


def test_anonymous_visitors_are_sent_to_login(client: Client, pages: list[str]) -> None:
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url


def test_moderation_actions_are_refused_for_other_coordinators(
    client: Client, make_user: MakeUser, voss: Municipality, citizen: Citizen, goal: Goal
) -> None:
    proposal = services.proposal_submit(
        citizen=citizen, target=goal, kind="proposal", title="T", text="Tekst"
    )
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, voss))
    for name, data in [
        ("community:proposal_approve", {}),
        ("community:proposal_reject", {"reason": "Nei"}),
        ("community:proposal_answer", {"answer": "Svar"}),
    ]:
        assert client.post(reverse(name, args=[proposal.pk]), data).status_code == 403
    proposal.refresh_from_db()
    assert (proposal.status, proposal.answer) == (Proposal.Status.PENDING, "")


def test_other_coordinator_cannot_change_an_activity(
    client: Client, make_user: MakeUser, voss: Municipality, activity: Activity
) -> None:
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, voss))
    response = client.post(
        reverse("community:activity_edit", args=[activity.pk]),
        {
            "title": "Kapret",
            "starts_at": "2030-01-01T10:00",
            "duration_hours": "1",
            "place": "X",
            "capacity": "9",
        },
    )
    assert response.status_code == 403
    activity.refresh_from_db()
    assert activity.title == "Stirydding"
